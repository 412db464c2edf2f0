#!/usr/bin/env bash
# The one list of Debian packages wildplan needs, and the step that installs what is missing.
#   scripts/deps.sh            install what is missing (apt-get; needs root)
#   scripts/deps.sh --list     print the list
set -euo pipefail

packages=(
  build-essential cmake pkg-config git python3
  python3-jsonschema                                 # tests: SARIF, and every --json document against schemas/
  python3-pytest                                     # tests: the loop's contract (loop_contract_test.py)
  python3-dev pybind11-dev python3-pybind11          # python/: the wildplan module (pybind11 over the library)
  python3-setuptools python3-wheel python3-pip python3-venv  # pyproject.toml: pip install --no-build-isolation .
  python3-mypy                                       # tests: the Python package's .pyi stubs under mypy --strict
  tao-pegtl-dev                                      # grammars/
  libcmark-gfm-dev libcmark-gfm-extensions-dev       # Markdown structure
  nlohmann-json3-dev                                 # JSON (tests and config)
  libcli11-dev                                       # cli/
  libgit2-dev                                        # git
  libgtest-dev libgmock-dev                          # tests/
  libbenchmark-dev cmark-gfm hyperfine time          # bench/ and its peers
  strace util-linux                                  # tests: the files a run touches; mount
  pre-commit                                         # tests: .pre-commit-hooks.yaml in the framework
  clang libclang-rt-14-dev                           # fuzz/ (libFuzzer) and the sanitizer runs
  help2man                                           # build: the man page, from wildplan --help
  dpkg-dev                                           # cpack -G DEB: dpkg-shlibdeps for Depends
  man-db zsh fish                                    # tests: man -w; the zsh and fish completions
  chromium                                           # tests: history --html rendered headless, screenshot
  libxml2-utils w3c-sgml-lib                         # tests: history --svg against SVG 1.1's DTD (xmllint)
)
# CI: Microsoft's SARIF Multitool comes from the npm registry (npx); a machine whose Node.js
# already brings npx (NodeSource's nodejs) needs no Debian npm, which would conflict with it.
command -v npx >/dev/null 2>&1 || packages+=(npm)

if [[ "${1:-}" == "--list" ]]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "wildplan: installing ${missing[*]}" >&2
sudo=""
[[ $(id -u) == 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
