"""Publishing that never makes training wait, with the Java ``RecordPublisher``'s promises.

``offer`` only appends to a bounded in-memory queue (a full queue drops the record and counts it); it
never wakes another thread. A sender thread polls the queue, encodes the records (single-object Avro) and
hands them to an idempotent librdkafka producer (``acks=all``, no delivery timeout: it retries in order,
without duplicates, through short outages). When ``max_in_flight`` records are unacknowledged — the broker
is away or slow — new records go to the on-disk :class:`~tailwatch.journal.Journal` instead, and everything
after them follows them there, so order is kept. Once nothing is in flight, the journal is re-sent in
order, batch by batch, its position moving past each batch's acknowledged prefix.

``close(timeout)`` drains the queue and keeps re-sending the journal until the timeout; records still
unacknowledged then are put before the journal's records and, with what is queued, saved for the next
publisher on the same journal folder, which re-sends them first. Duplicates can come only from records
unacknowledged at close (they may have been written just before).
"""
from __future__ import annotations

import collections
import logging
import threading
import time
from dataclasses import dataclass

from .journal import Journal
from .schemas import contracts
from .topics import RUNS, VALUE_TYPES

LOG = logging.getLogger("tailwatch.publisher")

MAX_RECORD_BYTES = 16 << 20  # TopicSpec.MAX_PRODUCER_REQUEST_BYTES
#: librdkafka settings producer_config may not change (extra settings are for security: SASL, TLS, ...)
_OWN_SETTINGS = {"bootstrap.servers", "enable.idempotence", "acks", "request.required.acks",
                 "max.in.flight.requests.per.connection", "max.in.flight", "message.timeout.ms",
                 "delivery.timeout.ms", "partitioner", "error_cb", "logger"}
RETRY_BACKOFF_S = 1.0


@dataclass
class Stats:
    published: int = 0
    spilled: int = 0
    resent: int = 0
    dropped: int = 0
    pending: int = 0


class _Encoder:
    """Turns a queued (topic, key, record) into (topic, key, bytes) on the sending thread."""

    def __init__(self):
        c = contracts()
        self.codecs = {topic: c.codec(name) for topic, name in VALUE_TYPES.items()}

    def __call__(self, item):
        topic, key, value = item
        if isinstance(value, (bytes, bytearray)):
            return topic, key, bytes(value)
        # The records Monitor builds itself (metrics, noise) skip Avro's datum validation: half their cost.
        return topic, key, self.codecs[topic].encode(value, validate=topic == RUNS)


