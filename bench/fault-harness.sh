#!/usr/bin/env bash
# Fault harness: a deterministic simulated run through `tailwatch process` in child JVMs under kill -9, SIGTERM,
# an instance joining and one leaving, and a broker restart; every scenario's alpha, events and layer-stats
# records are compared with an undisturbed reference run. Exit status 0 only when all counts are 0.
# Usage: bench/fault-harness.sh [--quick] [--scenarios NAME,...] [--keep]   (builds what it needs first)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -pl bench -am package -DskipTests
exec java -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.tailwatch.bench.faults.FaultHarness "$@"
