"""Offline mode: the export folder the client writes is the layout of `tailwatch export`, so `tailwatch
replay --input` reports on it and `tailwatch import` loads it, unchanged."""
from __future__ import annotations

import csv
import uuid

from conftest import cli, read_topic, require

require("torch")
require("avro")

import avro.datafile  # noqa: E402
import avro.io  # noqa: E402
import pytest  # noqa: E402

from tailwatch.schemas import contracts  # noqa: E402
from tailwatch.topics import ALPHA  # noqa: E402
from test_pipeline import ITERATIONS, LAYERS, tiny_run  # noqa: E402

FILES = ["runs.avro", "noise.avro", "metrics.avro", "alpha.avro", "events.avro", "layer-stats.avro"]


def read_container(path):
    with open(path, "rb") as f:
        reader = avro.datafile.DataFileReader(f, avro.io.DatumReader())
        topic = reader.get_meta("tailwatch.topic").decode()
        return topic, list(reader)


def test_offline_run_writes_the_export_layout(tmp_path):
    out = tmp_path / "export"
    stats = tiny_run(run="offline-a", out=out).close()
    assert stats.published == 2 + ITERATIONS + 9 and stats.dropped == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    counts = {}
    for name in FILES:
        topic, records = read_container(out / name)
        assert topic == "tailwatch." + name[:-5]
        counts[name] = len(records)
    assert counts == {"runs.avro": 2, "noise.avro": 9, "metrics.avro": ITERATIONS, "alpha.avro": 0,
                      "events.avro": 0, "layer-stats.avro": 0}
    with pytest.raises(FileExistsError):
        tiny_run(run="offline-b", out=out)


def test_replay_reports_on_an_offline_export(tmp_path, jar):
    out = tmp_path / "export"
    tiny_run(run="offline-r", out=out).close()
    report = tmp_path / "report"
    cli(jar, "replay", "--input", out, "--out", report)
    with open(report / "alpha.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    layers = {r["layer"] for r in rows}
    assert layers == set(LAYERS + ["all"]), layers
    assert len(rows) == 24
    assert (report / "index.html").is_file()


def test_import_loads_an_offline_export_for_the_processors(tmp_path, jar, broker, processors):
    out = tmp_path / "export"
    run = "offline-" + uuid.uuid4().hex[:8]
    tiny_run(run=run, out=out).close()
    result = cli(jar, "import", "--bootstrap", broker.bootstrap, "--input", out, "--partitions", 1)
    assert f"runs 2, noise 9, metrics {ITERATIONS}" in result.stdout, result.stdout
    processors()
    codec = contracts().codec("AlphaEstimate")
    alpha = [codec.decode(v) for _, v in read_topic(broker.bootstrap, ALPHA, run=run, expect=24, timeout=180)]
    assert len(alpha) == 24 and {a["layer"] for a in alpha} == set(LAYERS + ["all"])
    # `tailwatch export` of the imported run gives back the very records the client wrote.
    again = tmp_path / "exported"
    cli(jar, "export", "--bootstrap", broker.bootstrap, "--run", run, "--out", again)
    assert sorted(p.name for p in again.iterdir()) == sorted(FILES)
    for name in ("runs.avro", "noise.avro", "metrics.avro"):
        assert read_container(again / name) == read_container(out / name), name


def test_a_run_that_ends_without_close_is_flushed_at_interpreter_exit(tmp_path):
    import subprocess
    import sys

    from conftest import SRC

    out = tmp_path / "export"
    script = f"""
import sys; sys.path.insert(0, {str(SRC)!r})
import torch, tailwatch
torch.set_num_threads(1)
model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
monitor = tailwatch.Monitor(model, "no-close", out={str(out)!r}, probe="window", every=5, probe_batches=2, optimizer=opt)
for _ in range(20):
    opt.zero_grad(); model(torch.randn(16, 4)).sum().backward(); opt.step(); monitor.step()
"""  # no monitor.close(): the interpreter's exit must flush
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    _, runs = read_container(out / "runs.avro")
    assert [r["status"] for r in runs] == ["STARTED", "FINISHED"]
    assert len(read_container(out / "metrics.avro")[1]) == 20
    assert len(read_container(out / "noise.avro")[1]) == 4 * 2


@pytest.mark.parametrize("probe, iterations", [("exact", [0, 20, 40]), ("ema", list(range(10, 60)))])
def test_exact_and_ema_runs_replay_with_their_probe_named(tmp_path, jar, probe, iterations):
    import torch

    x = torch.randn(64, 20, generator=torch.Generator().manual_seed(9))
    batches = [(x[i * 16:(i + 1) * 16], x[i * 16:(i + 1) * 16, :4].argmax(1)) for i in range(4)]
    out = tmp_path / "export"
    tiny_run(run=f"offline-{probe}", out=out, probe=probe, probe_data=batches,
             loss_fn=torch.nn.functional.cross_entropy).close()
    _, runs = read_container(out / "runs.avro")
    assert runs[0]["probe"]["mode"] == {"exact": "EXACT", "ema": "ONLINE"}[probe]
    assert runs[0]["probe"]["description"].startswith(probe)
    _, noise = read_container(out / "noise.avro")
    assert sorted({n["iteration"] for n in noise}) == iterations
    assert {n["rows"] for n in noise} == {4 if probe == "exact" else 1}
    report = tmp_path / "report"
    cli(jar, "replay", "--input", out, "--out", report)
    with open(report / "alpha.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(iterations) * 4 * 2 and {r["layer"] for r in rows} == set(LAYERS + ["all"])
