#!/usr/bin/env bash
# Checks SARIF files as GitHub code scanning would: Microsoft's SARIF Multitool (from the npm
# registry: a self-contained binary, no .NET runtime needed) with the GitHub rule kinds. Any
# error or warning fails; notes (suggestions such as code snippets) are printed and pass.
#   scripts/sarif-multitool.sh FILE.sarif...
set -euo pipefail
cd "$(dirname "$0")/.."
tool=build/sarif-multitool
version=5.7.0
if [[ ! -x $tool/node_modules/.bin/sarif-multitool ]]; then
  npm install --silent --no-audit --no-fund --prefix "$tool" "@microsoft/sarif-multitool@$version"
fi
# The npm wrapper runs the tool through a shell, so a ';'-separated list must be quoted twice.
out=$(npx --prefix "$tool" sarif-multitool validate --rule-kind '"Gh;Ghas;Sarif"' \
  --level '"Error;Warning;Note"' "$@" 2>&1) || { echo "$out"; exit 1; }
notes=$(grep -cE ': note [A-Z]+[0-9]+' <<<"$out" || true)
if grep -E ': (error|warning) [A-Z]+[0-9]+' <<<"$out"; then
  echo "sarif-multitool: the SARIF above is not what GitHub code scanning takes" >&2
  exit 1
fi
echo "sarif-multitool $version (Gh;Ghas;Sarif): $# files, no error, no warning ($notes notes)"
