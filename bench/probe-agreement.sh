#!/usr/bin/env bash
# Do the cheap noise probes measure the exact probe's α? The same seeded training runs watched by the exact
# probe and each cheap probe side by side, analysed by the processors' RunAnalyzer with the live defaults.
# Usage: bench/probe-agreement.sh [--quick] [--iterations N] [--from N] [--seed S] [--models fcn,cnn] [--filters 4]
#        [--batches 32,128] [--lrs 0.1,0.02] [--probes window,window:M,exact:N,paired,ema,exact-fresh] [--k1 auto,80] [--trace N] [--out FILE]
# (builds what it needs first unless SKIP_BUILD=1; the full grid takes ~15 min on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B -pl bench -am package -DskipTests
fi
# As ./tailwatch runs the trainer: one OpenMP thread, passive wait (set before ND4J loads).
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
exec java -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.tailwatch.bench.accuracy.ProbeAgreement "$@"
