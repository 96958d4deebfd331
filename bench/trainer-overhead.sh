#!/usr/bin/env bash
# What monitoring costs training: ND4J threads, window (default), exact and ema probes + publishing against the probe off,
# as ratios measured in one run on a real broker (by default in its own JVM on this machine).
# Usage: bench/trainer-overhead.sh [--quick] [--width W] [--depth D] [--batch B] [--iterations N] [--rounds R]
#        [--warmup-rounds R] [--broker child|in-process | --bootstrap B] [--compare-threads]
# (builds what it needs first unless SKIP_BUILD=1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B -pl bench -am package -DskipTests
fi
# As ./tailwatch runs the trainer: one OpenMP thread, passive wait (set before ND4J loads).
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
exec java -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.tailwatch.bench.train.TrainerOverhead "$@"
