"""Shared fixtures: the real tailwatch CLI (the cli module's packaged jar) as broker, processors, import
and replay, in child JVMs, as a user runs them.

Tests that need torch, confluent-kafka, avro or the jar skip when one is missing on a developer machine;
with CI set they fail instead, so a missing install cannot turn CI green.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

IN_CI = bool(os.environ.get("CI"))


def need(condition: bool, why: str):
    """Skip (developer machine) or fail (CI) when something a test needs is missing."""
    if not condition:
        if IN_CI:
            pytest.fail(f"{why} (CI is set, so this fails instead of skipping)")
        pytest.skip(why)


def require(module: str):
    """Imports a module a test file needs: skips the file when it is missing (developer machine), fails
    with CI set."""
    if IN_CI:
        return __import__(module)
    return pytest.importorskip(module)


def jar_path() -> Path:
    return Path(os.environ.get("TAILWATCH_JAR", REPO / "cli" / "target" / "tailwatch.jar"))


@pytest.fixture(scope="session")
def jar():
    need(shutil.which("java") is not None, "java is not on PATH")
    path = jar_path()
    need(path.is_file(), f"{path} is missing: build it with mvn -pl cli -am package -DskipTests")
    return path


@pytest.fixture(scope="session")
def kafka_client():
    try:
        import confluent_kafka  # noqa: F401
    except ImportError:
        need(False, "python3-confluent-kafka is not installed")


def java_env():
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    return env


def cli(jar, *args, timeout=300, check=True):
    """Runs ``tailwatch ARGS`` to completion; returns the CompletedProcess."""
    p = subprocess.run(["java", "-Xmx512m", "-jar", str(jar), *map(str, args)], capture_output=True, text=True,
                       timeout=timeout, env=java_env())
    if check and p.returncode != 0:
        raise AssertionError(f"tailwatch {' '.join(map(str, args))} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
    return p


class Child:
    """A long-running ``tailwatch`` command (broker, process) with its output collected."""

    def __init__(self, jar, args, log: Path):
        self.args = [str(a) for a in args]
        self.log = open(log, "ab")
        self.proc = subprocess.Popen(["java", "-Xmx512m", "-jar", str(jar), *self.args], stdout=subprocess.PIPE,
                                     stderr=self.log, env=java_env())
        self.lines = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.decode("utf-8", "replace"))
            self.log.write(line)

    def wait_for_line(self, prefix: str, timeout: float = 120):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for line in self.lines:
                if line.startswith(prefix):
                    return line[len(prefix):].strip()
            if self.proc.poll() is not None:
                raise AssertionError(f"tailwatch {' '.join(self.args)} exited {self.proc.returncode} before "
                                     f"printing '{prefix}' (log {self.log.name})")
            time.sleep(0.05)
        raise AssertionError(f"tailwatch {' '.join(self.args)} printed no '{prefix}' in {timeout} s")

    def stop(self, timeout: float = 60):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.flush()


class Broker:
    """``tailwatch broker`` on a data dir that outlives a stop, so it can be restarted on the same port."""

    def __init__(self, jar, directory: Path, partitions: int = 1):
        self.jar = jar
        self.dir = directory
        self.partitions = partitions
        self.port = 0
        self.child = None
        self.bootstrap = None

    def start(self):
        partitions = [] if self.partitions is None else ["--partitions", self.partitions]  # None: the catalogue's
        self.child = Child(self.jar, ["broker", "--port", self.port, "--data-dir", self.dir / "kafka", *partitions],
                           self.dir / "broker.log")
        self.bootstrap = self.child.wait_for_line("bootstrap:")
        self.port = int(self.bootstrap.rsplit(":", 1)[1])
        return self

    def stop(self):
        if self.child:
            self.child.stop()
            self.child = None


@pytest.fixture
def broker(jar, kafka_client, tmp_path):
    b = Broker(jar, tmp_path).start()
    yield b
    b.stop()


@pytest.fixture
def processors(jar, broker, tmp_path):
    """``tailwatch process`` on the broker; yields a function that starts it (so records can be published
    first) and stops it at the end."""
    started = []

    def start():
        child = Child(jar, ["process", "--bootstrap", broker.bootstrap, "--metrics-port", "0",
                            "--application-id", "py-" + uuid.uuid4().hex[:8], "--state-dir", tmp_path / "streams",
                            "--partitions", 1], tmp_path / "process.log")
        started.append(child)
        return child

    yield start
    for c in started:
        c.stop()


def read_topic(bootstrap: str, topic: str, *, run: str | None = None, expect: int | None = None,
               timeout: float = 120, idle: float = 3.0):
    """Every (key, value bytes) on a topic (read_committed, from the start), of one run if given: until
    ``expect`` records were read, or, without ``expect``, until nothing new came for ``idle`` seconds."""
    from confluent_kafka import Consumer, KafkaError

    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "py-read-" + uuid.uuid4().hex,
                  "auto.offset.reset": "earliest", "enable.auto.commit": False, "isolation.level": "read_committed"})
    c.subscribe([topic])
    out = []
    end = time.monotonic() + timeout
    last_new = time.monotonic()
    try:
        while time.monotonic() < end:
            msg = c.poll(0.2)
            if msg is None:
                if expect is None and out and time.monotonic() - last_new > idle:
                    break
                continue
            if msg.error():
                if msg.error().code() in (KafkaError._PARTITION_EOF, KafkaError.UNKNOWN_TOPIC_OR_PART):
                    continue
                raise AssertionError(f"reading {topic}: {msg.error()}")
            key = msg.key().decode("utf-8") if msg.key() is not None else None
            if run is None or key == run:
                out.append((key, msg.value()))
                last_new = time.monotonic()
                if expect is not None and len(out) >= expect:
                    # Anything beyond the expected count would be a duplicate: wait a moment for it.
                    extra_end = time.monotonic() + idle
                    while time.monotonic() < extra_end:
                        m = c.poll(0.2)
                        if m is not None and not m.error() and (run is None or m.key() == run.encode()):
                            out.append((m.key().decode("utf-8"), m.value()))
                    break
    finally:
        c.close()
    return out