class KafkaPublisher:
    """Sends records to a broker; training threads call :meth:`offer` only."""

    def __init__(self, bootstrap: str, journal_dir, *, queue_capacity: int = 100_000, max_in_flight: int = 2_000,
                 journal_max_bytes: int = 2 << 30, linger_ms: int = 100, producer_config: dict | None = None):
        from confluent_kafka import Producer  # imported here: offline mode needs no Kafka client

        config = {
            "bootstrap.servers": bootstrap,
            "enable.idempotence": True,
            "acks": "all",
            "max.in.flight.requests.per.connection": 5,
            # The producer retries in order rather than failing records: the journal, not a timeout, handles
            # a long outage, and a record that timed out might still have been written.
            "message.timeout.ms": 0,
            "linger.ms": linger_ms,
            "batch.size": 1 << 20,
            "message.max.bytes": MAX_RECORD_BYTES + 1024,
            "reconnect.backoff.max.ms": 1000,
            # The Java producer's partitioner (murmur2 of the key): a run's records land in the partition
            # Java clients expect (tailwatch import looks for a run's noise only there), co-partitioned
            # with what Java writes for the same run id. librdkafka's default (CRC32) would differ.
            "partitioner": "murmur2_random",
            "error_cb": self._on_error,
            "logger": logging.getLogger("tailwatch.kafka"),
        }
        refused = sorted(set(producer_config or {}) & _OWN_SETTINGS)
        if refused:
            raise ValueError(f"producer_config may not set {', '.join(refused)}: the publisher's delivery promises "
                             "(idempotence, acks=all, no delivery timeout, Java's partitioner) rest on them")
        config.update(producer_config or {})
        self.journal = Journal(journal_dir, journal_max_bytes)
        self.producer = Producer(config)
        self.queue = collections.deque()
        self.capacity = queue_capacity
        self.max_in_flight = max_in_flight
        self.idle_s = max(0.001, min(0.025, linger_ms / 4000))
        self.stats_ = Stats()
        self._encode = _Encoder()
        self._in_flight = 0
        self._direct = {}  # sequence -> record, unacknowledged direct sends, in send order
        self._seq = 0
        self._closing = False
        self._close_deadline = float("inf")
        self._stop_sending = False
        self._failed = False
        self._next_resend = 0.0
        self._producer_closed = False
        self._lock = threading.Lock()
        if self.journal.has_pending():
            LOG.warning("%d records left in the journal at %s by an earlier run will be re-sent first",
                        self.journal.pending, journal_dir)
        self._sender = threading.Thread(target=self._loop, name="tailwatch-publisher", daemon=True)
        self._sender.start()

    # --- training thread -------------------------------------------------------------------------
    def offer(self, topic: str, key: str, value) -> None:
        """Never blocks: queues the record (a dict to encode, or bytes) or, when the queue is full, drops it."""
        if self._closing:
            raise RuntimeError("publisher is closed")
        if len(self.queue) >= self.capacity:
            self.stats_.dropped += 1
            if self.stats_.dropped == 1 or self.stats_.dropped % 1000 == 0:
                LOG.error("publisher queue full: %d records dropped so far", self.stats_.dropped)
            return
        self.queue.append((topic, key, value))

    def stats(self) -> Stats:
        s = self.stats_
        return Stats(s.published, s.spilled, s.resent, s.dropped, len(self.queue) + self._in_flight + self.journal.pending)

    # --- sender thread ---------------------------------------------------------------------------
    def _sending(self) -> bool:
        return not self._stop_sending and time.monotonic() < self._close_deadline

    def _loop(self):
        while not (self._closing and not self.queue and (not self.journal.has_pending() or not self._sending())):
            try:
                try:
                    item = self.queue.popleft()
                except IndexError:
                    item = None
                if item is not None:
                    record = self._encode(item)
                    if (not self._sending() or self.journal.has_pending() or self._in_flight >= self.max_in_flight
                            or self._failed):
                        self._spill(record)
                    else:
                        self._send(record, None, -1)
                    self.producer.poll(0)
                else:
                    self.producer.poll(self.idle_s)
                if (self.journal.has_pending() and self._in_flight == 0 and self._sending()
                        and time.monotonic() >= self._next_resend):
                    self._failed = False
                    self._resend_from_journal()
            except Exception as e:  # one bad moment must not end publishing for the rest of the run
                LOG.error("publisher: %s; going on", e, exc_info=True)
                time.sleep(0.1)

    def _spill(self, record):
        if self.journal.append(record):
            self.stats_.spilled += 1
        else:
            self.stats_.dropped += 1
            LOG.error("journal is at its disk limit: record dropped (%d so far)", self.stats_.dropped)

    def _send(self, record, batch, index):
        topic, key, value = record
        with self._lock:
            self._in_flight += 1
            if batch is None:
                self._seq += 1
                seq = self._seq
                self._direct[seq] = record
            else:
                seq = None
        try:
            self.producer.produce(topic, value=value, key=key.encode("utf-8"),
                                  on_delivery=lambda err, msg: self._completed(record, seq, batch, index, err))
        except Exception as e:  # BufferError (local queue full) or a bad record: nothing was handed over
            with self._lock:
                self._in_flight -= 1
                if seq is not None:
                    self._direct.pop(seq, None)
            if isinstance(e, BufferError) or batch is None:
                self._failed = True
                self._next_resend = time.monotonic() + RETRY_BACKOFF_S
            if batch is None:
                self._spill(record)

    def _completed(self, record, seq, batch, index, err):
        if err is not None and self._producer_closed:
            return
        with self._lock:
            if seq is not None:
                self._direct.pop(seq, None)
            self._in_flight -= 1
        if err is None:
            self.stats_.published += 1
            if batch is not None:
                self.stats_.resent += 1
                batch[index] = True
        elif not err.retriable():
            self.stats_.dropped += 1
            LOG.error("Kafka rejected a record of %s for good (%s); dropped (%d so far)", record[0], err,
                      self.stats_.dropped)
            if batch is not None:
                batch[index] = True
        else:
            self._failed = True
            self._next_resend = time.monotonic() + RETRY_BACKOFF_S
            LOG.warning("send failed (%s); the record is kept for re-sending", err)
            if batch is None:
                self._spill(record)

    def _resend_from_journal(self):
        entries = self.journal.next(self.max_in_flight)
        if not entries:
            return
        done = [False] * len(entries)
        for i, (record, _) in enumerate(entries):
            if self._failed or not self._sending():
                break
            self._send(record, done, i)
        while self._in_flight > 0 and self._sending():
            self.producer.poll(0.005)
            try:
                self._spill(self._encode(self.queue.popleft()))
            except IndexError:
                pass
        prefix = 0
        while prefix < len(done) and done[prefix]:
            prefix += 1
        if prefix > 0:
            self.journal.acknowledge(entries[prefix - 1][1], prefix)
        if prefix < len(done):
            self._next_resend = time.monotonic() + RETRY_BACKOFF_S

    @staticmethod
    def _on_error(err):
        LOG.warning("kafka: %s", err)

    # --- close -----------------------------------------------------------------------------------
    def close(self, timeout: float = 30.0) -> Stats:
        """Sends what is queued, waits up to ``timeout`` seconds for acknowledgements, and leaves the rest
        in the journal for the next start. Returns the final counts."""
        if self._closing and self._producer_closed:
            return self.stats()
        deadline = time.monotonic() + timeout
        self._close_deadline = deadline
        self._closing = True
        self._sender.join(max(0.001, timeout))
        self._stop_sending = True
        self._sender.join(5)
        if self._sender.is_alive():
            LOG.error("the publisher thread did not stop; records it still holds may be lost")
        while self._in_flight > 0 and time.monotonic() < deadline:
            self.producer.poll(0.01)
        self._producer_closed = True
        try:
            self.producer.purge(in_queue=True, in_flight=True, blocking=False)
            self.producer.poll(0)
        except Exception as e:
            LOG.warning("purging the producer: %s", e)
        with self._lock:
            unacknowledged = list(self._direct.values())  # send order: dicts keep insertion order
            self._direct.clear()
            self._in_flight = 0
        lost = self.journal.prepend(unacknowledged)
        self.stats_.spilled += len(unacknowledged) - lost
        self.stats_.dropped += lost
        while self.queue:
            self._spill(self._encode(self.queue.popleft()))
        self.journal.flush()
        self.journal.close()
        stats = Stats(self.stats_.published, self.stats_.spilled, self.stats_.resent, self.stats_.dropped,
                      self.journal.pending)
        self.producer = None
        return stats
