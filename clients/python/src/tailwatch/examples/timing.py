"""Paired timing of training arms (probe off, probe on, ...) in one process, as the Java
``bench/trainer-overhead.sh`` does: every arm trains its own copy of the same seeded network on the same
minibatch sequence; arms take turns round by round (in a rotating order) so machine load hits all alike;
each round's step time is compared with the ``off`` arm's of the same round, and the median of those
paired ratios is the overhead."""
from __future__ import annotations

import statistics
import time

import torch


class Arm:
    def __init__(self, name, model, opt, monitor, x, y, batch, seed, loss_fn):
        self.name, self.model, self.opt, self.monitor = name, model, opt, monitor
        self.x, self.y, self.batch, self.loss_fn = x, y, batch, loss_fn
        self.gen = torch.Generator(device="cpu").manual_seed(seed)
        self.wall, self.cpu, self.thread = [], [], []
        self.iterations = 0

    def steps(self, n, device):
        x, y = self.x, self.y
        sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
        idx = [torch.randint(0, len(y), (self.batch,), generator=self.gen).to(device) for _ in range(n)]
        sync()
        t0, c0, th0 = time.perf_counter(), time.process_time(), time.thread_time()
        for i in idx:
            self.opt.zero_grad()
            loss = self.loss_fn(self.model(x[i]), y[i])
            loss.backward()
            self.opt.step()
            if self.monitor is not None:
                self.monitor.step(loss)
        sync()
        self.iterations += n
        return time.perf_counter() - t0, time.process_time() - c0, time.thread_time() - th0


def run_paired(arms, device, rounds, warmup_rounds, steps_per_round, log=print):
    """Runs the rounds; returns {arm: summary} with per-step milliseconds and the median paired ratio to
    the first arm (the baseline)."""
    n = len(arms)
    for r in range(warmup_rounds + rounds):
        order = [arms[(r + k) % n] for k in range(n)]
        for arm in order:
            wall, cpu, thread = arm.steps(steps_per_round, device)
            if r >= warmup_rounds:
                arm.wall.append(wall / steps_per_round)
                arm.cpu.append(cpu / steps_per_round)
                arm.thread.append(thread / steps_per_round)
        if r >= warmup_rounds:
            log(f"round {r - warmup_rounds + 1}/{rounds}: " + ", ".join(
                f"{a.name} {a.wall[-1] * 1e3:.3f} ms" for a in arms))
    base = arms[0]
    out = {}
    for arm in arms:
        ratios = [w / b for w, b in zip(arm.wall, base.wall)]
        out[arm.name] = {
            "ms_per_step_median": statistics.median(arm.wall) * 1e3,
            "ms_per_step_mean": statistics.fmean(arm.wall) * 1e3,
            "median_paired_ratio": statistics.median(ratios),
            "paired_ratios": ratios,
            "process_cpu_ms_per_step": statistics.fmean(arm.cpu) * 1e3,
            "thread_cpu_ms_per_step": statistics.fmean(arm.thread) * 1e3,
            "iterations": arm.iterations,
        }
    return out


def table(summary, baseline="off"):
    lines = ["| arm | ms/step (median) | median paired ratio vs " + baseline + " | process CPU ms/step | training thread CPU ms/step |",
             "|---|---|---|---|---|"]
    for name, s in summary.items():
        lines.append(f"| {name} | {s['ms_per_step_median']:.3f} | {s['median_paired_ratio']:.3f} "
                     f"({(s['median_paired_ratio'] - 1) * 100:+.1f} %) | {s['process_cpu_ms_per_step']:.3f} | "
                     f"{s['thread_cpu_ms_per_step']:.3f} |")
    return "\n".join(lines)
