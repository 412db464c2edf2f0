#!/usr/bin/env bash
# Quick start 1: install what is missing, build, and run wildplan's main job on the bundled
# example, an agent reply that echoes the planning prompt (with its placeholder <plan> inside a
# code fence) before the real plan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake --preset release -DWILDPLAN_BUILD_TESTS=OFF -DWILDPLAN_BUILD_BENCH=OFF >/dev/null
cmake --build --preset release -j"$(nproc)" >/dev/null
wildplan=build/release/cli/wildplan
reply=fixtures/examples/echo-then-plan/reply.txt

echo "\$ wildplan extract $reply"
"$wildplan" extract "$reply" 2>&1
echo
echo "\$ wildplan parse --reply $reply"
"$wildplan" parse --reply "$reply" 2>&1
