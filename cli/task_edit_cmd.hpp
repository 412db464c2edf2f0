#pragma once
// What the verbs that name one task share (show, remove, move, edit): the reference (an id or
// --match), and, for the edits, the dry run, the lock, the outcome and its report.

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>

#include "command.hpp"
#include "task_cmd.hpp"
#include "wildplan/edit.hpp"

namespace wildplan::cli {

struct TaskRefOptions {
  TaskFileOptions file;
  std::string id;
  std::optional<std::string> match;
};

/// Adds the ID operand and --match (and --file, --config, --json).
void add_task_ref_options(CLI::App* sub, TaskRefOptions& o);

/// The task `o` names in `plan`: an Error naming the candidates when it names none or several.
std::size_t resolve_one(const Plan& plan, const TaskRefOptions& o);

struct TaskEditOptions {
  TaskRefOptions ref;
  bool dry_run = false;
  double lock_timeout = 5.0;
};

/// Adds --dry-run and --lock-timeout, and the reference options.
void add_task_edit_options(CLI::App* sub, TaskEditOptions& o);

/// Runs an edit: `change` (given the bytes under the lock, their plan and the task named) fills
/// the outcome and returns the new bytes (nothing: leave the file). Then the report: the
/// document (`kind`) with --json, the diff of a dry run, or `verb: #N ID title`; a refusal on
/// stderr and exit 1.
int run_task_edit(const TaskEditOptions& o, Terminal& term, std::string_view kind,
                  std::string_view verb,
                  const std::function<std::optional<std::string>(
                      const Source&, const Plan&, std::size_t, const Config&, TaskEditOutcome&)>&
                      change);

/// The summaries of the tasks of `plan` at `indices`.
std::vector<TaskSummary> summaries(const Plan& plan, const std::vector<std::size_t>& indices);

}  // namespace wildplan::cli
