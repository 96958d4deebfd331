"""The topic catalogue, as ``dev.tailwatch.schema.Topics`` names it: every record keyed by its run id."""

RUNS = "tailwatch.runs"
NOISE = "tailwatch.noise"
METRICS = "tailwatch.metrics"
ALPHA = "tailwatch.alpha"
EVENTS = "tailwatch.events"
LAYER_STATS = "tailwatch.layer-stats"
DLQ = "tailwatch.dlq"

#: topic -> the record type of its values
VALUE_TYPES = {
    RUNS: "RunInfo",
    NOISE: "NoiseSample",
    METRICS: "TrainingMetrics",
    ALPHA: "AlphaEstimate",
    EVENTS: "TailEvent",
    LAYER_STATS: "LayerStats",
    DLQ: "DeadLetter",
}

#: what ``tailwatch export`` writes, in its order: inputs, then results
INPUT_TOPICS = [RUNS, NOISE, METRICS]
RESULT_TOPICS = [ALPHA, EVENTS, LAYER_STATS]


def short_name(topic: str) -> str:
    """``tailwatch.noise`` -> ``noise`` (the export file is ``<short name>.avro``)."""
    return topic[len("tailwatch."):] if topic.startswith("tailwatch.") else topic
