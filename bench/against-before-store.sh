#!/usr/bin/env bash
# The state store's cost against the design before it: the load harness's throughput section for today's tree and
# a worktree of REV (default 712bc4e^1, the last commit that kept the analysis state in a HashMap), interleaved pass
# by pass so that both see the same machine, then each pass's ratio of today's median to the older one's.
# With --split-cores the broker runs in a child JVM pinned to CPU 1 and everything else (processors, plain
# consumer, producers, JIT) to CPU 0: on two shared cores the broker's work for the snapshots competes with the
# stream thread, split like this what is left is what a processor pays when its broker runs elsewhere.
# Usage: bench/against-before-store.sh [--split-cores] [passes, default 3] [REV] [harness options, default
#        --only throughput --stream-threads 1,2, which the older tree always runs]   (about 5 min per pass)
#        JAVA_OPTS="..." adds JVM options to both trees' harness (e.g. -XX:TieredStopAtLevel=1: no C2, so the
#        JIT is done within the warm-up rounds)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
split=false
if [ "${1:-}" = --split-cores ]; then split=true; shift; fi
passes="${1:-3}"
rev="${2:-712bc4e^1}"
shift $(( $# < 2 ? $# : 2 ))
options=("$@")
[ ${#options[@]} -eq 0 ] && options=(--only throughput --stream-threads 1,2)
if $split && [ "$(nproc --all)" -lt 2 ]; then
  echo "against-before-store.sh: --split-cores needs 2 CPUs (0 for the processors, 1 for the broker), this machine has $(nproc --all)" >&2
  exit 2
fi
before="$(mktemp -d)/before-store"
log="$(mktemp)"
git -C "$root" worktree add --detach "$before" "$rev" >/dev/null
pinner=""
cleanup() { [ -n "$pinner" ] && kill "$pinner" 2>/dev/null; git -C "$root" worktree remove --force "$before"; rm -f "$log"; }
trap cleanup EXIT
(cd "$root" && mvn -q -B -pl bench -am package -DskipTests)
(cd "$before" && mvn -q -B -pl bench -am package -DskipTests)

read -r -a extra <<< "${JAVA_OPTS:-}"
launch=(java -Xms2g -Xmx2g -XX:+AlwaysPreTouch "${extra[@]}")
broker=()
if $split; then
  # The child broker inherits CPU 0 from the harness; move all its threads (and so the threads they start) to CPU 1
  # as soon as it exists, and again every second in case a thread slipped in between.
  while true; do
    for pid in $(pgrep -f 'dev.tailwatch.bench.common.ChildBroker' || true); do
      taskset -a -p -c 1 "$pid" >/dev/null 2>&1 || true
    done
    sleep 1
  done &
  pinner=$!
  # One CPU would make the JVM pick the serial collector; keep the one the harness has everywhere else.
  launch=(taskset -c 0 java -XX:+UseG1GC -Xms2g -Xmx2g -XX:+AlwaysPreTouch "${extra[@]}")
  broker=(--broker child)
fi

run_tree() {
  local name="$1" dir="$2" pass="$3"
  (cd "$dir" && "${launch[@]}" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
      dev.tailwatch.bench.load.LoadHarness "${broker[@]}" "${options[@]}" 2>&1) \
    | grep -E '^THROUGHPUT \([0-9] thread\(s\)(, [^)]*)?\) median of per-round' \
    | sed -E "s/^THROUGHPUT \(([0-9]) thread.*: ([0-9.]+)$/$pass $name \1 \2/" | tee -a "$log"
}

for pass in $(seq 1 "$passes"); do
  echo "== pass $pass: before the store ($rev), then today ($(git -C "$root" rev-parse --short HEAD))$($split && echo ', broker on CPU 1')"
  run_tree before "$before" "$pass"
  run_tree today "$root" "$pass"
done
echo "== median of per-round ratios against a plain consumer, and today against before the store, pass by pass"
awk '{ r[$1 " " $3 " " $2] = $4; p[$1] = 1; t[$3] = 1 }
     END { for (pass in p) for (th in t) { b = r[pass " " th " before"]; n = r[pass " " th " today"];
             if (b > 0 && n > 0) printf "pass %s, %s thread(s): before %.2f, today %.2f, today/before %.2f (%+.0f %%)\n", pass, th, b, n, n / b, 100 * (n / b - 1) } }' "$log" | sort
