// The rule table: every rule's id, default severity, profiles and description, in one place.
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
  RuleInfo{"no-tasks",                  Error,   kAll,        "the file holds no checklist item"},
  RuleInfo{"missing-title",             Warning, kV2,         "the plan starts with a '# Tasks' heading"},
  RuleInfo{"missing-goal",              Error,   kV2,         "the plan has a '## Goal' section"},
  RuleInfo{"missing-analysis",          Warning, kInPlanning, "the plan has a '## Analysis' section"},
  RuleInfo{"missing-tasks-section",     Error,   kInPlanning, "the plan has a '## Tasks' section"},
  RuleInfo{"tasks-outside-section",     Warning, kV2,         "tasks stand under '## Tasks' or a phase heading"},
  RuleInfo{"empty-section",             Warning, kV2,         "Goal, Analysis and Tasks sections are not empty"},
  RuleInfo{"goal-mismatch",             Warning, kV2,         "the Goal section states the goal the loop was given"},
  // counts: errors in v2-planning, warnings in v2-phased (structure.cpp says why)
  RuleInfo{"too-few-tasks",             Error,   kV2,         "the plan has at least the profile's minimum of top-level tasks"},
  RuleInfo{"too-many-tasks",            Error,   kV2,         "the plan has at most the profile's maximum of top-level tasks"},
  // tasks
  RuleInfo{"task-empty",                Error,   kAll,        "a task has text"},
  RuleInfo{"task-duplicate",            Warning, kAll,        "no two tasks have the same text"},
  RuleInfo{"task-duplicate-id",         Error,   kAll,        "no two tasks have the same id"},
  RuleInfo{"task-id-sequence",          Warning, kAll,        "'Task N' and '[Pn-Tm]' ids count up by one"},
  RuleInfo{"task-placeholder",          Error,   kAll,        "a task is not the prompt's example text"},
  RuleInfo{"task-vague",                Warning, kV2,         "a task has at least the configured number of words"},
  RuleInfo{"task-unknown-status",       Warning, kAll,        "a task's box holds a known status character"},
  RuleInfo{"task-multiple-in-progress", Warning, kAll,        "at most one task is in progress"},
  RuleInfo{"parent-done-child-open",    Warning, kAll,        "a task marked done has no open subtask"},
  // experiments
  RuleInfo{"missing-sweep-task",        Error,   kExperiments, "an experimental goal has a task that creates a sweep"},
  RuleInfo{"missing-run-task",          Error,   kExperiments, "an experimental goal has a task that creates runs"},
  RuleInfo{"run-before-sweep",          Warning, kExperiments, "the sweep is created before its runs"},
  RuleInfo{"direct-experiment-command", Error,   kExperiments, "experiments run through the API, not directly"},
  // dependencies
  RuleInfo{"depends-missing",           Error,   kAll,        "a dependency names an existing task"},
  RuleInfo{"depends-cycle",             Error,   kAll,        "dependencies form no cycle"},
  RuleInfo{"depends-later",             Warning, kAll,        "a task depends only on tasks placed before it"},
  // the phased variant
  RuleInfo{"phase-count",               Warning, kPhases,     "the plan has the profile's number of phases"},
  RuleInfo{"phase-size",                Warning, kPhases,     "each phase has the profile's number of tasks"},
  RuleInfo{"task-id-phase",             Error,   kPhases,     "a '[Pn-Tm]' id names the phase it stands in"},
  RuleInfo{"missing-field",             Warning, kInPhased,   "each task has 'deliverable:' and 'done-when:' fields"},
  RuleInfo{"missing-reflection",        Warning, kInPhased,   "the plan has a midpoint and a final reflection task"},
  RuleInfo{"missing-analytics-contract", Warning, kInPhased,  "the plan has a '## Shared Metrics and Analytics Contract' section"},
  RuleInfo{"plan-aborted",              Note,    kAll,        "the plan carries the abort sentinel ABORT_EARLY_DOCS_CHECK_FAILED"},
  // plan vs file
  RuleInfo{"plan-differs",              Warning, kAll,        "the reply's <plan> and the task file list the same tasks"},
  // what the agent says against the task file (promise.cpp, todo_sync.cpp; apply)
  RuleInfo{"promise-done-open-tasks",   Warning, kAll,        "a reply promises DONE only when no task is open"},
  RuleInfo{"all-done-no-promise",       Note,    kAll,        "when every task is done, the reply promises DONE"},
  RuleInfo{"plan-todos-differ",         Warning, kAll,        "the reply's <plan> and the agent's todo list agree on each task's status"},
  RuleInfo{"checked-without-change",    Note,    kAll,        "a task is checked off in an iteration that changed more than the task file"},
  RuleInfo{"todos-missing",             Error,   kAll,        "a reply read for its todo list (--from todos) holds one"},
  RuleInfo{"todo-unmatched",            Note,    kAll,        "each todo of the agent's todo list names a task of the task file"},
  // how the file was read: each place the parser departs from a strict CommonMark reading
  RuleInfo{"task-box-glued",            Warning, kAll,        "a task's box is followed by a space, as other Markdown tools need"},
  RuleInfo{"task-indented-as-code",     Warning, kAll,        "a list's first item is not indented into a code block"},
  RuleInfo{"front-matter",              Note,    kAll,        "YAML front matter at the start is read apart from the Markdown"},
  // the reply (extract_reply: extract, parse/validate/diff --reply, apply), in every profile
  RuleInfo{"plan-missing",              Error,   kAll,        "the reply holds a usable <plan> block"},
  RuleInfo{"plan-unclosed",             Warning, kAll,        "every <plan> tag is closed"},
  RuleInfo{"plan-placeholder",          Note,    kAll,        "a placeholder <plan> block was passed over"},
  RuleInfo{"plan-superseded",           Note,    kAll,        "an earlier <plan> block was superseded"},
  RuleInfo{"plan-without-tasks",        Warning, kAll,        "the chosen <plan> block holds checklist items"},
  RuleInfo{"plan-fence",                Note,    kAll,        "a <plan> whose whole body is one code fence is read inside the fence"},
  RuleInfo{"tag-unclosed",              Warning, kAll,        "every signal tag is closed"},
  RuleInfo{"tag-echoed",                Note,    kAll,        "a tag in the echo of the prompt is not the agent's"},
  RuleInfo{"tag-placeholder",           Note,    kAll,        "a placeholder signal block was passed over"},
  RuleInfo{"tag-example",               Note,    kAll,        "a signal block shown as an example was passed over"},
  RuleInfo{"tag-mention",               Note,    kAll,        "a tag mentioned in a sentence opens no block"},
  RuleInfo{"signal-from-example",       Warning, kAll,        "a signal taken from an example's shape: pass --prompt"},
  RuleInfo{"tag-value-invalid",         Error,   kAll,        "a tag read as data (--tag-format json|fields) holds a value of that format"},
  RuleInfo{"transcript-line-invalid",   Warning, kAll,        "every line of a JSON-lines transcript is JSON"},
  RuleInfo{"transcript-unknown",        Error,   kAll,        "a JSON-lines transcript is of a known agent CLI's format"},
  RuleInfo{"transcript-subagent",       Note,    kAll,        "a transcript whose every record is a sub-agent's is read as that sub-agent's answer"},
  // prompt templates (wildplan prompt, --prompt-template)
  RuleInfo{"template-syntax",           Error,   kAll,        "a prompt template is front matter declaring variables, then the prompt"},
  RuleInfo{"template-variable-duplicate", Error, kAll,        "a template variable is declared once"},
  RuleInfo{"template-placeholder-undeclared", Error, kAll,    "every {{name}} placeholder names a declared variable"},
  RuleInfo{"template-variable-missing", Error,   kAll,        "every declared variable is given a value"},
  RuleInfo{"template-variable-undeclared", Error, kAll,       "every value given names a declared variable"},
  RuleInfo{"template-variable-unused",  Warning, kAll,        "every declared variable is used by a placeholder"},
  RuleInfo{"template-vars-invalid",     Error,   kAll,        "a --vars file is one JSON object of names to values"},
  // the configuration file
  RuleInfo{"config-invalid",            Error,   kAll,        "the configuration file is valid"},
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
