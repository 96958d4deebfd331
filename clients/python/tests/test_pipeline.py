"""Cross-language, against a real broker: a PyTorch run published by the Python client is decoded by the
Java serde and analysed by the Java processors (tailwatch process), and the Java-written results and
Java-written input records are decoded by the Python client."""
from __future__ import annotations

import json
import uuid

from conftest import cli, read_topic, require

torch = require("torch")
require("avro")

import numpy as np  # noqa: E402  (torch's own dependency)

from tailwatch import Monitor  # noqa: E402
from tailwatch.schemas import contracts  # noqa: E402
from tailwatch.topics import ALPHA, DLQ, METRICS, NOISE, RUNS  # noqa: E402

ITERATIONS = 60  # window probe, every 20, m = 8: samples at iterations 19, 39, 59
LAYERS = ["0", "2", "4"]


def tiny_run(**monitor_args):
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = torch.nn.Sequential(torch.nn.Linear(20, 32), torch.nn.ReLU(), torch.nn.Linear(32, 32), torch.nn.ReLU(),
                                torch.nn.Linear(32, 4))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    x = torch.randn(512, 20)
    y = (x[:, :4].argmax(1))
    monitor = Monitor(model, batch_size=32, optimizer=opt, coords=100, iterations=ITERATIONS, **{"probe": "window", **monitor_args})
    for it in range(ITERATIONS):
        i = torch.randint(0, 512, (32,))
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x[i]), y[i])
        loss.backward()
        opt.step()
        monitor.step(loss)
    return monitor


def decode_all(records, record_type):
    codec = contracts().codec(record_type)
    return [codec.decode(v) for _, v in records]


def test_python_run_is_analysed_by_the_java_processors(broker, processors, tmp_path, jar):
    run = "py-" + uuid.uuid4().hex[:8]
    monitor = tiny_run(run=run, bootstrap=broker.bootstrap, journal=tmp_path / "journal")
    stats = monitor.close(timeout=60)
    assert stats.published == 2 + ITERATIONS + 3 * len(LAYERS), stats
    assert stats.pending == 0 and stats.dropped == 0, stats

    # What the Python client wrote, read back and decoded by the Python client (keys are the run id).
    runs = decode_all(read_topic(broker.bootstrap, RUNS, run=run, expect=2), "RunInfo")
    assert [r["status"] for r in runs] == ["STARTED", "FINISHED"]
    assert [l["name"] for l in runs[0]["layers"]] == LAYERS
    assert runs[0]["probe"]["mode"] == "WINDOW" and runs[0]["probe"]["probeBatches"] == 8
    noise = decode_all(read_topic(broker.bootstrap, NOISE, run=run, expect=9), "NoiseSample")
    assert sorted((n["iteration"], n["layer"]) for n in noise) == sorted((i, l) for i in (19, 39, 59) for l in LAYERS)
    assert len(read_topic(broker.bootstrap, METRICS, run=run, expect=ITERATIONS)) == ITERATIONS

    # The Java processors decode and analyse them: per layer and network-wide, per iteration and rolling.
    processors()
    alpha = decode_all(read_topic(broker.bootstrap, ALPHA, run=run, expect=24, timeout=180), "AlphaEstimate")
    assert len(alpha) == 24, [(a["iteration"], a["layer"], a["scope"]) for a in alpha]
    assert sorted({a["layer"] for a in alpha}) == sorted(LAYERS + ["all"])
    assert {(a["iteration"], a["scope"]) for a in alpha if a["layer"] == "all"} == {
        (i, s) for i in (19, 39, 59) for s in ("ITERATION", "ROLLING")}
    for a in alpha:
        assert 0.1 < a["alpha"] < 3.5 and a["k1"] == 25, a  # K1 from the samples' shape, 8 x 100
    assert read_topic(broker.bootstrap, DLQ, timeout=3) == []  # nothing was rejected

    # The network-wide α pools each layer in proportion to its size (672, 1,056 and 132 parameters, 100 tracked
    # each): 64, 100 and 13 columns' worth (the first 8 x n values, row-major), as the records say after Kafka.
    assert [l["networkColumns"] for l in runs[0]["layers"]] == [64, 100, 13]
    pooled = {"0": 64, "2": 100, "4": 13}
    assert all(n["networkColumns"] == pooled[n["layer"]] for n in noise)
    for it in (19, 39, 59):
        used = 0
        for n in (n for n in noise if n["iteration"] == it):
            share = np.frombuffer(n["values"], "<f4")[:n["rows"] * pooled[n["layer"]]]
            usable = int(np.count_nonzero(np.isfinite(share) & (share != 0)))
            used += usable // 25 * 25
        network = next(a for a in alpha if a["iteration"] == it and a["layer"] == "all" and a["scope"] == "ITERATION")
        assert network["used"] == used and network["layersMerged"] == 3, (it, network, used)

    # Exact doubles: the processors' α of one sample equals `tailwatch alpha` on the same float32 values.
    sample = next(n for n in noise if n["iteration"] == 39 and n["layer"] == "2")
    point = next(a for a in alpha if a["iteration"] == 39 and a["layer"] == "2" and a["scope"] == "ITERATION")
    f = tmp_path / "sample.f32"
    f.write_bytes(sample["values"])
    out = json.loads(cli(jar, "alpha", "--json", "--k1", point["k1"], f).stdout)
    assert out["alpha"] == point["alpha"] and out["used"] == point["used"] and out["dropped"] == point["dropped"]


