#!/usr/bin/env bash
# Load harness of the stream processors on a real in-process KRaft broker: throughput against a plain
# KafkaConsumer, publish -> α latency, and heap with 100 runs × 50 layers, all measured in one run.
# Usage: bench/load-harness.sh [--quick] [--verbose] [--only memory,throughput,latency] [--broker in-process|child]   (builds what it needs first)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -pl bench -am package -DskipTests
exec java -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.tailwatch.bench.load.LoadHarness "$@"
