#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time or number of runs.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 30 s, every target)
# Environment:
#   FUZZ_PRESET=fuzz|fuzz-fast  fuzz (default): ASan+UBSan; fuzz-fast: UBSan only, several times
#                               faster, for long campaigns
#   FUZZ_RUNS=N                 stop each target after N executions instead of SECONDS
#   FUZZ_MAX_LEN=N              the largest input libFuzzer makes (default 65536)
#   FUZZ_JOBS=N                 targets run N at a time (default 1)
# Seeds come from fixtures/ and ../shared/corpus/; findings land in build/fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(extract echo parse task_line validate diff edit replan merge transcript_auto
  transcript_claude transcript_codex_rollout transcript_codex_exec transcript_opencode_events
  transcript_opencode_run transcript_gemini transcript_cursor transcript_copilot)
preset=${FUZZ_PRESET:-fuzz}
max_len=${FUZZ_MAX_LEN:-65536}
bash scripts/deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)" >build/$preset-build.log 2>&1 || { tail -40 build/$preset-build.log; exit 1; }
seeds=build/fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds" build/fuzz/findings
# Each seed named by its path: fixtures hold many a reply.jsonl and expected.txt.
while IFS= read -r -d '' f; do cp "$f" "$seeds/${f//\//_}"; done \
  < <(find fixtures -type f \( -name '*.md' -o -name '*.txt' -o -name '*.jsonl' \) -print0)
if [[ -d ../shared/corpus ]]; then
  i=0
  for f in ../shared/corpus/tasks/* ../shared/corpus/outputs/*; do cp "$f" "$seeds/corpus-$((i++))"; done
fi
if [[ -n ${FUZZ_RUNS:-} ]]; then limit=(-runs="$FUZZ_RUNS"); else limit=(-max_total_time="$seconds"); fi
run_target() {
  local t=$1 work=build/fuzz/corpus-$1 start=$SECONDS
  mkdir -p "$work"
  echo "fuzz: $t (${preset}) ${limit[*]}"
  if ! build/$preset/fuzz/${t}_fuzz "$work" "$seeds" -dict=fuzz/wildplan.dict "${limit[@]}" \
      -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -artifact_prefix=build/fuzz/findings/$t- \
      -print_final_stats=1 2>build/fuzz/$t.log; then
    echo "fuzz: $t FAILED; see build/fuzz/$t.log and build/fuzz/findings/" >&2
    tail -30 build/fuzz/$t.log >&2
    return 1
  fi
  grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb" \
    build/fuzz/$t.log | sed "s/^/fuzz: $t /"
  echo "fuzz: $t $((SECONDS - start)) s"
}
status=0
jobs_at_once=${FUZZ_JOBS:-1}
finished() {  # waits for the next target to end; false when none is left
  local rc=0
  wait -n || rc=$?
  ((rc == 127)) && return 1
  ((rc == 0)) || status=1
}
for t in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs_at_once)); do finished || break; done
  run_target "$t" &
done
while finished; do :; done
exit $status