def test_java_written_records_decode_in_python(broker, jar):
    run = "java-" + uuid.uuid4().hex[:8]
    cli(jar, "simulate", "--bootstrap", broker.bootstrap, "--run", run, "--iterations", 30, "--layers", 2,
        "--values-per-layer", 400, "--profile", "constant", "--alpha", 1.3)
    runs = decode_all(read_topic(broker.bootstrap, RUNS, run=run), "RunInfo")
    assert runs and runs[-1]["runId"] == run and len(runs[-1]["layers"]) == 2
    noise = decode_all(read_topic(broker.bootstrap, NOISE, run=run, expect=60), "NoiseSample")
    assert len(noise) == 60
    assert all(n["rows"] * n["cols"] * 4 == len(n["values"]) for n in noise)
    assert sorted({n["iteration"] for n in noise}) == list(range(30))
    metrics_records = read_topic(broker.bootstrap, METRICS, run=run)
    metrics = decode_all(metrics_records, "TrainingMetrics")
    assert len(metrics) > 0 and all(m["runId"] == run for m in metrics)
    # Byte-compatible: what Python encodes from the decoded records is exactly what Java wrote.
    for topic, record_type, expect in ((RUNS, "RunInfo", None), (NOISE, "NoiseSample", 60), (METRICS, "TrainingMetrics", None)):
        codec = contracts().codec(record_type)
        written = read_topic(broker.bootstrap, topic, run=run, expect=expect)
        assert written and all(codec.encode(codec.decode(v)) == v for _, v in written), record_type


def test_records_land_in_the_partition_java_chooses_for_the_run(jar, kafka_client, tmp_path):
    from confluent_kafka import Consumer

    from conftest import Broker

    broker = Broker(jar, tmp_path, partitions=None).start()  # the catalogue's 6 partitions per topic
    try:
        runs = [f"part-{i}-{uuid.uuid4().hex[:6]}" for i in range(6)]
        for run in runs:
            tiny_run(run=run, bootstrap=broker.bootstrap, journal=tmp_path / f"journal-{run}").close(timeout=60)
            cli(jar, "simulate", "--bootstrap", broker.bootstrap, "--run", run, "--iterations", 2, "--layers", 1,
                "--values-per-layer", 100, "--profile", "constant")
        c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "py-" + uuid.uuid4().hex,
                      "auto.offset.reset": "earliest", "enable.auto.commit": False})
        c.subscribe([RUNS])
        seen = {}
        import time
        end = time.monotonic() + 60
        while time.monotonic() < end and sum(len(v) for v in seen.values()) < 6 * 4:
            m = c.poll(0.5)
            if m is not None and not m.error():
                seen.setdefault(m.key().decode(), []).append((m.partition(), contracts().codec("RunInfo").decode(m.value())["source"]))
        c.close()
        for run in runs:
            sources = {src for _, src in seen[run]}
            assert sources == {"pytorch", "simulate"}, seen[run]
            assert len({p for p, _ in seen[run]}) == 1, f"{run}: Python and Java records in different partitions {seen[run]}"
        assert len({seen[r][0][0] for r in runs}) > 1  # the runs do spread over partitions
    finally:
        broker.stop()
