#pragma once
// What the task-state commands share: which file, its configuration, and the parsed plan.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "terminal.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/rules.hpp"
#include "wildplan/workspace.hpp"

namespace wildplan::cli {

struct TaskFileOptions {
  std::string file;                   ///< --file; empty: found (locate(), workspace.hpp)
  std::optional<std::string> session;  ///< --session: .agents/wild/<ID>/tasks.md
  std::optional<std::string> config;  ///< --config
  bool json = false;
};

/// Adds --file, --config and --json to a task-state command.
void add_task_file_options(CLI::App* sub, TaskFileOptions& o);

/// The task file to use and its configuration (the status map among it).
struct TaskFile {
  std::string path;
  Config config;
};
/// The task file named (--file) or found (locate()); a file found by discovery among the
/// sessions' is named on stderr, so that a person always knows which file a verb read or edited.
TaskFile find_task_file(const TaskFileOptions& o, Terminal& term);

/// The workspace of a command: locate() with `request`, the picked file named on stderr.
Workspace locate_workspace(const LocateRequest& request, Terminal& term);

/// Parses `src` with the configuration's status map.
Plan parse_tasks(const Source& src, const Config& config);

/// Throws UsageError when `plan` has no phase numbered `number`, naming the phases it has.
void require_phase(const Plan& plan, const std::string& number);

}  // namespace wildplan::cli
