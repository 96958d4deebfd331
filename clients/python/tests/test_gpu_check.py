"""The GPU check script, run on the CPU with a flag: its export folders replay, its timings are written."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

from conftest import REPO, cli, require

require("torch")
require("avro")


def test_gpu_check_runs_on_the_cpu_and_its_exports_replay(tmp_path, jar):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, str(REPO / "clients" / "python" / "gpu_check.py"), "--out", str(out),
                           "--device", "cpu", "--rounds", "2", "--warmup-rounds", "0", "--steps-per-round", "8",
                           "--every", "4", "--probe-batches", "2", "--filters", "4", "--coords", "200"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    timings = json.loads((out / "timings.json").read_text())
    assert list(timings["arms"]) == ["off", "window", "exact", "ema"]
    assert all(len(a["paired_ratios"]) == 2 and a["iterations"] == 16 for a in timings["arms"].values())
    assert timings["arms"]["window"]["records_written"] == 2 + 16 + 4 * 4  # run infos, metrics, 4 samples x 4 layers
    cli(jar, "replay", "--input", out / "export-window", "--out", tmp_path / "report")
    with open(tmp_path / "report" / "alpha.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["layer"] for r in rows} == {"features.0", "features.3", "classifier.1", "classifier.3", "all"}
    assert len(rows) == 4 * 5 * 2
