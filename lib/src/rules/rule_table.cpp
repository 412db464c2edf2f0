// The rule table: every rule's id, default severity, profiles, description, help and the README
// anchor that documents it, in one place (SARIF's rule list and `--help` read it).
#include <algorithm>
#include <array>
#include <unordered_map>

#include "wildplan/rules.hpp"

namespace wildplan {
namespace {

constexpr unsigned kAll = kInPlanning | kInPhased | kInGeneric | kInCompact;
constexpr unsigned kV2 = kInPlanning | kInPhased | kInCompact;  // every variant of the loop's plan
constexpr unsigned kExperiments = kInPlanning | kInPhased;  // the prompts that ask for sweeps/runs
constexpr unsigned kPhases = kInPhased | kInCompact;
using enum Severity;

// clang-format off
constexpr std::array kRules = {
  // structure
  RuleInfo{"no-tasks", Error, kAll, "the file holds no checklist item",
           "The file holds at least one checklist item (`- [ ] ...`): a task list without tasks fails validation, so that a broken file never passes silently.",
           "rule-no-tasks"},
  RuleInfo{"missing-title", Warning, kV2, "the plan starts with a '# Tasks' heading",
           "The plan starts with a `# Tasks` heading, as the loop's planning prompt asks.",
           "rule-missing-title"},
  RuleInfo{"missing-goal", Error, kV2, "the plan has a '## Goal' section",
           "The plan has a `## Goal` section stating what the loop works towards.",
           "rule-missing-goal"},
  RuleInfo{"missing-analysis", Warning, kInPlanning, "the plan has a '## Analysis' section",
           "The plan has a `## Analysis` section: the summary of the agent's exploration of the codebase.",
           "rule-missing-analysis"},
  RuleInfo{"missing-tasks-section", Error, kInPlanning, "the plan has a '## Tasks' section",
           "The plan has a `## Tasks` section that holds its tasks.",
           "rule-missing-tasks-section"},
  RuleInfo{"tasks-outside-section", Warning, kV2, "tasks stand under '## Tasks' or a phase heading",
           "Top-level tasks stand under `## Tasks` or under a phase heading (`## Phase N - Name`).",
           "rule-tasks-outside-section"},
  RuleInfo{"empty-section", Warning, kV2, "Goal, Analysis and Tasks sections are not empty",
           "The Goal, Analysis and Tasks sections are not empty, nor still the prompt's `(placeholder)` text.",
           "rule-empty-section"},
  RuleInfo{"goal-mismatch", Warning, kV2, "the Goal section states the goal the loop was given",
           "With `--goal`, the Goal section states the goal the loop was given (whitespace aside).",
           "rule-goal-mismatch"},
  // counts: errors in v2-planning, warnings in v2-phased (structure.cpp says why)
  RuleInfo{"too-few-tasks", Error, kV2, "the plan has at least the profile's minimum of top-level tasks",
           "The plan has at least the profile's minimum of top-level tasks (`min_tasks`, 5 for the seed prompt); subtasks belong to their parent.",
           "rule-too-few-tasks"},
  RuleInfo{"too-many-tasks", Error, kV2, "the plan has at most the profile's maximum of top-level tasks",
           "The plan has at most the profile's maximum of top-level tasks (`max_tasks`, 15 for the seed prompt); subtasks belong to their parent.",
           "rule-too-many-tasks"},
  // tasks
  RuleInfo{"task-empty", Error, kAll, "a task has text",
           "Every task has text after its box.",
           "rule-task-empty"},
  RuleInfo{"task-duplicate", Warning, kAll, "no two tasks have the same text",
           "No two tasks have the same text once case, whitespace and punctuation are set aside: merge them or tell them apart.",
           "rule-task-duplicate"},
  RuleInfo{"task-duplicate-id", Error, kAll, "no two tasks have the same id",
           "No two tasks share an id (`Task 3`, `[P1-T2]`, `T001`, `1.2`); a note points at the first.",
           "rule-task-duplicate-id"},
  RuleInfo{"task-id-sequence", Warning, kAll, "'Task N' and '[Pn-Tm]' ids count up by one",
           "`Task N` ids (at the top level) and `[Pn-Tm]` ids (within each phase) count up by one.",
           "rule-task-id-sequence"},
  RuleInfo{"task-placeholder", Error, kAll, "a task is not the prompt's example text",
           "No task is still the prompt's example: `Specific, actionable description`, `...`, `TBD`, `TODO`, the loop's `(Agent will decompose the goal into tasks on iteration 1)`, or a lone `<...>`.",
           "rule-task-placeholder"},
  RuleInfo{"task-vague", Warning, kV2, "a task has at least the configured number of words",
           "Each task's title has at least `min_words` (3) words, a word being a run that holds a letter or a digit.",
           "rule-task-vague"},
  RuleInfo{"task-unknown-status", Warning, kAll, "a task's box holds a known status character",
           "Each task's box holds a status character the status map knows: a space, `x`, `/`, `-`, `!`, or one the configuration's `statuses` adds.",
           "rule-task-unknown-status"},
  RuleInfo{"task-multiple-in-progress", Warning, kAll, "at most one task is in progress",
           "At most one task is in progress (`[/]`) at a time.",
           "rule-task-multiple-in-progress"},
  RuleInfo{"parent-done-child-open", Warning, kAll, "a task marked done has no open subtask",
           "A task marked done has no todo, in-progress or blocked subtask (Kiro's optional subtasks aside).",
           "rule-parent-done-child-open"},
  // experiments
  RuleInfo{"missing-sweep-task", Error, kExperiments, "an experimental goal has a task that creates a sweep",
           "When the goal is experimental (training, sweeps, hyperparameter searches), a task creates the sweep through the API (`POST .../sweeps`, \"create a sweep\").",
           "rule-missing-sweep-task"},
  RuleInfo{"missing-run-task", Error, kExperiments, "an experimental goal has a task that creates runs",
           "When the goal is experimental, a task creates the runs through the API (`POST .../runs`, \"create N runs\").",
           "rule-missing-run-task"},
  RuleInfo{"run-before-sweep", Warning, kExperiments, "the sweep is created before its runs",
           "The first task that creates the sweep comes before the first task that creates runs.",
           "rule-run-before-sweep"},
  RuleInfo{"direct-experiment-command", Error, kExperiments, "experiments run through the API, not directly",
           "No task runs an experiment itself (`python train.py`, `python -m ...train`, `torchrun`, `accelerate launch`, `deepspeed`, `sbatch`, `srun`, `mpirun`): experiments run through the API, and a task that creates runs may name such a command as the run's.",
           "rule-direct-experiment-command"},
  // dependencies
  RuleInfo{"depends-missing", Error, kAll, "a dependency names an existing task",
           "Every dependency (a `depends:` field or a `(depends on T012)` phrase) names an existing task, by id or by number (`3` finds `Task 3`).",
           "rule-depends-missing"},
  RuleInfo{"depends-cycle", Error, kAll, "dependencies form no cycle",
           "The tasks' dependencies form no cycle.",
           "rule-depends-cycle"},
  RuleInfo{"depends-later", Warning, kAll, "a task depends only on tasks placed before it",
           "A task depends only on tasks placed before it, so that the list reads in the order of the work.",
           "rule-depends-later"},
  // the phased variant
  RuleInfo{"phase-count", Warning, kPhases, "the plan has the profile's number of phases",
           "The plan has the profile's number of phases (`min_phases` to `max_phases`: 4 to 6 in v2-phased, 2 to 4 in v2-compact).",
           "rule-phase-count"},
  RuleInfo{"phase-size", Warning, kPhases, "each phase has the profile's number of tasks",
           "Each phase has the profile's number of top-level tasks (`min_phase_tasks` to `max_phase_tasks`: 2 to 6 in v2-phased, 2 to 4 in v2-compact).",
           "rule-phase-size"},
  RuleInfo{"task-id-phase", Error, kPhases, "a '[Pn-Tm]' id names the phase it stands in",
           "A `[Pn-Tm]` id stands under the heading of Phase n.",
           "rule-task-id-phase"},
  RuleInfo{"missing-field", Warning, kInPhased, "each task has 'deliverable:' and 'done-when:' fields",
           "Each task has `deliverable:` and `done-when:` fields after ` | ` on its line.",
           "rule-missing-field"},
  RuleInfo{"missing-reflection", Warning, kInPhased, "the plan has a midpoint and a final reflection task",
           "The plan has a reflection task before its last phase (the midpoint) and one in the last phase (the final reflection).",
           "rule-missing-reflection"},
  RuleInfo{"missing-analytics-contract", Warning, kInPhased, "the plan has a '## Shared Metrics and Analytics Contract' section",
           "The plan has a `## Shared Metrics and Analytics Contract` section.",
           "rule-missing-analytics-contract"},
  RuleInfo{"plan-aborted", Note, kAll, "the plan carries the abort sentinel ABORT_EARLY_DOCS_CHECK_FAILED",
           "The plan carries the abort sentinel `ABORT_EARLY_DOCS_CHECK_FAILED` (in a task or on a line of its own), which suppresses every other diagnostic.",
           "rule-plan-aborted"},
  // plan vs file
  RuleInfo{"plan-differs", Warning, kAll, "the reply's <plan> and the task file list the same tasks",
           "With `--reply`, the reply's `<plan>` and the task file list the same tasks, statuses and wording (matched as `wildplan diff` matches them).",
           "rule-plan-differs"},
  // what the agent says against the task file (promise.cpp, todo_sync.cpp; apply)
  RuleInfo{"promise-done-open-tasks", Warning, kAll, "a reply promises DONE only when no task is open",
           "The reply promises `DONE` while the task file still has open tasks (todo, in progress, blocked): finish or cancel them, or keep the loop going (`--fail-on-false-done` makes this exit 1).",
           "done-checked-against-the-task-list"},
  RuleInfo{"all-done-no-promise", Note, kAll, "when every task is done, the reply promises DONE",
           "Every task of the task file is done or cancelled, but the reply does not promise `DONE`.",
           "done-checked-against-the-task-list"},
  RuleInfo{"plan-todos-differ", Warning, kAll, "the reply's <plan> and the agent's todo list agree on each task's status",
           "The reply's `<plan>` and the agent's todo list (its todo tool calls) disagree on a task's status.",
           "todo-lists"},
  RuleInfo{"checked-without-change", Note, kAll, "a task is checked off in an iteration that changed more than the task file",
           "A task was checked off in an iteration whose commit changed no file but the task file.",
           "done-checked-against-the-task-list"},
  RuleInfo{"todos-missing", Error, kAll, "a reply read for its todo list (--from todos) holds one",
           "`parse --reply --from todos` reads the agent's todo list; this reply has none (a text reply, or an agent that used no todo tool).",
           "todo-lists"},
  RuleInfo{"todo-unmatched", Note, kAll, "each todo of the agent's todo list names a task of the task file",
           "A todo of the agent's todo list names no task of the task file (by id or by the same text): `--sync-todos` changed nothing for it, `--sync-todos=add` adds it.",
           "todo-lists"},
  // how the file was read: each place the parser departs from a strict CommonMark reading
  RuleInfo{"task-box-glued", Warning, kAll, "a task's box is followed by a space, as other Markdown tools need",
           "A task's box is followed by a space: `- [x]Write` is read as a task, but other Markdown tools see none.",
           "rule-task-box-glued"},
  RuleInfo{"task-indented-as-code", Warning, kAll, "a list's first item is not indented into a code block",
           "A list's first item is not indented into a code block by a template: such an item is read as the list's first task, but other Markdown tools show it as code.",
           "rule-task-indented-as-code"},
  RuleInfo{"front-matter", Note, kAll, "YAML front matter at the start is read apart from the Markdown",
           "YAML front matter at the start of the file (`---` ... `---`) is read apart from the Markdown.",
           "rule-front-matter"},
  // the reply (extract_reply: extract, parse/validate/diff --reply, apply), in every profile
  RuleInfo{"session-missing", Warning, kAll, "apply's --session names a session that has a task file",
           "With `apply --session ID`, the session's `tasks.md` exists (a typo in the id would otherwise be a silent `nothing` to do).",
           "the-loop-diff-apply-commit"},
  RuleInfo{"plan-missing", Error, kAll, "the reply holds a usable <plan> block",
           "The agent's reply holds a usable `<plan>` block: closed, not a placeholder.",
           "what-counts-as-the-agents-words"},
  RuleInfo{"plan-unclosed", Warning, kAll, "every <plan> tag is closed",
           "Every `<plan>` tag is closed; an unclosed block is passed over.",
           "what-counts-as-the-agents-words"},
  RuleInfo{"plan-placeholder", Note, kAll, "a placeholder <plan> block was passed over",
           "A placeholder `<plan>` block (an empty body, the prompt's own text, a single line in parentheses, angle brackets or `{{ }}`) was passed over.",
           "what-counts-as-the-agents-words"},
  RuleInfo{"plan-superseded", Note, kAll, "an earlier <plan> block was superseded",
           "A closed `<plan>` block other than the chosen one was passed over: the last closed block that holds tasks is the plan.",
           "what-counts-as-the-agents-words"},
  RuleInfo{"plan-without-tasks", Warning, kAll, "the chosen <plan> block holds checklist items",
           "The chosen `<plan>` block holds at least one checklist item.",
           "what-counts-as-the-agents-words"},
  RuleInfo{"plan-fence", Note, kAll, "a <plan> whose whole body is one code fence is read inside the fence",
           "A `<plan>` whose whole body is one fenced code block (the prompt's ```` ```markdown ```` fence, copied) is read inside the fence.",
           "what-counts-as-the-agents-words"},
  RuleInfo{"tag-unclosed", Warning, kAll, "every signal tag is closed",
           "Every signal tag (`<summary>`, `<promise>`, `<reflection>`, `<continue>`, `<memories>`) is closed.",
           "what-counts-as-the-agents-words"},
  RuleInfo{"tag-echoed", Note, kAll, "a tag in the echo of the prompt is not the agent's",
           "A tag that opens inside the echo of the prompt (`--prompt`) is the prompt's example, not the agent's plan or signal.",
           "the-prompt-when-given"},
  RuleInfo{"tag-placeholder", Note, kAll, "a placeholder signal block was passed over",
           "A signal block that is the prompt's placeholder (empty, its instructional text, a menu such as `DONE|WAITING`) was passed over.",
           "otherwise-shapes-placeholders-menus-examples-mentions"},
  RuleInfo{"tag-example", Note, kAll, "a signal block shown as an example was passed over",
           "A signal block shown as an example (one of a menu of fenced alternatives, or alone in a fence under an instruction line) was passed over.",
           "otherwise-shapes-placeholders-menus-examples-mentions"},
  RuleInfo{"tag-mention", Note, kAll, "a tag mentioned in a sentence opens no block",
           "A tag inside a prose sentence is a mention: it opens no block.",
           "otherwise-shapes-placeholders-menus-examples-mentions"},
  RuleInfo{"signal-from-example", Warning, kAll, "a signal taken from an example's shape: pass --prompt",
           "A signal was taken from a fenced block or a placeholder's paragraph without `--prompt`: pass the prompt the loop sent so that its examples are known.",
           "otherwise-shapes-placeholders-menus-examples-mentions"},
  RuleInfo{"tag-value-invalid", Error, kAll, "a tag read as data (--tag-format json|fields) holds a value of that format",
           "A tag read as data (`--tag-format json|fields`, or the configuration's `tags`) does not parse as that format.",
           "tags-whose-body-is-data"},
  RuleInfo{"transcript-line-invalid", Warning, kAll, "every line of a JSON-lines transcript is JSON",
           "A line of a JSON-lines transcript is not JSON (a stream cut off); the other lines are read.",
           "speakers-first-json-lines-transcripts"},
  RuleInfo{"transcript-unknown", Error, kAll, "a JSON-lines transcript is of a known agent CLI's format",
           "The JSON lines are of no agent CLI's format wildplan knows; JSON is never read as Markdown.",
           "speakers-first-json-lines-transcripts"},
  RuleInfo{"transcript-subagent", Note, kAll, "a transcript whose every record is a sub-agent's is read as that sub-agent's answer",
           "Every record of the transcript is a sub-agent's (a Claude Code `agent-*.jsonl`): the sub-agent's answer is read as the answer.",
           "sub-agent-logs"},
  // prompt templates (wildplan prompt, --prompt-template)
  RuleInfo{"template-syntax", Error, kAll, "a prompt template is front matter declaring variables, then the prompt",
           "A prompt template is front matter (`---`, `variables:` with `- name` items, `---`), then the prompt with `{{name}}` placeholders.",
           "prompt-templates"},
  RuleInfo{"template-variable-duplicate", Error, kAll, "a template variable is declared once",
           "A template declares each variable once.",
           "prompt-templates"},
  RuleInfo{"template-placeholder-undeclared", Error, kAll, "every {{name}} placeholder names a declared variable",
           "Every `{{name}}` placeholder of a template names a variable its front matter declares.",
           "prompt-templates"},
  RuleInfo{"template-variable-missing", Error, kAll, "every declared variable is given a value",
           "Every variable a template declares is given a value (`--var NAME=VALUE`, `--vars FILE.json`).",
           "prompt-templates"},
  RuleInfo{"template-variable-undeclared", Error, kAll, "every value given names a declared variable",
           "Every value given names a variable the template declares.",
           "prompt-templates"},
  RuleInfo{"template-variable-unused", Warning, kAll, "every declared variable is used by a placeholder",
           "Every variable a template declares is used by a `{{name}}` placeholder.",
           "prompt-templates"},
  RuleInfo{"template-vars-invalid", Error, kAll, "a --vars file is one JSON object of names to values",
           "A `--vars` file holds one JSON object of variable names to string values.",
           "prompt-templates"},
  // the configuration file
  RuleInfo{"config-invalid", Error, kAll, "the configuration file is valid",
           "The configuration file (`.wildplan.json`) is valid JSON with known keys, rules and values.",
           "configuration"},
};
// clang-format on

}  // namespace

std::span<const RuleInfo> all_rules() { return kRules; }

const RuleInfo* find_rule(std::string_view id) {
  // Asked once or twice per diagnostic, and a big file has thousands.
  static const std::unordered_map<std::string_view, const RuleInfo*> by_id = [] {
    std::unordered_map<std::string_view, const RuleInfo*> m;
    for (const RuleInfo& r : kRules) m.emplace(r.id, &r);
    return m;
  }();
  const auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : it->second;
}

Severity default_severity(std::string_view id) {
  const RuleInfo* r = find_rule(id);
  return r ? r->severity : Severity::Warning;
}

const char* to_string(Profile p) {
  switch (p) {
    case Profile::Auto:
      return "auto";
    case Profile::V2Planning:
      return "v2-planning";
    case Profile::V2Phased:
      return "v2-phased";
    case Profile::Generic:
      return "generic";
    case Profile::V2Compact:
      return "v2-compact";
  }
  return "auto";
}

std::optional<Profile> profile_from_string(std::string_view name) {
  for (Profile p : {Profile::Auto, Profile::V2Planning, Profile::V2Phased, Profile::Generic,
                    Profile::V2Compact}) {
    if (name == to_string(p)) return p;
  }
  return std::nullopt;
}

Limits default_limits(Profile p) {
  Limits l;
  if (p == Profile::V2Planning) {
    l.min_tasks = 5;
    l.max_tasks = 15;
  } else if (p == Profile::V2Phased) {
    l.min_tasks = 10;
    l.max_tasks = 25;
    l.min_phases = 4;
    l.max_phases = 6;
    l.min_phase_tasks = 2;
    l.max_phase_tasks = 6;
  } else if (p == Profile::V2Compact) {  // "Keep it simple: 2-4 phases, 2-4 tasks each."
    l.min_tasks = 4;
    l.max_tasks = 16;
    l.min_phases = 2;
    l.max_phases = 4;
    l.min_phase_tasks = 2;
    l.max_phase_tasks = 4;
  }
  return l;
}

const std::vector<std::string>& default_experiment_words() {
  static const std::vector<std::string> kWords = {
      "train",           "experiment", "sweep",       "hyperparameter",
      "hyper-parameter", "ablation",   "fine-tun",    "finetun",
      "evaluation run",  "eval run",   "grid search", "learning rate"};
  return kWords;
}

}  // namespace wildplan
