#!/usr/bin/env bash
# Quick start 1: install what is missing, build, and run wildplan's main job on the bundled
# example: `wildplan apply --commit` in a throwaway repository, on an agent reply that echoes the
# planning prompt (with its placeholder <plan> inside a code fence) before the real plan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh wildplan wildplan_docs
wildplan=$PWD/build/ci/cli/wildplan
reply=$PWD/fixtures/examples/echo-then-plan/reply.txt
goal="Tune the learning rate and warmup of the nanoGPT char-level Shakespeare model to beat val loss 1.47"

repo=$(mktemp -d /tmp/wildplan-demo.XXXXXX)
git -C "$repo" init -q -b main
git -C "$repo" config user.name "Wild Loop"
git -C "$repo" config user.email "loop@example.invalid"
mkdir -p "$repo/.agents/wild/s1"
printf '# Tasks\n\n- [ ] (Agent will decompose the goal into tasks on iteration 1)\n' > "$repo/.agents/wild/s1/tasks.md"
printf 'print("train")\n' > "$repo/train.py"

cd "$repo"
echo "\$ wildplan apply --reply reply.txt --session s1 --iteration 0 --goal \"...\" --commit"
"$wildplan" apply --reply "$reply" --session s1 --iteration 0 --goal "$goal" --commit
echo
echo "\$ wildplan list --file .agents/wild/s1/tasks.md"
"$wildplan" list --file .agents/wild/s1/tasks.md
echo
echo "\$ git log --stat -1"
git log --stat -1 | cat
echo
echo "(the throwaway repository is $repo)"
