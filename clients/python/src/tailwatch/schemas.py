"""The topic contracts, read from the very ``.avsc`` files the Java side is generated from.

Records travel in Avro's single-object encoding, as ``AvroSerde`` writes them: the marker ``C3 01``,
the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema's parsing canonical form, then
the Avro binary record. Readers tell schema versions apart by that fingerprint, so it must be the one
Java computes for the same schema; ``tests/test_schemas.py`` checks it against Java-written bytes.

Records are plain dicts with the schema's field names (enums as their symbol strings, ``bytes`` as
``bytes``); fields with a default may be left out.
"""
from __future__ import annotations

import io
import json
import os
import struct
from pathlib import Path

import avro.io
import avro.name
import avro.schema

MARKER = b"\xc3\x01"

# The shared types, in dependency order (ProbeConfig uses ProbeMode), as schemas/pom.xml imports them.
_COMMON = ["RunStatus", "ProbeMode", "NoiseKind", "AlphaScope", "EventType", "LayerInfo", "ProbeConfig"]
#: The records that are topic values.
RECORDS = ["RunInfo", "NoiseSample", "TrainingMetrics", "AlphaEstimate", "TailEvent", "LayerStats", "DeadLetter"]


def schema_dir() -> Path:
    """Where the ``.avsc`` files are: ``$TAILWATCH_SCHEMAS``, the package's ``avro`` folder (a link to
    ``schemas/src/main/avro`` in the repository, copied by ``pip install``), or the repository's own."""
    candidates = []
    if os.environ.get("TAILWATCH_SCHEMAS"):
        candidates.append(Path(os.environ["TAILWATCH_SCHEMAS"]))
    here = Path(__file__).resolve().parent
    candidates.append(here / "avro")
    candidates.append(here.parents[3] / "schemas" / "src" / "main" / "avro" if len(here.parents) > 3 else here)
    for c in candidates:
        if (c / "records" / "NoiseSample.avsc").is_file():
            return c
    raise FileNotFoundError("tailwatch: the Avro schemas were not found (looked in "
                            + ", ".join(str(c) for c in candidates) + "); set TAILWATCH_SCHEMAS to schemas/src/main/avro")


# CRC-64-AVRO (the Rabin fingerprint of the Avro specification).
_EMPTY = 0xC15D213AA4D7A795


def _table():
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (_EMPTY & -(fp & 1))
        table.append(fp)
    return table


_TABLE = _table()


def crc64_avro(data: bytes) -> int:
    fp = _EMPTY
    for b in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ b) & 0xFF]
    return fp


def fingerprint(schema: avro.schema.Schema) -> int:
    """The 64-bit fingerprint of the schema's parsing canonical form, as Java's
    ``SchemaNormalization.parsingFingerprint64`` (unsigned)."""
    return crc64_avro(schema.canonical_form.encode("utf-8"))


class Codec:
    """Encodes and decodes one record type in single-object encoding."""

    def __init__(self, schema: avro.schema.RecordSchema):
        self.schema = schema
        self.name = schema.name
        self.fingerprint = fingerprint(schema)
        self.header = MARKER + struct.pack("<Q", self.fingerprint)
        self._writer = avro.io.DatumWriter(schema)
        self._reader = avro.io.DatumReader(schema, schema)

    def encode(self, record: dict, validate: bool = True) -> bytes:
        """Single-object encoding. ``validate=False`` skips Avro's check of the whole datum against the
        schema first (half the cost of a small record) for records whose types the caller controls."""
        out = io.BytesIO()
        out.write(self.header)
        self.encode_datum(record, avro.io.BinaryEncoder(out), validate)
        return out.getvalue()

    def encode_datum(self, record: dict, encoder, validate: bool = True) -> None:
        """The binary record alone (as in a container file)."""
        datum = self._complete(record)
        if validate:
            self._writer.write(datum, encoder)
        else:
            self._writer.write_data(self.schema, datum, encoder)

    def _complete(self, record: dict) -> dict:
        if hasattr(record, "resolved"):  # values read late, on the publishing thread (monitor._LazyRecord)
            record = record.resolved()
        # Python's writer does not fill in defaults; Java's builders do. Fill them (nested records too) so
        # both write the same bytes.
        return _fill(self.schema, record, self.name)

    def decode(self, data: bytes) -> dict:
        if data is None:
            return None
        if len(data) < 10 or data[:2] != MARKER:
            raise ValueError(f"{self.name}: not an Avro single-object record")
        fp = struct.unpack_from("<Q", data, 2)[0]
        if fp != self.fingerprint:
            raise ValueError(f"{self.name}: written with a schema version this reader does not know "
                             f"(fingerprint {fp:x}, this one {self.fingerprint:x})")
        return self._reader.read(avro.io.BinaryDecoder(io.BytesIO(data[10:])))


def _fill(schema, datum, where):
    """The datum with every absent field that has a default set to it, recursively."""
    if isinstance(schema, avro.schema.RecordSchema):
        if not isinstance(datum, dict):
            return datum
        out = {}
        for f in schema.fields:
            if f.name in datum:
                out[f.name] = _fill(f.type, datum[f.name], f"{where}.{f.name}")
            elif f.has_default:
                out[f.name] = _json_default(f.type, f.default)
            else:
                raise ValueError(f"{where}: field '{f.name}' has no value and no default")
        return out
    if isinstance(schema, avro.schema.UnionSchema):
        if datum is None:
            return None
        for branch in schema.schemas:
            if isinstance(branch, avro.schema.RecordSchema) and isinstance(datum, dict):
                return _fill(branch, datum, where)
        return datum
    if isinstance(schema, avro.schema.ArraySchema) and isinstance(datum, (list, tuple)):
        return [_fill(schema.items, d, where) for d in datum]
    if isinstance(schema, avro.schema.MapSchema) and isinstance(datum, dict):
        return {k: _fill(schema.values, v, where) for k, v in datum.items()}
    return datum


def _json_default(schema, value):
    """A JSON default as the datum writer wants it (a union's default is of its first branch)."""
    if isinstance(schema, avro.schema.UnionSchema):
        return _json_default(schema.schemas[0], value)
    if isinstance(schema, avro.schema.RecordSchema):
        return _fill(schema, value, schema.name)
    if isinstance(schema, avro.schema.PrimitiveSchema) and schema.type == "bytes" and isinstance(value, str):
        return value.encode("latin-1")
    return value


class Contracts:
    """Every topic record's schema and codec, parsed once from the ``.avsc`` files."""

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory else schema_dir()
        names = avro.name.Names()
        self.common = {}
        for n in _COMMON:
            self.common[n] = self._parse(self.directory / "common" / f"{n}.avsc", names)
        self.schemas = {}
        self.codecs = {}
        for n in RECORDS:
            # Each record gets its own copy of the shared names: a record schema written out whole (a
            # container file's header) must define the shared types it uses itself.
            own = avro.name.Names()
            for c in _COMMON:
                self._parse(self.directory / "common" / f"{c}.avsc", own)
            s = self._parse(self.directory / "records" / f"{n}.avsc", own)
            self.schemas[n] = s
            self.codecs[n] = Codec(s)

    @staticmethod
    def _parse(path: Path, names):
        with open(path, encoding="utf-8") as f:
            return avro.schema.make_avsc_object(json.load(f), names)

    def codec(self, record: str) -> Codec:
        return self.codecs[record]


_contracts = None


def contracts() -> Contracts:
    """The contracts of the schemas in :func:`schema_dir`, parsed on first use."""
    global _contracts
    if _contracts is None:
        _contracts = Contracts()
    return _contracts
