#!/usr/bin/env bash
# The one build the quick start's scripts share: install what is missing, configure the `ci`
# preset (warnings as errors) into build/ci, and build the targets named (default: all). Each
# quick-start script calls it, so whichever runs first builds and the others only catch up.
#   scripts/build.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
if [[ ! -f build/ci/CMakeCache.txt ]]; then
  echo "wildplan: configuring build/ci" >&2
  cmake --preset ci >/dev/null
fi
args=()
for t in "$@"; do args+=(--target "$t"); done
# The first build takes some minutes on a small machine; cmake prints its progress.
echo "wildplan: building ${*:-everything} in build/ci (the first time takes a few minutes)" >&2
cmake --build --preset ci -j"$(nproc)" "${args[@]}"
