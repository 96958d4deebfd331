#!/usr/bin/env bash
# Speed of `tailwatch alpha` against numpy's vectorised implementation of the same formula, both on the
# same float32 files, measured in the same run. Prints one row per size and the ratio java/numpy.
# Usage: bench/alpha-vs-numpy.sh [REPEATS]   (default 15; best-of-REPEATS wall time of estimation alone)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${1:-15}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -c 'import numpy' 2>/dev/null || { echo "numpy is needed for the baseline (python3 -c 'import numpy' failed)" >&2; exit 1; }

# OPENBLAS_* are set on some of these machines for older OpenBLAS builds and only slow a current numpy.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 - "$work" <<'PY'
import sys, numpy as np
out = sys.argv[1]
rng = np.random.default_rng(20261122)
alpha = 1.3
for n in (10**5, 10**6, 10**7):
    v = rng.uniform(-np.pi / 2, np.pi / 2, n)
    w = rng.exponential(1.0, n)
    x = np.sin(alpha * v) / np.cos(v) ** (1 / alpha) * (np.cos(v - alpha * v) / w) ** ((1 - alpha) / alpha)
    x.astype('<f4').tofile(f"{out}/sas-{n}.f32")
PY

"$root/tailwatch" alpha --json --repeat "$repeats" "$work"/sas-100000.f32 "$work"/sas-1000000.f32 "$work"/sas-10000000.f32 > "$work/java.jsonl"

env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 - "$work" "$repeats" <<'PY'
import sys, json, time, numpy as np
out, repeats = sys.argv[1], int(sys.argv[2])
java = {json.loads(l)["file"].rsplit("/", 1)[1]: json.loads(l) for l in open(f"{out}/java.jsonl")}

def k1_auto(n):
    # Largest divisor <= sqrt(n) (= the divisor closest to sqrt(n)); floor(sqrt(n)) when that is 1.
    r = int(np.floor(np.sqrt(n)))
    d = np.arange(r, 1, -1)
    hits = d[n % d == 0]
    return int(hits[0]) if hits.size else r

def mohammadi(x32):
    x = x32[np.isfinite(x32) & (x32 != 0)].astype(np.float64)
    k1 = k1_auto(x.size)
    k2 = x.size // k1
    x = x[: k1 * k2]
    y = x.reshape(k2, k1).sum(axis=1)
    y = y[y != 0]
    return np.log(k1) / (np.mean(np.log(np.abs(y))) - np.mean(np.log(np.abs(x))))

print(f"numpy {np.__version__}, best of {repeats}; alpha = SαS(1.3) float32 values")
print(f"{'N':>10} {'numpy M/s':>10} {'java M/s':>10} {'java/numpy':>10} {'|Δα| java-numpy':>16}")
for n in (10**5, 10**6, 10**7):
    x32 = np.fromfile(f"{out}/sas-{n}.f32", dtype="<f4")
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        a = mohammadi(x32)
        best = min(best, time.perf_counter() - t)
    j = java[f"sas-{n}.f32"]
    print(f"{n:>10} {n / best / 1e6:>10.1f} {n / j['seconds'] / 1e6:>10.1f} {best / j['seconds']:>10.2f} {abs(a - j['alpha']):>16.2e}")
PY
