#!/usr/bin/env bash
# The Python client's tests as `mvn verify` runs them: Debian's /usr/bin/python3 (not a pyenv python3 on
# PATH) with python3-torch, python3-numpy, python3-avro, python3-confluent-kafka and python3-pytest.
# Without them the tests are skipped on a developer machine and fail under CI (.ci/run installs them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
py=/usr/bin/python3
if ! "$py" -c 'import pytest, torch, numpy, avro, confluent_kafka' 2>/dev/null; then
  msg="clients/python: $py with pytest, torch, numpy, avro and confluent_kafka is needed (apt-get install python3-pytest python3-torch python3-numpy python3-avro python3-confluent-kafka)"
  if [ -n "${CI:-}" ]; then
    echo "$msg; CI is set, so this fails" >&2
    exit 1
  fi
  echo "$msg; Python tests skipped" >&2
  exit 0
fi
# One torch thread: the build machines have two cores, shared with the broker and processors under test.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
exec "$py" -m pytest -p no:cacheprovider -q -rs "$@" tests
