#!/usr/bin/env bash
# Before copying the repository to a GPU machine that has torch but no Apache Avro for Python: puts this
# machine's (Debian's python3-avro, pure Python) into clients/python/.vendor/, an ignored folder that
# gpu_check.py adds to its path. With the device tool: carry ["clients/python/.vendor"] and run
#   python3 clients/python/gpu_check.py --out "$OUT/gpu-check"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
src="$(/usr/bin/python3 -c 'import avro, os; print(os.path.dirname(avro.__file__))')"
rm -rf .vendor/avro
mkdir -p .vendor
cp -r "$src" .vendor/avro
rm -rf .vendor/avro/test .vendor/avro/__pycache__
echo "gpu-check-prepare: $(du -sh .vendor | cut -f1) of Apache Avro in clients/python/.vendor (from $src)"
