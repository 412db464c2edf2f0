#!/usr/bin/env bash
# The Debian packages: builds wildplan for /usr (preset "package", Release) and makes
#   build/package/deb/wildplan_<version>_<arch>.deb         the program, man page, completions
#   build/package/deb/libwildplan-dev_<version>_<arch>.deb  headers, library, CMake and pkg-config
#   build/package/deb/python3-wildplan_<version>_<arch>.deb the Python package (import wildplan)
# Install with: sudo dpkg -i build/package/deb/wildplan_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake --preset package >/dev/null
cmake --build --preset package -j"$(nproc)"
rm -rf build/package/deb
cpack --preset package >/dev/null
for deb in build/package/deb/*.deb; do
  echo "$deb: $(dpkg-deb -f "$deb" Depends)"
done
