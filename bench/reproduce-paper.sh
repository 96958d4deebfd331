#!/usr/bin/env bash
# Reproduce the tail-index trends of Şimşekli, Sagun & Gürbüzbalaban (2019) through tailwatch's pipeline and write a
# report (index.html, PNG charts, CSV). Full MNIST: --mnist DIR or $TAILWATCH_MNIST (README, "Reproducing the paper").
# Usage: bench/reproduce-paper.sh --out DIR [--quick] [--mnist DIR] [--iterations N] [--widths ..] [--depths ..]
#        [--batches ..] [--seeds ..] [--lr-decay F [--lr-step N]] [--every N] [--keep-topics]   (--help for all options)
# (builds what it needs first unless SKIP_BUILD=1; --quick takes a few minutes on 2 cores, the full grid about an hour)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B -pl bench -am package -DskipTests
fi
# As ./tailwatch runs the trainer: one OpenMP thread, passive wait (set before ND4J loads).
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
exec java -Xmx3g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.tailwatch.bench.paper.ReproducePaper "$@"
