#!/usr/bin/env bash
# Quick start 2 (and CI): install what is missing, build with warnings as errors, run every test,
# and say which tests were skipped and why.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
status=0
ctest --preset ci -j"$(nproc)" || status=$?
/usr/bin/python3 scripts/skipped.py build/ci
exit "$status"
