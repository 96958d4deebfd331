"""The contracts without a broker: fingerprints equal those of the released schema versions the Java
serde registers, defaults are filled as Java's builders fill them, and records round-trip."""
from __future__ import annotations

import json
import struct

from conftest import REPO, require

require("avro")

import avro.schema  # noqa: E402

from tailwatch.schemas import RECORDS, contracts, crc64_avro, fingerprint  # noqa: E402

HISTORY = REPO / "schemas" / "src" / "main" / "resources" / "avro-history"


PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


def _plain(node):
    """{"type": "string", "avro.java.string": "String"} -> "string": the parsing canonical form drops a
    primitive's properties (Java does; Python's avro 1.11 keeps the object form, so it is done here)."""
    if isinstance(node, dict):
        if (isinstance(node.get("type"), str) and node["type"] in PRIMITIVES and "logicalType" not in node
                and "name" not in node):  # a schema object, not a field
            return node["type"]
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def latest(record):
    versions = sorted(HISTORY.glob(f"{record}/v*.avsc"), key=lambda p: int(p.stem[1:]))
    return avro.schema.make_avsc_object(_plain(json.loads(versions[-1].read_text())))


def test_crc64_avro_of_the_specification():
    # The Avro specification's CRC-64-AVRO of the canonical form of "int" and of the empty string.
    assert crc64_avro(b"") == 0xC15D213AA4D7A795
    assert fingerprint(avro.schema.parse('"int"')) == 0x7275D51A3F395C8F


def test_fingerprints_equal_the_latest_released_version_of_every_record():
    # avro-history holds each record's current schema as Java generated it (SchemaEvolutionTest keeps them equal).
    c = contracts()
    for name in RECORDS:
        assert c.codec(name).fingerprint == fingerprint(latest(name)), name


def test_single_object_header_and_defaults():
    codec = contracts().codec("TrainingMetrics")
    data = codec.encode({"runId": "r", "iteration": 7, "timestampMs": 123, "loss": 0.5})
    assert data[:2] == b"\xc3\x01" and struct.unpack_from("<Q", data, 2)[0] == codec.fingerprint
    back = codec.decode(data)
    assert back == {"runId": "r", "iteration": 7, "epoch": 0, "timestampMs": 123, "loss": 0.5, "trainAccuracy": None,
                    "testAccuracy": None, "learningRate": 0.0, "batchSize": 0, "gradientNorm": 0.0, "stepSeconds": 0.0}
    assert codec.encode(back) == data
    try:
        contracts().codec("NoiseSample").decode(data)
        raise AssertionError("a TrainingMetrics record decoded as a NoiseSample")
    except ValueError as e:
        assert "schema version this reader does not know" in str(e)


def test_run_info_with_nested_records_and_enums_round_trips():
    codec = contracts().codec("RunInfo")
    info = {"runId": "r", "status": "RUNNING", "startedAtMs": 1,
            "layers": [{"index": 0, "name": "fc1", "parameterCount": 10, "trackedCoordinates": [1, 5]}],
            "probe": {"mode": "WINDOW", "everyIterations": 20, "probeBatches": 8}}
    back = codec.decode(codec.encode(info))
    assert back["layers"][0]["shape"] == [] and back["probe"]["coordinatesPerLayer"] == 0
    assert back["probe"]["mode"] == "WINDOW" and back["hyperparameters"] == {} and back["source"] == ""
    assert json.loads(str(codec.schema))["name"] == "RunInfo"
