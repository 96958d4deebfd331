#!/usr/bin/env bash
# What the live page (tailwatch ui) costs with a long run and many runs: server catch-up and heap, the JSON it
# serves, page load and update latency in Debian's headless chromium (apt-get install chromium chromium-driver).
# Usage: bench/ui-load.sh [--iterations N] [--runs R] [--short-iterations S] [--layers L] [--updates U]
#        (defaults 1,000,000 / 100 / 2,000 / 3 / 10; builds what it needs first)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -pl bench -am package -DskipTests
# The broker runs in a child JVM, so this JVM's heap is the page's server (and the producer, closed before it is measured).
exec java -Xmx1g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.tailwatch.bench.ui.UiLoad "$@"
