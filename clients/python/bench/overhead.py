#!/usr/bin/env python3
"""What monitoring costs a PyTorch training step on the CPU: the window probe (default) with publishing
to a real broker, against the probe off, measured paired in one run (like bench/trainer-overhead.sh).

    /usr/bin/python3 clients/python/bench/overhead.py [--bootstrap B] [--rounds 24] [--steps-per-round 200]

784-256-256-10 MLP, batch 128, plain SGD on the shipped digits, one torch thread. Arms: off; window with
its records discarded (the probe alone); window + publishing (default); ema + publishing; exact +
publishing. Without --bootstrap a broker is started as `tailwatch broker` in its own JVM (cli/target/
tailwatch.jar, as a user runs one beside training). Prints a Markdown table and the median paired ratio.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(HERE.parent / "src"))

import torch  # noqa: E402

from tailwatch import Monitor  # noqa: E402
from tailwatch.examples.common import find_digits, load_digits, mlp, split  # noqa: E402
from tailwatch.examples.timing import Arm, run_paired, table  # noqa: E402


class Discard:
    def offer(self, topic, key, value):
        pass

    def close(self, timeout):
        return None


def start_broker(jar: Path, folder: Path):
    env = dict(os.environ, OMP_NUM_THREADS="1")
    proc = subprocess.Popen(["java", "-Xmx512m", "-jar", str(jar), "broker", "--port", "0", "--data-dir",
                             str(folder), "--partitions", "1"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=env, text=True)
    line = proc.stdout.readline()
    if not line.startswith("bootstrap:"):
        proc.kill()
        raise SystemExit(f"overhead: the broker did not start ({line!r})")
    return proc, line.split(":", 1)[1].strip()


def monitor_cpu(bootstrap, x, y, loss_fn, folder: Path, steps: int, pace_s: float = 0.002) -> float:
    """Process CPU seconds per Monitor.step (window probe, publishing to the broker) on fixed gradients:
    what monitoring costs whatever the step costs, less exposed to the machine's load than wall time.
    Steps are paced (a sleep of ``pace_s`` stands for the training work, which costs no CPU here) so
    records flow at a training run's rate, not as fast as a bare loop can queue them."""
    torch.manual_seed(1)
    model = mlp((784, 256, 256, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    loss = loss_fn(model(x[:128]), y[:128])
    loss.backward()
    monitor = Monitor(model, f"overhead-cost-{uuid.uuid4().hex[:6]}", bootstrap=bootstrap, batch_size=128, probe="window",
                      optimizer=opt, journal=folder / f"journal-cost-{uuid.uuid4().hex[:6]}")
    for _ in range(200):  # warm up: producer connected, code paths taken
        monitor.step(loss)
    time.sleep(0.5)
    c0 = time.process_time()
    for _ in range(steps):  # the pacing alone, to subtract (a sleep costs CPU too)
        time.sleep(pace_s)
    c1 = time.process_time()
    for _ in range(steps):
        monitor.step(loss)
        time.sleep(pace_s)
    stats = monitor.close(timeout=60)  # the sender's encoding and sending of these steps is counted too
    cpu = (time.process_time() - c1) - (c1 - c0)
    assert stats.pending == 0, stats
    return cpu / steps


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bootstrap", help="an existing broker (default: start one)")
    p.add_argument("--jar", default=str(REPO / "cli" / "target" / "tailwatch.jar"))
    p.add_argument("--rounds", type=int, default=24)
    p.add_argument("--warmup-rounds", type=int, default=2)
    p.add_argument("--steps-per-round", type=int, default=200)
    p.add_argument("--arms", default="window-discarded,window,ema,exact")
    p.add_argument("--cost-steps", type=int, default=5000, help="Monitor.step calls timed alone (default %(default)s)")
    p.add_argument("--cost-only", action="store_true", help="only the CPU of Monitor.step alone")
    p.add_argument("--json", help="also write the summary here")
    args = p.parse_args(argv)
    torch.set_num_threads(1)

    broker, tmp = None, None
    bootstrap = args.bootstrap
    if bootstrap is None:
        tmp = Path(tempfile.mkdtemp(prefix="tw-overhead-"))
        broker, bootstrap = start_broker(Path(args.jar), tmp / "kafka")
    try:
        (x, y), _ = split(*load_digits(find_digits()), seed=1)
        loss_fn = torch.nn.functional.cross_entropy
        batch = 128
        g = torch.Generator().manual_seed(3)
        pidx = torch.randperm(len(y), generator=g)[:8 * batch]
        probe_data = [(x[pidx[i * batch:(i + 1) * batch]], y[pidx[i * batch:(i + 1) * batch]]) for i in range(8)]
        total = (args.rounds + args.warmup_rounds) * args.steps_per_round
        arms = []
        for name in ["off"] + [a for a in args.arms.split(",") if a]:
            torch.manual_seed(1)
            model = mlp((784, 256, 256, 10))
            opt = torch.optim.SGD(model.parameters(), lr=0.05)
            monitor = None
            if name != "off":
                probe = name.split("-")[0]
                target = ({"publisher": Discard()} if name.endswith("-discarded") else
                          {"bootstrap": bootstrap, "journal": (tmp or Path(tempfile.gettempdir())) / f"journal-{name}-{uuid.uuid4().hex[:6]}"})
                monitor = Monitor(model, f"overhead-{name}-{uuid.uuid4().hex[:6]}", probe=probe, batch_size=batch,
                                  optimizer=opt, probe_data=probe_data, loss_fn=loss_fn, iterations=total, **target)
            arms.append(Arm(name, model, opt, monitor, x, y, batch, 2, loss_fn))
        if args.cost_only:
            print(f"CPU of monitoring alone: {monitor_cpu(bootstrap, x, y, loss_fn, tmp or Path(tempfile.gettempdir()), args.cost_steps) * 1e6:.1f} us per step")
            return 0
        summary = run_paired(arms, torch.device("cpu"), args.rounds, args.warmup_rounds, args.steps_per_round,
                             log=lambda s: print(s, file=sys.stderr, flush=True))
        for arm in arms:
            if arm.monitor is not None:
                stats = arm.monitor.close(timeout=60)
                if stats is not None:
                    summary[arm.name]["published"] = stats.published
                    summary[arm.name]["unsent"] = stats.pending
        cost = monitor_cpu(bootstrap, x, y, loss_fn, tmp or Path(tempfile.gettempdir()), args.cost_steps)
        load = os.getloadavg()
        print(f"784-256-256-10 MLP, batch 128, torch {torch.__version__} (1 thread), {args.rounds} rounds x "
              f"{args.steps_per_round} steps per arm after {args.warmup_rounds} warm-up rounds; broker "
              f"{'given' if args.bootstrap else 'in its own JVM'}; load average at the end {load[0]:.1f}, "
              f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
        print(table(summary))
        print(f"\nCPU of monitoring alone (Monitor.step with the window probe, publishing; {args.cost_steps} steps on fixed "
              f"gradients, every thread of the process incl. the sender and librdkafka): {cost * 1e6:.1f} us per step "
              f"= {cost / (summary['off']['process_cpu_ms_per_step'] / 1e3) * 100:.2f} % of the off arm's CPU per step")
        summary["monitor_cpu_us_per_step"] = cost * 1e6
        w = summary.get("window")
        if w:
            print(f"\nwindow probe + publishing: median paired ratio {w['median_paired_ratio']:.3f} "
                  f"({(w['median_paired_ratio'] - 1) * 100:+.1f} % of step time)")
        if args.json:
            Path(args.json).write_text(json.dumps(summary, indent=2))
    finally:
        if broker is not None:
            broker.terminate()
            broker.wait(60)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
