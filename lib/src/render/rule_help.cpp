// Every rule's full description and README anchor (rule_help.hpp). The rule table
// (rules/rule_table.cpp) keeps the ids, severities and one-line descriptions; this table says
// more, for the reader of a code scanning alert. A test holds it to the rule table.
#include "render/rule_help.hpp"

#include <algorithm>
#include <array>

namespace wildplan::detail {
namespace {

using enum Severity;


// clang-format off
constexpr std::array kHelp = {
  // structure
  RuleHelp{"no-tasks", "The file holds at least one checklist item (`- [ ] ...`): a task list without tasks fails validation, so that a broken file never passes silently.", "rule-no-tasks"},
  RuleHelp{"missing-title", "The plan starts with a `# Tasks` heading, as the loop's planning prompt asks.", "rule-missing-title"},
  RuleHelp{"missing-goal", "The plan has a `## Goal` section stating what the loop works towards.", "rule-missing-goal"},
  RuleHelp{"missing-analysis", "The plan has a `## Analysis` section: the summary of the agent's exploration of the codebase.", "rule-missing-analysis"},
  RuleHelp{"missing-tasks-section", "The plan has a `## Tasks` section that holds its tasks.", "rule-missing-tasks-section"},
  RuleHelp{"tasks-outside-section", "Top-level tasks stand under `## Tasks` or under a phase heading (`## Phase N - Name`).", "rule-tasks-outside-section"},
  RuleHelp{"empty-section", "The Goal, Analysis and Tasks sections are not empty, nor still the prompt's `(placeholder)` text.", "rule-empty-section"},
  RuleHelp{"goal-mismatch", "With `--goal`, the Goal section states the goal the loop was given (whitespace aside).", "rule-goal-mismatch"},
  // counts
  RuleHelp{"too-few-tasks", "The plan has at least the profile's minimum of top-level tasks (`min_tasks`, 5 for the seed prompt); subtasks belong to their parent.", "rule-too-few-tasks"},
  RuleHelp{"too-many-tasks", "The plan has at most the profile's maximum of top-level tasks (`max_tasks`, 15 for the seed prompt); subtasks belong to their parent.", "rule-too-many-tasks"},
  // tasks
  RuleHelp{"task-empty", "Every task has text after its box.", "rule-task-empty"},
  RuleHelp{"task-duplicate", "No two tasks have the same text once case, whitespace and punctuation are set aside: merge them or tell them apart.", "rule-task-duplicate"},
  RuleHelp{"task-duplicate-id", "No two tasks share an id (`Task 3`, `[P1-T2]`, `T001`, `1.2`); a note points at the first.", "rule-task-duplicate-id"},
  RuleHelp{"task-id-sequence", "`Task N` ids (at the top level) and `[Pn-Tm]` ids (within each phase) count up by one.", "rule-task-id-sequence"},
  RuleHelp{"task-placeholder", "No task is still the prompt's example: `Specific, actionable description`, `...`, `TBD`, `TODO`, the loop's `(Agent will decompose the goal into tasks on iteration 1)`, or a lone `<...>`.", "rule-task-placeholder"},
  RuleHelp{"task-vague", "Each task's title has at least `min_words` (3) words, a word being a run that holds a letter or a digit.", "rule-task-vague"},
  RuleHelp{"task-unknown-status", "Each task's box holds a status character the status map knows: a space, `x`, `/`, `-`, `!`, or one the configuration's `statuses` adds.", "rule-task-unknown-status"},
  RuleHelp{"task-multiple-in-progress", "At most one task is in progress (`[/]`) at a time.", "rule-task-multiple-in-progress"},
  RuleHelp{"parent-done-child-open", "A task marked done has no todo, in-progress or blocked subtask (Kiro's optional subtasks aside).", "rule-parent-done-child-open"},
  // experiments
  RuleHelp{"missing-sweep-task", "When the goal is experimental (training, sweeps, hyperparameter searches), a task creates the sweep through the API (`POST .../sweeps`, \"create a sweep\").", "rule-missing-sweep-task"},
  RuleHelp{"missing-run-task", "When the goal is experimental, a task creates the runs through the API (`POST .../runs`, \"create N runs\").", "rule-missing-run-task"},
  RuleHelp{"run-before-sweep", "The first task that creates the sweep comes before the first task that creates runs.", "rule-run-before-sweep"},
  RuleHelp{"direct-experiment-command", "No task runs an experiment itself (`python train.py`, `python -m ...train`, `torchrun`, `accelerate launch`, `deepspeed`, `sbatch`, `srun`, `mpirun`): experiments run through the API, and a task that creates runs may name such a command as the run's.", "rule-direct-experiment-command"},
  // dependencies
  RuleHelp{"depends-missing", "Every dependency (a `depends:` field or a `(depends on T012)` phrase) names an existing task, by id or by number (`3` finds `Task 3`).", "rule-depends-missing"},
  RuleHelp{"depends-cycle", "The tasks' dependencies form no cycle.", "rule-depends-cycle"},
  RuleHelp{"depends-later", "A task depends only on tasks placed before it, so that the list reads in the order of the work.", "rule-depends-later"},
  // the phased variant
  RuleHelp{"phase-count", "The plan has the profile's number of phases (`min_phases` to `max_phases`, 4 to 6).", "rule-phase-count"},
  RuleHelp{"phase-size", "Each phase has the profile's number of top-level tasks (`min_phase_tasks` to `max_phase_tasks`, 2 to 6).", "rule-phase-size"},
  RuleHelp{"task-id-phase", "A `[Pn-Tm]` id stands under the heading of Phase n.", "rule-task-id-phase"},
  RuleHelp{"missing-field", "Each task has `deliverable:` and `done-when:` fields after ` | ` on its line.", "rule-missing-field"},
  RuleHelp{"missing-reflection", "The plan has a reflection task before its last phase (the midpoint) and one in the last phase (the final reflection).", "rule-missing-reflection"},
  RuleHelp{"missing-analytics-contract", "The plan has a `## Shared Metrics and Analytics Contract` section.", "rule-missing-analytics-contract"},
  RuleHelp{"plan-aborted", "The plan carries the abort sentinel `ABORT_EARLY_DOCS_CHECK_FAILED` (in a task or on a line of its own), which suppresses every other diagnostic.", "rule-plan-aborted"},
  // plan vs file
  RuleHelp{"plan-differs", "With `--reply`, the reply's `<plan>` and the task file list the same tasks, statuses and wording (matched as `wildplan diff` matches them).", "rule-plan-differs"},
  // how the file was read
  RuleHelp{"task-box-glued", "A task's box is followed by a space: `- [x]Write` is read as a task, but other Markdown tools see none.", "rule-task-box-glued"},
  RuleHelp{"task-indented-as-code", "A list's first item is not indented into a code block by a template: such an item is read as the list's first task, but other Markdown tools show it as code.", "rule-task-indented-as-code"},
  RuleHelp{"front-matter", "YAML front matter at the start of the file (`---` ... `---`) is read apart from the Markdown.", "rule-front-matter"},
  // extraction and configuration
  RuleHelp{"plan-missing", "The agent's reply holds a usable `<plan>` block: closed, not a placeholder.", "what-counts-as-the-agents-words"},
  RuleHelp{"plan-unclosed", "Every `<plan>` tag is closed; an unclosed block is passed over.", "what-counts-as-the-agents-words"},
  RuleHelp{"plan-placeholder", "A placeholder `<plan>` block (an empty body, the prompt's own text, a single line in parentheses, angle brackets or `{{ }}`) was passed over.", "what-counts-as-the-agents-words"},
  RuleHelp{"plan-superseded", "A closed `<plan>` block other than the chosen one was passed over: the last closed block that holds tasks is the plan.", "what-counts-as-the-agents-words"},
  RuleHelp{"plan-without-tasks", "The chosen `<plan>` block holds at least one checklist item.", "what-counts-as-the-agents-words"},
  RuleHelp{"tag-unclosed", "Every signal tag (`<summary>`, `<promise>`, `<reflection>`, `<continue>`, `<memories>`) is closed.", "what-counts-as-the-agents-words"},
  RuleHelp{"plan-fence", "A `<plan>` whose whole body is one fenced code block (the prompt's ```` ```markdown ```` fence, copied) is read inside the fence.", "what-counts-as-the-agents-words"},
  RuleHelp{"tag-echoed", "A tag that opens inside the echo of the prompt (`--prompt`) is the prompt's example, not the agent's plan or signal.", "the-prompt-when-given"},
  RuleHelp{"tag-placeholder", "A signal block that is the prompt's placeholder (empty, its instructional text, a menu such as `DONE|WAITING`) was passed over.", "otherwise-shapes-placeholders-menus-examples-mentions"},
  RuleHelp{"tag-example", "A signal block shown as an example (one of a menu of fenced alternatives, or alone in a fence under an instruction line) was passed over.", "otherwise-shapes-placeholders-menus-examples-mentions"},
  RuleHelp{"tag-mention", "A tag inside a prose sentence is a mention: it opens no block.", "otherwise-shapes-placeholders-menus-examples-mentions"},
  RuleHelp{"signal-from-example", "A signal was taken from a fenced block or a placeholder's paragraph without `--prompt`: pass the prompt the loop sent so that its examples are known.", "otherwise-shapes-placeholders-menus-examples-mentions"},
  RuleHelp{"transcript-line-invalid", "A line of a JSON-lines transcript is not JSON (a stream cut off); the other lines are read.", "speakers-first-json-lines-transcripts"},
  RuleHelp{"transcript-unknown", "The JSON lines are of no agent CLI's format wildplan knows; JSON is never read as Markdown.", "speakers-first-json-lines-transcripts"},
  RuleHelp{"transcript-subagent", "Every record of the transcript is a sub-agent's (a Claude Code `agent-*.jsonl`): the sub-agent's answer is read as the answer.", "sub-agent-logs"},
  RuleHelp{"promise-done-open-tasks", "The reply promises `DONE` while the task file still has open tasks (todo, in progress, blocked): finish or cancel them, or keep the loop going (`--fail-on-false-done` makes this exit 1).", "done-checked-against-the-task-list"},
  RuleHelp{"all-done-no-promise", "Every task of the task file is done or cancelled, but the reply does not promise `DONE`.", "done-checked-against-the-task-list"},
  RuleHelp{"plan-todos-differ", "The reply's `<plan>` and the agent's todo list (its todo tool calls) disagree on a task's status.", "todo-lists"},
  RuleHelp{"checked-without-change", "A task was checked off in an iteration whose commit changed no file but the task file.", "done-checked-against-the-task-list"},
  RuleHelp{"todos-missing", "`parse --reply --from todos` reads the agent's todo list; this reply has none (a text reply, or an agent that used no todo tool).", "todo-lists"},
  RuleHelp{"todo-unmatched", "A todo of the agent's todo list names no task of the task file (by id or by the same text): `--sync-todos` changed nothing for it, `--sync-todos=add` adds it.", "todo-lists"},
  RuleHelp{"tag-value-invalid", "A tag read as data (`--tag-format json|fields`, or the configuration's `tags`) does not parse as that format.", "tags-whose-body-is-data"},
  RuleHelp{"template-syntax", "A prompt template is front matter (`---`, `variables:` with `- name` items, `---`), then the prompt with `{{name}}` placeholders.", "prompt-templates"},
  RuleHelp{"template-variable-duplicate", "A template declares each variable once.", "prompt-templates"},
  RuleHelp{"template-placeholder-undeclared", "Every `{{name}}` placeholder of a template names a variable its front matter declares.", "prompt-templates"},
  RuleHelp{"template-variable-missing", "Every variable a template declares is given a value (`--var NAME=VALUE`, `--vars FILE.json`).", "prompt-templates"},
  RuleHelp{"template-variable-undeclared", "Every value given names a variable the template declares.", "prompt-templates"},
  RuleHelp{"template-variable-unused", "Every variable a template declares is used by a `{{name}}` placeholder.", "prompt-templates"},
  RuleHelp{"template-vars-invalid", "A `--vars` file holds one JSON object of variable names to string values.", "prompt-templates"},
  RuleHelp{"config-invalid", "The configuration file (`.wildplan.json`) is valid JSON with known keys, rules and values.", "configuration"},
};
// clang-format on

}  // namespace

const RuleHelp* find_rule_help(std::string_view id) {
  const auto it = std::find_if(kHelp.begin(), kHelp.end(),
                               [&](const RuleHelp& h) { return id == h.id; });
  return it == kHelp.end() ? nullptr : &*it;
}

}  // namespace wildplan::detail
