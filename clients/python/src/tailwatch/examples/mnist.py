"""Trains a small network on the MNIST digits shipped in the repository and publishes it to tailwatch.

    python3 -m tailwatch.examples.mnist --bootstrap 127.0.0.1:9092 --run torch-1 --iterations 1000
    python3 -m tailwatch.examples.mnist --out export-torch-1 --run torch-1      # offline: an export folder

(From the repository without installing: ``PYTHONPATH=clients/python/src``.) Plain SGD, like the DL4J
trainer; the three tailwatch lines are marked.
"""
from __future__ import annotations

import argparse
import sys
import time

import torch

import tailwatch
from tailwatch.examples.common import SmallCNN, accuracy, find_digits, load_digits, mlp, split


def parse(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m tailwatch.examples.mnist", description=__doc__.split("\n\n")[0])
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--bootstrap", metavar="B", help="Kafka bootstrap servers")
    where.add_argument("--out", metavar="DIR", help="offline: write an export folder (tailwatch import / replay --input)")
    p.add_argument("--run", required=True, metavar="ID", help="run id")
    p.add_argument("--iterations", type=int, default=1000, metavar="N", help="SGD steps (default %(default)s)")
    p.add_argument("--model", choices=["fcn", "cnn"], default="fcn", help="784-128-128-10 FCN or a small CNN")
    p.add_argument("--batch", type=int, default=64, help="minibatch size (default %(default)s)")
    p.add_argument("--lr", type=float, default=0.1, help="SGD learning rate (default %(default)s)")
    p.add_argument("--probe", choices=["window", "exact", "ema", "off"], default=tailwatch.DEFAULT_PROBE,
                   help="gradient-noise probe (default %(default)s)")
    p.add_argument("--every", type=int, default=20, help="a noise sample every N iterations (default %(default)s)")
    p.add_argument("--probe-batches", type=int, default=8, help="rows m of a sample (default %(default)s)")
    p.add_argument("--coords", type=int, default=1000, help="tracked coordinates per layer (default %(default)s)")
    p.add_argument("--eval-every", type=int, default=50, help="test accuracy every E iterations (default %(default)s)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--data", metavar="DIR", help="MNIST IDX folder (default: the digits shipped in the repository)")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads (default %(default)s)")
    p.add_argument("--journal", metavar="DIR", help="spill journal (default ~/.tailwatch/journal/RUN)")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    device = torch.device(args.device)
    digits = find_digits(args.data)
    (x, y), (tx, ty) = split(*load_digits(digits), seed=args.seed)
    x, y, tx, ty = x.to(device), y.to(device), tx.to(device), ty.to(device)
    model = (mlp() if args.model == "fcn" else SmallCNN()).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    loss_fn = torch.nn.functional.cross_entropy
    g = torch.Generator(device="cpu").manual_seed(args.seed + 2)
    probe_idx = torch.randperm(len(y), generator=g)[:args.probe_batches * args.batch].to(device)
    probe_data = [(x[probe_idx[i * args.batch:(i + 1) * args.batch]], y[probe_idx[i * args.batch:(i + 1) * args.batch]])
                  for i in range(args.probe_batches)]

    # tailwatch, line 1 of 3: watch the model.
    monitor = tailwatch.Monitor(
        model, args.run, bootstrap=args.bootstrap, out=args.out, probe=args.probe, every=args.every,
        probe_batches=args.probe_batches, coords=args.coords, seed=args.seed, batch_size=args.batch, optimizer=opt,
        probe_data=probe_data, loss_fn=loss_fn, iterations=args.iterations, journal=args.journal,
        dataset=f"mnist:{digits}", hyperparameters={"lr": args.lr, "optimizer": "sgd", "seed": args.seed,
                                                   "model": args.model, "device": str(device)})
    print(f"run {args.run}: {args.model} on {device}, {len(y)} training digits, probe {args.probe}, "
          f"{len(monitor.layers)} layers ({', '.join(l.name for l in monitor.layers)}) -> "
          f"{args.bootstrap or args.out}", flush=True)
    batches = torch.Generator(device="cpu").manual_seed(args.seed + 1)
    started = time.perf_counter()
    test_acc = float("nan")
    try:
        for it in range(args.iterations):
            i = torch.randint(0, len(y), (args.batch,), generator=batches).to(device)
            opt.zero_grad()
            loss = loss_fn(model(x[i]), y[i])
            loss.backward()
            opt.step()
            acc = None
            if it % args.eval_every == 0 or it == args.iterations - 1:
                acc = test_acc = accuracy(model, tx, ty)
            # tailwatch, line 2 of 3: after optimizer.step(), before the next zero_grad().
            monitor.step(loss, test_accuracy=acc)
            if (it + 1) % 100 == 0 or it == args.iterations - 1:
                rate = (it + 1) / (time.perf_counter() - started)
                print(f"iteration {it + 1}/{args.iterations}  loss {loss.item():.4f}  test accuracy {test_acc:.3f}  "
                      f"{rate:.0f} it/s", flush=True)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    finally:
        # tailwatch, line 3 of 3: final RunInfo and flush (what the broker has not taken stays in the journal).
        stats = monitor.close()
    print(f"published {stats.published}, spilled to the journal {stats.spilled}, re-sent {stats.resent}, "
          f"dropped {stats.dropped}, left unsent {stats.pending}")
    if args.out:
        print(f"report: tailwatch replay --input {args.out} --out report-{args.run}")
        print(f"to a broker: tailwatch import --bootstrap B --input {args.out}")
    else:
        print(f"report: tailwatch replay --bootstrap {args.bootstrap} --run {args.run} --out report-{args.run}")
    return 0 if stats.pending == 0 and stats.dropped == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
