#!/usr/bin/env bash
# Quick start 3: install what is missing, build wildplan (build/ci, shared with the other two
# scripts), and install it: the program, its man page and completions, the library, headers and
# CMake and pkg-config files, under PREFIX (default /usr/local; needs root there).
#   scripts/install.sh [PREFIX]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh wildplan wildplan_docs
# The Python package, where Debian's pybind11 made it part of the build (WILDPLAN_PYTHON).
if cmake --build build/ci --target help | grep -qw wildplan_python; then
  cmake --build --preset ci -j"$(nproc)" --target wildplan_python
fi
sudo=""
[[ $(id -u) == 0 || -n "${1:-}" ]] || sudo="sudo"
$sudo cmake --install build/ci ${1:+--prefix "$1"}
echo "wildplan: installed $(${1:-/usr/local}/bin/wildplan --version)" >&2
