"""Delivery promises against a real broker taken away and brought back: training never waits, records
spill to the journal while the broker is away, and arrive afterwards in order, none lost, none twice."""
from __future__ import annotations

import time
import uuid

from conftest import read_topic, require

torch = require("torch")
require("confluent_kafka")

from tailwatch import Monitor  # noqa: E402
from tailwatch.publisher import KafkaPublisher  # noqa: E402
from tailwatch.schemas import contracts  # noqa: E402
from tailwatch.topics import METRICS, NOISE, RUNS  # noqa: E402

torch.set_num_threads(1)


def wait_until(condition, timeout=60, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def steps(model, opt, monitor, n, x, y):
    """n training steps; returns the slowest step's seconds (monitor.step included)."""
    slowest = 0.0
    for _ in range(n):
        t0 = time.perf_counter()
        i = torch.randint(0, len(x), (16,))
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x[i]), y[i])
        loss.backward()
        opt.step()
        monitor.step(loss)
        slowest = max(slowest, time.perf_counter() - t0)
    return slowest


def test_broker_away_mid_run_nothing_lost_nothing_duplicated(broker, tmp_path):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    x, y = torch.randn(256, 8), torch.randint(0, 3, (256,))
    run = "away-" + uuid.uuid4().hex[:8]
    monitor = Monitor(model, run, bootstrap=broker.bootstrap, journal=tmp_path / "journal", probe="window", every=10, probe_batches=4,
                      coords=50, batch_size=16, optimizer=opt, linger_ms=10, max_in_flight=20, iterations=300)
    pub = monitor.publisher
    steps(model, opt, monitor, 100, x, y)
    wait_until(lambda: pub.stats().pending == 0, what="the first 100 steps acknowledged")
    before = pub.stats().spilled  # (the producer's first connection may already send a few there)

    broker.stop()
    slowest = steps(model, opt, monitor, 100, x, y)
    wait_until(lambda: pub.stats().spilled >= before + 80 and not pub.queue, what="records spilled to the journal")
    assert slowest < 0.5, f"a training step waited {slowest:.3f} s while the broker was away"
    assert (tmp_path / "journal" / "journal.bin").is_file()

    broker.start()  # same port, same log
    steps(model, opt, monitor, 100, x, y)
    stats = monitor.close(timeout=120)
    assert stats.pending == 0 and stats.dropped == 0, stats
    assert stats.resent > 0 and stats.spilled > 0, stats
    assert not (tmp_path / "journal" / "journal.bin").exists()

    metrics = [contracts().codec("TrainingMetrics").decode(v)
               for _, v in read_topic(broker.bootstrap, METRICS, run=run, expect=300)]
    assert [m["iteration"] for m in metrics] == list(range(300))  # all, once, in order
    noise = [contracts().codec("NoiseSample").decode(v) for _, v in read_topic(broker.bootstrap, NOISE, run=run, expect=60)]
    assert [(n["iteration"], n["layer"]) for n in noise] == [(i, l) for i in range(9, 300, 10) for l in ("0", "2")]
    runs = [contracts().codec("RunInfo").decode(v) for _, v in read_topic(broker.bootstrap, RUNS, run=run, expect=2)]
    assert [r["status"] for r in runs] == ["STARTED", "FINISHED"]


def test_records_left_in_the_journal_at_exit_are_sent_first_by_the_next_start(broker, tmp_path):
    run = "left-" + uuid.uuid4().hex[:8]
    journal = tmp_path / "journal"

    def record(i):
        return {"runId": run, "iteration": i, "timestampMs": 1_000 + i, "loss": 1.0 / (i + 1)}

    broker.stop()
    first = KafkaPublisher(broker.bootstrap, journal, max_in_flight=5, linger_ms=5)
    for i in range(50):
        first.offer(METRICS, run, record(i))
    stats = first.close(timeout=2)  # the broker is away: everything stays in the journal
    assert stats.published == 0 and stats.pending == 50 and stats.dropped == 0, stats

    broker.start()
    second = KafkaPublisher(broker.bootstrap, journal, max_in_flight=5, linger_ms=5)
    for i in range(50, 80):
        second.offer(METRICS, run, record(i))
    stats = second.close(timeout=120)
    assert stats.pending == 0 and stats.published == 80, stats
    got = [contracts().codec("TrainingMetrics").decode(v)["iteration"]
           for _, v in read_topic(broker.bootstrap, METRICS, run=run, expect=80)]
    assert got == list(range(80))


def test_a_journal_is_used_by_one_publisher_at_a_time(tmp_path):
    require("confluent_kafka")
    from tailwatch.journal import Journal, JournalInUse

    j = Journal(tmp_path / "j")
    try:
        try:
            Journal(tmp_path / "j")
            raise AssertionError("a second journal on the same folder was opened")
        except JournalInUse:
            pass
        j.append(("t", "k", b"v1"))
        j.append(("t", "k", b"v2"))
        j.flush()
    finally:
        j.close()
    # A record cut short by a crash mid-append is cut off on the next open.
    with open(tmp_path / "j" / "journal.bin", "ab") as f:
        f.write(b"\x00\x00\x00\x05to")
    j = Journal(tmp_path / "j")
    assert j.pending == 2 and [r for r, _ in j.next(10)] == [("t", "k", b"v1"), ("t", "k", b"v2")]
    j.close()


def test_extra_producer_settings_cannot_weaken_the_delivery_promises(tmp_path):
    import pytest

    for key in ("enable.idempotence", "acks", "message.timeout.ms", "partitioner"):
        with pytest.raises(ValueError, match=key):
            KafkaPublisher("127.0.0.1:9", tmp_path / key, producer_config={key: "1"})
    p = KafkaPublisher("127.0.0.1:9", tmp_path / "ok", producer_config={"client.id": "t", "security.protocol": "plaintext"})
    assert p.close(timeout=0.5).pending == 0
