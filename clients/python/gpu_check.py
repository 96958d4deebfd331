#!/usr/bin/env python3
"""GPU check of the PyTorch client, in one go, on a machine with torch + CUDA and no Kafka client or network:

    python3 clients/python/gpu_check.py --out OUT                # on the GPU machine
    python3 clients/python/gpu_check.py --out OUT --device cpu   # the same on a CPU (to try it out)

A small CNN trains on the shipped MNIST digits on the device, in paired arms — probe off, window (the
default), exact, ema — each a fresh copy of the same seeded network on the same minibatches, arms taking
turns round by round. Every probe arm runs in offline mode and writes its export folder; the script
writes to OUT:

    OUT/export-window/, OUT/export-exact/, OUT/export-ema/   (the `tailwatch export` layout)
    OUT/timings.json, OUT/timings.md                        (step times, paired ratios vs off)
    OUT/environment.json                                   (device, torch, CUDA, Python)

Back on a machine with Java: `tailwatch replay --input OUT/export-window --out report-window` (or
`tailwatch import --bootstrap B --input OUT/export-window` for live processors).

Offline mode needs Apache Avro for Python (pure Python). Where it is not installed, run
``clients/python/gpu-check-prepare.sh`` first on a machine that has Debian's python3-avro: it copies it to
``clients/python/.vendor/`` (an ignored folder; the device tool carries it with
``carry=["clients/python/.vendor"]``), which this script puts on its path.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "src"))
if (HERE / ".vendor").is_dir():
    sys.path.append(str(HERE / ".vendor"))

import torch  # noqa: E402

from tailwatch import Monitor  # noqa: E402
from tailwatch.examples.common import SmallCNN, find_digits, load_digits, split  # noqa: E402
from tailwatch.examples.timing import Arm, run_paired, table  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, help="output folder (created; must not hold earlier exports)")
    p.add_argument("--device", default="cuda", help="cuda (default) or cpu")
    p.add_argument("--probes", default="window,exact,ema", help="probe arms beside 'off' (default %(default)s)")
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--warmup-rounds", type=int, default=2)
    p.add_argument("--steps-per-round", type=int, default=100)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--filters", type=int, default=16)
    p.add_argument("--coords", type=int, default=1000)
    p.add_argument("--every", type=int, default=20)
    p.add_argument("--probe-batches", type=int, default=8)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads (default %(default)s)")
    p.add_argument("--data", help="MNIST IDX folder (default: the digits shipped in the repository)")
    args = p.parse_args(argv)

    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        print("gpu_check: no CUDA device here; use --device cpu to try the script on a CPU", file=sys.stderr)
        return 2
    torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    env = {"device": str(device), "device_name": torch.cuda.get_device_name(device) if device.type == "cuda" else
           platform.processor() or platform.machine(), "torch": torch.__version__,
           "cuda": torch.version.cuda, "python": sys.version.split()[0], "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "args": vars(args)}
    (out / "environment.json").write_text(json.dumps(env, indent=2))
    print(f"gpu_check: {env['device_name']} ({device}), torch {env['torch']}, CUDA {env['cuda']}", flush=True)

    (x, y), _ = split(*load_digits(find_digits(args.data)), seed=args.seed)
    x, y = x.to(device), y.to(device)
    loss_fn = torch.nn.functional.cross_entropy
    g = torch.Generator(device="cpu").manual_seed(args.seed + 2)
    pidx = torch.randperm(len(y), generator=g)[:args.probe_batches * args.batch].to(device)
    probe_data = [(x[pidx[i * args.batch:(i + 1) * args.batch]], y[pidx[i * args.batch:(i + 1) * args.batch]])
                  for i in range(args.probe_batches)]
    total = (args.rounds + args.warmup_rounds) * args.steps_per_round

    arms = []
    for name in ["off"] + [s for s in args.probes.split(",") if s]:
        torch.manual_seed(args.seed)
        model = SmallCNN(args.filters).to(device)
        opt = torch.optim.SGD(model.parameters(), lr=args.lr)
        monitor = None
        if name != "off":
            monitor = Monitor(model, f"gpu-check-{name}", out=out / f"export-{name}", probe=name, every=args.every,
                              probe_batches=args.probe_batches, coords=args.coords, seed=args.seed,
                              batch_size=args.batch, optimizer=opt, probe_data=probe_data, loss_fn=loss_fn,
                              iterations=total, dataset="mnist (shipped t10k digits)",
                              model_description=f"cnn filters={args.filters}, "
                                                f"{sum(p.numel() for p in model.parameters())} parameters",
                              hyperparameters={"lr": args.lr, "device": env["device_name"]})
        arms.append(Arm(name, model, opt, monitor, x, y, args.batch, args.seed + 1, loss_fn))

    summary = run_paired(arms, device, args.rounds, args.warmup_rounds, args.steps_per_round,
                         log=lambda s: print(s, flush=True))
    for arm in arms:
        if arm.monitor is not None:
            stats = arm.monitor.close()
            summary[arm.name]["export"] = f"export-{arm.name}"
            summary[arm.name]["records_written"] = stats.published
            summary[arm.name]["records_dropped"] = stats.dropped
            summary[arm.name]["probe"] = arm.monitor.probe_config()["description"]
    (out / "timings.json").write_text(json.dumps({"environment": env, "arms": summary}, indent=2))
    md = (f"{env['device_name']} ({device}), torch {env['torch']}, CUDA {env['cuda']}; CNN filters={args.filters}, "
          f"batch {args.batch}; {args.rounds} rounds x {args.steps_per_round} steps per arm after "
          f"{args.warmup_rounds} warm-up rounds\n\n" + table(summary) + "\n")
    (out / "timings.md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
