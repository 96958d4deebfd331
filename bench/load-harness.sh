#!/usr/bin/env bash
# Load harness of the stream processors on a real in-process KRaft broker: throughput against a plain
# KafkaConsumer, publish -> α latency, and heap with 100 runs × 50 layers, all measured in one run.
# Usage: bench/load-harness.sh [--quick] [--verbose] [--only memory,throughput,latency] [--broker in-process|child] [--iterations N]
#        [--commit-intervals LIVE[/BACKLOG],...] [--stream-threads 1,2] [--rounds WARMUP,COUNTED]
#        (builds what it needs first; several intervals are measured side by side, and against the first round by round)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -pl bench -am package -DskipTests
# A fixed, pre-touched heap: a heap that grows (or is given back and taken again) pays a page fault per fresh
# page on this VM, which slowed both sides of the throughput comparison by a third and made rounds erratic.
exec java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.tailwatch.bench.load.LoadHarness "$@"
