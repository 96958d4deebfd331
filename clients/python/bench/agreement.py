#!/usr/bin/env python3
"""Probe agreement for the PyTorch client, as bench/probe-agreement.sh measures it for the DL4J trainer
(docs/ACCURACY.md): one seeded training run watched by the window probe (default) and the exact probe side
by side — neither touches the trajectory (tested) — each written offline to its own export folder and
analysed by `tailwatch replay --input` (the processors' own analysis, live defaults). At every exact
checkpoint from iteration 200 on, per layer and network-wide, the window probe's latest rolling α at or
before it is compared with the exact probe's: Δ = α_window − α_exact, z = Δ / √(se² + se_exact²).

    /usr/bin/python3 clients/python/bench/agreement.py [--iterations 1000] [--batch 64] [--lr 0.1] [--seed 3]
"""
from __future__ import annotations

import argparse
import csv
import math
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(HERE.parent / "src"))

import torch  # noqa: E402

from tailwatch import Monitor  # noqa: E402
from tailwatch.examples.common import find_digits, load_digits, mlp, split  # noqa: E402


def replay(jar, export: Path, report: Path):
    subprocess.run(["java", "-Xmx512m", "-jar", str(jar), "replay", "--input", str(export), "--out", str(report)],
                   check=True, capture_output=True)
    with open(report / "alpha.csv", newline="") as f:
        return [r for r in csv.DictReader(f) if r["scope"] == "rolling"]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--iterations", type=int, default=1000)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--from-iteration", type=int, default=200)
    p.add_argument("--jar", default=str(REPO / "cli" / "target" / "tailwatch.jar"))
    p.add_argument("--out", help="keep the exports and reports here (default: a temporary folder)")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    out = Path(args.out or tempfile.mkdtemp(prefix="tw-agreement-"))
    (x, y), _ = split(*load_digits(find_digits()), seed=args.seed)
    model = mlp()
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    loss_fn = torch.nn.functional.cross_entropy
    g = torch.Generator().manual_seed(args.seed + 2)
    pidx = torch.randperm(len(y), generator=g)[:8 * args.batch]
    probe_data = [(x[pidx[i * args.batch:(i + 1) * args.batch]], y[pidx[i * args.batch:(i + 1) * args.batch]])
                  for i in range(8)]
    monitors = {name: Monitor(model, f"agreement-{name}", out=out / name, probe=name, seed=args.seed,
                              batch_size=args.batch, optimizer=opt, probe_data=probe_data, loss_fn=loss_fn,
                              gradient_norm=False) for name in ("window", "exact")}
    batches = torch.Generator().manual_seed(args.seed + 1)
    for _ in range(args.iterations):
        i = torch.randint(0, len(y), (args.batch,), generator=batches)
        opt.zero_grad()
        loss = loss_fn(model(x[i]), y[i])
        loss.backward()
        opt.step()
        for m in monitors.values():
            m.step(loss)
    for m in monitors.values():
        m.close()
    series = {name: replay(args.jar, out / name, out / f"report-{name}") for name in monitors}
    exact = [r for r in series["exact"] if int(r["iteration"]) >= args.from_iteration]
    by_layer = {}
    for r in series["window"]:
        by_layer.setdefault(r["layer"], []).append(r)
    rows = {}
    for e in exact:
        candidates = [w for w in by_layer.get(e["layer"], []) if int(w["iteration"]) <= int(e["iteration"])]
        if not candidates:
            continue
        w = max(candidates, key=lambda r: int(r["iteration"]))
        d = float(w["alpha"]) - float(e["alpha"])
        z = d / math.hypot(float(w["stderr"]), float(e["stderr"]))
        rows.setdefault(e["layer"], []).append((d, z, float(e["alpha"]), float(w["alpha"])))
    print(f"FCN 784-128-128-10, batch {args.batch}, lr {args.lr}, seed {args.seed}, {args.iterations} iterations, "
          f"torch {torch.__version__}; window (every 20, m = 8) vs exact (every 20, m = 8 fixed minibatches), "
          f"1,000 tracked coordinates per layer; rolling α (window 50) at the exact checkpoints from iteration "
          f"{args.from_iteration}\n")
    print("| layer | checkpoints | exact α (mean) | window α (mean) | mean Δ | worst Δ | mean z | points outside max(0.05, 2 se) |")
    print("|---|---|---|---|---|---|---|---|")
    for layer in sorted(rows, key=lambda l: (l == "all", l)):
        r = rows[layer]
        outside = sum(1 for d, z, _, _ in r if abs(d) > 0.05 and abs(z) > 2)
        worst = max(r, key=lambda t: abs(t[0]))[0]
        print(f"| {layer} | {len(r)} | {statistics.fmean(t[2] for t in r):.3f} | {statistics.fmean(t[3] for t in r):.3f} | "
              f"{statistics.fmean(t[0] for t in r):+.3f} | {worst:+.3f} | {statistics.fmean(t[1] for t in r):+.2f} | "
              f"{outside} |")
    print(f"\nexports and reports: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
