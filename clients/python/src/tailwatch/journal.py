"""The on-disk spill file of records the broker has not taken yet, in the Java publisher's format.

Files in the journal folder: ``journal.bin`` (records: topic, key, value, each a big-endian int32 length
then the bytes), ``journal.pos`` (the byte position up to which records were re-sent and acknowledged,
replaced atomically) and ``journal.lock`` (held while open: two publishers on one journal are refused).
A record cut short by a crash mid-append is cut off when the journal is next opened. Once everything is
acknowledged both data files are removed.
"""
from __future__ import annotations

import fcntl
import os
import struct
import threading
from pathlib import Path

_MAX_FIELD = 64 << 20
_INT = struct.Struct(">i")


def size_on_disk(record) -> int:
    topic, key, value = record
    return 12 + len(topic.encode()) + len(key.encode()) + len(value)


def _frame(record) -> bytes:
    topic, key, value = record
    t, k = topic.encode("utf-8"), key.encode("utf-8")
    return b"".join((_INT.pack(len(t)), t, _INT.pack(len(k)), k, _INT.pack(len(value)), value))


class JournalInUse(OSError):
    pass


class Journal:
    def __init__(self, directory, max_bytes: int = 2 << 30):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._lock_file = open(self.dir / "journal.lock", "a+")
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock_file.close()
            raise JournalInUse(f"{self.dir}: this journal is in use by another running publisher; give this one "
                               "its own journal folder") from None
        self.data = self.dir / "journal.bin"
        self.position = self.dir / "journal.pos"
        self.max_bytes = max_bytes
        self._mutex = threading.RLock()
        self._out = None
        self.closed = False
        (self.dir / "journal.bin.tmp").unlink(missing_ok=True)
        self.size = self.data.stat().st_size if self.data.exists() else 0
        self.acknowledged = int(self.position.read_text().strip()) if self.position.exists() else 0
        self.acknowledged = min(self.acknowledged, self.size)
        records, end = self._scan(self.acknowledged)
        self.pending = records
        if end < self.size:
            with open(self.data, "r+b") as f:
                f.truncate(end)
            self.size = end

    def has_pending(self) -> bool:
        return self.pending > 0

    def append(self, record) -> bool:
        """Appends (topic, key, value); False when the disk limit would be passed."""
        with self._mutex:
            if self.closed:
                raise OSError("the journal is closed")
            frame = _frame(record)
            if self.size + len(frame) > self.max_bytes:
                return False
            if self._out is None:
                self._out = open(self.data, "ab", buffering=1 << 16)
            self._out.write(frame)
            self.size += len(frame)
            self.pending += 1
            return True

    def flush(self):
        with self._mutex:
            if self._out is not None:
                self._out.flush()

    def next(self, limit: int):
        """Up to ``limit`` pending records, each as (record, byte position after it)."""
        with self._mutex:
            self.flush()
            out = []
            if self.pending == 0:
                return out
            with open(self.data, "rb") as f:
                f.seek(self.acknowledged)
                at = self.acknowledged
                while len(out) < limit:
                    fields = self._record(f)
                    if fields is None:
                        break
                    topic, key, value = fields
                    at += 12 + len(topic) + len(key) + len(value)
                    out.append(((topic.decode("utf-8"), key.decode("utf-8"), value), at))
            return out

    def acknowledge(self, new_position: int, records: int):
        with self._mutex:
            self.acknowledged = new_position
            self.pending -= records
            if self.pending <= 0 and self.acknowledged >= self.size:
                if self._out is not None:
                    self._out.close()
                    self._out = None
                self.data.unlink(missing_ok=True)
                self.position.unlink(missing_ok=True)
                self.size = self.acknowledged = self.pending = 0
                return
            tmp = self.dir / "journal.pos.tmp"
            tmp.write_text(str(self.acknowledged))
            os.replace(tmp, self.position)

    def prepend(self, records) -> int:
        """Puts ``records`` before every pending record (they are older); returns how many did not fit."""
        with self._mutex:
            if not records:
                return 0
            everything = list(records) + [r for r, _ in self.next(1 << 62)]
            if self._out is not None:
                self._out.close()
                self._out = None
            tmp = self.dir / "journal.bin.tmp"
            size = written = 0
            with open(tmp, "wb") as f:
                for r in everything:
                    frame = _frame(r)
                    if size + len(frame) > self.max_bytes:
                        break
                    f.write(frame)
                    size += len(frame)
                    written += 1
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.data)
            self.position.unlink(missing_ok=True)
            self.size, self.acknowledged, self.pending = size, 0, written
            return len(everything) - written

    def close(self):
        with self._mutex:
            self.closed = True
            if self._out is not None:
                self._out.close()
                self._out = None
            if not self._lock_file.closed:
                fcntl.flock(self._lock_file, fcntl.LOCK_UN)
                self._lock_file.close()

    @staticmethod
    def _field(f):
        head = f.read(4)
        if len(head) < 4:
            return None
        (length,) = _INT.unpack(head)
        if length < 0 or length > _MAX_FIELD:
            raise OSError(f"journal damaged: a field length of {length} bytes")
        data = f.read(length)
        return data if len(data) == length else None

    def _record(self, f):
        topic = self._field(f)
        key = None if topic is None else self._field(f)
        value = None if key is None else self._field(f)
        return None if value is None else (topic, key, value)

    def _scan(self, start):
        if self.size <= start:
            return 0, self.size
        count, end = 0, start
        with open(self.data, "rb") as f:
            f.seek(start)
            while True:
                r = self._record(f)
                if r is None:
                    break
                count += 1
                end += 12 + sum(len(x) for x in r)
        return count, end
