#!/usr/bin/env bash
# Where the state store's cost goes: today's processors with the snapshot writes switched off in steps
# (bench/experiments/snapshot-share.patch, applied in a throw-away worktree, never in the product). Variants:
# base (the product), encodeOnly (snapshots encoded but not written), noSnapshot (neither), inMemory (written to
# an in-memory store instead of RocksDB).
# Usage: bench/snapshot-share.sh [passes, default 2]
#          one JVM per variant and pass, interleaved, one stream thread (about 1 min each)
#        bench/snapshot-share.sh --paired [variants, default base,noSnapshot] [harness options, default
#          --only throughput --stream-threads 1,2 --rounds 4,10]
#          the variants side by side in one JVM, switched round by round, each against the first (about 3 min per
#          thread count): no baseline from another harness start in the ratio
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
paired=false
if [ "${1:-}" = --paired ]; then paired=true; shift; fi
tree="$(mktemp -d)/snapshot-share"
git -C "$root" worktree add --detach "$tree" HEAD >/dev/null
trap 'git -C "$root" worktree remove --force "$tree"' EXIT
cd "$tree"
git apply "$root/bench/experiments/snapshot-share.patch"
mvn -q -B -pl bench -am package -DskipTests
harness=(java -Xms2g -Xmx2g -XX:+AlwaysPreTouch)
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
if $paired; then
  variants="${1:-base,noSnapshot}"
  shift $(( $# < 1 ? $# : 1 ))
  options=("$@")
  [ ${#options[@]} -eq 0 ] && options=(--only throughput --stream-threads 1,2 --rounds 4,10)
  "${harness[@]}" -Dexp.variants="$variants" -cp "$cp" dev.tailwatch.bench.load.LoadHarness "${options[@]}" 2>&1 \
    | grep -E '^THROUGHPUT|^EXP' | cut -c1-260
  exit 0
fi
passes="${1:-2}"
for pass in $(seq 1 "$passes"); do
  for variant in base encodeOnly noSnapshot inMemory; do
    flag=""; [ "$variant" != base ] && flag="-Dexp.$variant=true"
    echo "== $variant, pass $pass"
    "${harness[@]}" $flag -cp "$cp" dev.tailwatch.bench.load.LoadHarness --only throughput --stream-threads 1 --verbose 2>&1 \
      | grep -E '^THROUGHPUT .*per-round|^EXP|busy cores, processors' | cut -c1-220
  done
done
