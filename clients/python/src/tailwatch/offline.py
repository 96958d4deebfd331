"""Offline mode: the run written to an export folder in exactly the layout of ``tailwatch export``.

One Avro object container file per topic — ``runs.avro``, ``noise.avro``, ``metrics.avro`` and the
result files ``alpha.avro``, ``events.avro``, ``layer-stats.avro`` (empty: nothing analysed the run
yet) — each with the record's schema embedded, deflate-compressed, metadata ``tailwatch.topic`` naming
the topic, records in publishing order. ``tailwatch import --input DIR`` loads it onto a broker and
``tailwatch replay --input DIR`` reports on it, unchanged.

Like the Kafka publisher, ``offer`` never blocks: a writer thread encodes and writes. Blocks are written
at least every second, so a crash loses at most the last second of records (Java's reader refuses a file
whose last block is cut short: ``tailwatch import`` then names it).
"""
from __future__ import annotations

import collections
import logging
import threading
import time
from pathlib import Path

import avro.datafile
import avro.io

from .publisher import Stats
from .schemas import contracts
from .topics import INPUT_TOPICS, RESULT_TOPICS, RUNS, VALUE_TYPES, short_name

LOG = logging.getLogger("tailwatch.offline")


class _Unvalidated(avro.io.DatumWriter):
    """Writes without validating the whole datum first, for the records Monitor builds itself."""

    def write(self, datum, encoder):
        self.write_data(self.writers_schema, datum, encoder)


class ExportWriter:
    def __init__(self, directory, *, queue_capacity: int = 100_000, block_seconds: float = 1.0):
        self.dir = Path(directory)
        existing = [short_name(t) + ".avro" for t in INPUT_TOPICS + RESULT_TOPICS
                    if (self.dir / (short_name(t) + ".avro")).exists()]
        if existing:
            raise FileExistsError(f"{self.dir}: already holds an export ({', '.join(existing)}); give each run its own folder")
        self.dir.mkdir(parents=True, exist_ok=True)
        c = contracts()
        self.writers = {}
        self._codecs = {}
        for topic in INPUT_TOPICS + RESULT_TOPICS:
            codec = c.codec(VALUE_TYPES[topic])
            f = open(self.dir / (short_name(topic) + ".avro"), "wb")
            writer = avro.io.DatumWriter(codec.schema) if topic == RUNS else _Unvalidated(codec.schema)
            w = avro.datafile.DataFileWriter(f, writer, codec.schema, codec="deflate")
            w.set_meta("tailwatch.topic", topic.encode("utf-8"))
            w.flush()  # the header, so even an unused topic's file is a valid empty export file
            self.writers[topic] = w
            self._codecs[topic] = codec
        self.queue = collections.deque()
        self.capacity = queue_capacity
        self.block_seconds = block_seconds
        self.stats_ = Stats()
        self._closing = False
        self._thread = threading.Thread(target=self._loop, name="tailwatch-export", daemon=True)
        self._thread.start()

    def offer(self, topic: str, key: str, value) -> None:
        if self._closing:
            raise RuntimeError("export writer is closed")
        if len(self.queue) >= self.capacity:
            self.stats_.dropped += 1
            return
        self.queue.append((topic, key, value))

    def stats(self) -> Stats:
        s = self.stats_
        return Stats(s.published, s.spilled, s.resent, s.dropped, len(self.queue))

    def _write(self, item):
        topic, _, value = item
        codec = self._codecs[topic]
        record = codec.decode(value) if isinstance(value, (bytes, bytearray)) else codec._complete(value)
        self.writers[topic].append(record)
        self.stats_.published += 1

    def _loop(self):
        last_flush = time.monotonic()
        while not (self._closing and not self.queue):
            try:
                item = self.queue.popleft()
            except IndexError:
                item = None
                time.sleep(0.01)
            try:
                if item is not None:
                    self._write(item)
                if time.monotonic() - last_flush >= self.block_seconds:
                    for w in self.writers.values():
                        w.flush()
                    last_flush = time.monotonic()
            except Exception as e:
                self.stats_.dropped += 1
                LOG.error("export writer: %s", e, exc_info=True)

    def close(self, timeout: float = 30.0) -> Stats:
        if not self._closing:
            self._closing = True
            self._thread.join(timeout)
            for w in self.writers.values():
                w.close()
        return self.stats()
