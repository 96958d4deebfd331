#!/usr/bin/env bash
# Cost of keeping the analysis state in a changelogged store: changelog bytes per input byte for one long run,
# and the time a fresh instance needs to restore that run before it processes again.
# Usage: bench/state-cost.sh [--iterations N] [--layers L] [--coords C]   (defaults 10,000 × 50 × 1,000; builds first)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -pl bench -am package -DskipTests
exec java -Xms2g -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.tailwatch.bench.state.StateCost "$@"
