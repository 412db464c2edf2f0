#pragma once
// Rules and profiles: what a good plan looks like, as checks with stable ids. Each rule has a
// default severity and belongs to some profiles; the configuration can switch rules off, change
// severities and limits; `<!-- wildplan-disable RULE -->` comments suppress them in a file.

#include <array>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wildplan/diagnostic.hpp"
#include "wildplan/document.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/source.hpp"
#include "wildplan/tag_values.hpp"

namespace wildplan {

enum class Profile { Auto, V2Planning, V2Phased, Generic, V2Compact };

/// "auto", "v2-planning", "v2-phased", "generic", "v2-compact".
const char* to_string(Profile p);
std::optional<Profile> profile_from_string(std::string_view name);

/// Profiles as bits, for RuleInfo::profiles.
inline constexpr unsigned kInPlanning = 1, kInPhased = 2, kInGeneric = 4, kInCompact = 8;

struct RuleInfo {
  const char* id;           ///< stable, kebab-case, never renamed
  Severity severity;        ///< the default
  unsigned profiles;        ///< the profiles that check it (kInPlanning | ...)
  const char* description;  ///< one line: what it checks
  const char* help;         ///< one or two sentences, Markdown (`code`): what a finding means
  const char* anchor;       ///< the README anchor that documents it, without '#'
};

/// Every rule, in one table (also the order of SARIF's rule list).
std::span<const RuleInfo> all_rules();
const RuleInfo* find_rule(std::string_view id);
/// The default severity of rule `id` (Warning for an id the table does not know).
Severity default_severity(std::string_view id);

/// Numbers a profile checks against.
struct Limits {
  int min_tasks = 0, max_tasks = 0;              ///< top-level tasks; 0: no limit
  int min_phases = 0, max_phases = 0;            ///< v2-phased
  int min_phase_tasks = 0, max_phase_tasks = 0;  ///< tasks per phase, v2-phased
  int min_words = 3;                             ///< task-vague: fewer words than this
};

/// v2-planning: 5-15 tasks; v2-phased: 4-6 phases of 2-6 tasks, 10-25 in all; v2-compact (the
/// loop's newest planning prompt): 2-4 phases of 2-4 tasks, 4-16 in all.
Limits default_limits(Profile p);

/// Words that make a goal experimental: a word of the goal that starts with one of these (or a
/// phrase the goal contains) turns on the sweep and run rules.
const std::vector<std::string>& default_experiment_words();

/// A `.wildplan.json` file.
struct Config {
  std::optional<Profile> profile;
  /// rule id -> severity; nullopt switches the rule off
  std::map<std::string, std::optional<Severity>, std::less<>> rules;
  std::map<std::string, int, std::less<>> limits;  ///< Limits member name -> value
  std::optional<std::vector<std::string>> experiment_words;
  StatusMap statuses;
  std::vector<std::string> task_files = {"tasks.md", ".agents/wild/*/tasks.md"};
  std::vector<std::string> tags;  ///< more tags to read from replies as signals (ExtractOptions)
  /// `{"name": ..., "format": ...}` entries of `tags`: read as data (ExtractOptions::formats)
  std::vector<std::pair<std::string, TagFormat>> tag_formats;
  /// "commit": {"exclude": [...]}: paths the loop's commits leave out (CommitRequest::exclude),
  /// git `:(top,glob)` pathspecs, each checked with exclude_pattern_error().
  std::vector<std::string> commit_exclude;
};

/// Parses a configuration file. Unknown keys and wrong types are errors that name their JSON
/// path (`$.rules.task-vauge`), positioned in the file.
Parsed<Config> parse_config(const Source& json);

/// The configuration's `rules` applied to diagnostics made outside validate() (a reply's, from
/// extract_reply): a rule switched off is removed, a configured severity replaces the default.
void apply_rule_settings(const Config& config, std::vector<Diagnostic>& diagnostics);

struct ValidateOptions {
  const Config* config = nullptr;  ///< none: the defaults
  std::optional<Profile> profile;  ///< overrides the configuration's
  /// The loop's own step (apply): when neither `profile` nor the configuration names one, the
  /// profile is the loop's (v2-phased or v2-compact for a phased plan, else v2-planning), never
  /// generic, so that a plan that leaves a section out does not escape the loop's rules.
  bool loop = false;
  std::optional<std::string> goal;       ///< goal-mismatch: the goal the loop was given
  const Document* reply_plan = nullptr;  ///< plan-differs: the plan selected from a reply
};

struct Validation {
  Profile profile = Profile::Generic;   ///< the profile used (never Auto)
  std::string profile_reason;           ///< why, when it was chosen automatically
  std::vector<Diagnostic> diagnostics;  ///< in source order, after configuration and suppression
  std::size_t errors = 0, warnings = 0, notes = 0;
  std::array<std::size_t, kStatusCount> counts{};  ///< the tasks judged, by status (Plan::counts)
};

/// The profile validate() holds `plan` to, and why: `options.profile`, else the
/// configuration's, else the one its shape asks for (below).
std::pair<Profile, std::string> profile_for(const Plan& plan, const ValidateOptions& options = {});

/// Checks `doc` (its plan, and its parse diagnostics, which are reported too) against the rules
/// of the profile: the one given, else the configuration's, else the one the document's shape
/// asks for (v2-compact: phase headings with [Pn-Tm] ids, no fields, no analytics contract, at
/// most 4 phases; v2-phased: phase headings with [Pn-Tm] ids or deliverable/done-when fields;
/// v2-planning: a Goal section, or a Tasks section with `Task N:` ids; else generic).
Validation validate(const Document& doc, const ValidateOptions& options = {});

// What the agent says against what the task file holds (lib/src/rules/promise.cpp). Each returns
// the findings positioned in the Document it is given; severities are the rule table's defaults
// (apply_rule_settings() applies a configuration's).

/// `promise` against the task file `tasks`: warning promise-done-open-tasks when it is DONE and
/// open tasks (todo, in progress, blocked, of an unknown status) remain (at the first of them,
/// naming up to five); note all-done-no-promise when every task is done or cancelled (at least
/// one done) and no DONE came. Nothing for a file without tasks.
std::vector<Diagnostic> check_promise(const Document& tasks,
                                      const std::optional<std::string>& promise);

struct TodoList;  // transcript.hpp

/// Warning plan-todos-differ for each task of the reply's plan (`plan`, Reply::plan, in the
/// reply's positions) whose todo in `todos` (matched as match_todos() matches) says another
/// status; at the plan's task. A todo list that cannot say "in progress" (codex exec's
/// `todo_list`: completed or not) is compared on done or not done only.
std::vector<Diagnostic> check_plan_todos(const Document& plan, const TodoList& todos,
                                         const StatusMap& statuses = {});

/// Note checked-without-change for each task done in `after` (the task file as committed) that
/// was not done in `before` (the same file at the last commit; matched by diff_plans()'s
/// identity), positioned in `after`. The caller asks only when the iteration's commit changed no
/// file but the task file: a task checked off with no work to show for it.
std::vector<Diagnostic> check_checked_without_change(const Document& before,
                                                     const Document& after);

}  // namespace wildplan
