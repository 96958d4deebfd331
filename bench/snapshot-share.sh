#!/usr/bin/env bash
# Where the state store's one-thread cost goes: today's processors with the snapshot writes switched off in
# steps (bench/experiments/snapshot-share.patch, applied in a throw-away worktree, never in the product),
# interleaved in one session so that the ratios compare. Variants: base (the product), encodeOnly (snapshots
# encoded but not written), noSnapshot (neither), inMemory (written to an in-memory store instead of RocksDB).
# Usage: bench/snapshot-share.sh [passes, default 2]   (one thread; about 1 min per variant and pass)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
passes="${1:-2}"
tree="$(mktemp -d)/snapshot-share"
git -C "$root" worktree add --detach "$tree" HEAD >/dev/null
trap 'git -C "$root" worktree remove --force "$tree"' EXIT
cd "$tree"
git apply "$root/bench/experiments/snapshot-share.patch"
mvn -q -B -pl bench -am package -DskipTests
for pass in $(seq 1 "$passes"); do
  for variant in base encodeOnly noSnapshot inMemory; do
    flag=""; [ "$variant" != base ] && flag="-Dexp.$variant=true"
    echo "== $variant, pass $pass"
    java -Xms2g -Xmx2g -XX:+AlwaysPreTouch $flag -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
      dev.tailwatch.bench.load.LoadHarness --only throughput --stream-threads 1 --verbose 2>&1 \
      | grep -E '^THROUGHPUT .*per-round|^EXP|busy cores, processors' | cut -c1-220
  done
done
