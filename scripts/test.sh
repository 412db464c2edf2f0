#!/usr/bin/env bash
# Quick start 2 (and CI): install what is missing, build with warnings as errors, run every test,
# and say which tests were skipped and why.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
status=0
# The log is kept: CI ends with its summary rather than running the suite a second time.
ctest --preset ci -j"$(nproc)" 2>&1 | tee build/ci/ctest-last.log || status=$?
/usr/bin/python3 scripts/skipped.py build/ci
exit "$status"
