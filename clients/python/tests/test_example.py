"""The example as a user runs it (from the source tree, PYTHONPATH only): a PyTorch run on the shipped
digits that the processors analyse and `tailwatch replay` reports on."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
import uuid

from conftest import SRC, cli, read_topic, require

require("torch")
require("confluent_kafka")

from tailwatch.schemas import contracts  # noqa: E402
from tailwatch.topics import ALPHA  # noqa: E402

LAYERS = {"dense0", "dense1", "output", "all"}


def test_example_publishes_a_run_the_processors_analyse_and_replay_reports(broker, processors, tmp_path, jar):
    run = "example-" + uuid.uuid4().hex[:8]
    env = dict(os.environ, PYTHONPATH=str(SRC))
    done = subprocess.run([sys.executable, "-m", "tailwatch.examples.mnist", "--bootstrap", broker.bootstrap, "--run", run,
                           "--iterations", "100", "--journal", str(tmp_path / "journal")],
                          capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "iteration 100/100" in done.stdout and "left unsent 0" in done.stdout, done.stdout
    processors()
    # the default (exact) probe: 5 samples (iterations 0, 20, ..., 80) x (3 layers + all) x (iteration, rolling)
    alpha = [contracts().codec("AlphaEstimate").decode(v)
             for _, v in read_topic(broker.bootstrap, ALPHA, run=run, expect=40, timeout=180)]
    assert len(alpha) == 40 and {a["layer"] for a in alpha} == LAYERS
    assert {a["iteration"] for a in alpha} == {0, 20, 40, 60, 80}
    report = tmp_path / "report"
    cli(jar, "replay", "--bootstrap", broker.bootstrap, "--run", run, "--out", report)
    with open(report / "alpha.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 40 and {r["layer"] for r in rows} == LAYERS
