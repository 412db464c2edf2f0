#pragma once
// Finding the task file and the configuration for a command (the CLI's only disk lookups).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "wildplan/rules.hpp"

namespace wildplan::cli {

/// The task file to use when none is named: $WILDPLAN_TASKS, ./tasks.md, else the most recently
/// modified .agents/wild/*/tasks.md under the repository root (the loop's layout). Throws
/// UsageError listing what was tried.
std::string default_task_file();

/// The directory holding `.git` at or above `dir`, if any.
std::optional<std::filesystem::path> repository_root(const std::filesystem::path& dir);

/// The configuration: `explicit_path` when given, else the first `.wildplan.json` found upward
/// from `dir`, else the defaults. Prints its problems and throws UsageError when it is invalid.
struct LoadedConfig {
  Config config;
  std::optional<std::string> path;
};
LoadedConfig load_config(const std::optional<std::string>& explicit_path,
                         const std::filesystem::path& dir, class Terminal& term);

}  // namespace wildplan::cli
