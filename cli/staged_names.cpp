// The task files among the staged names git listed (staged_names.hpp).
#include "staged_names.hpp"

#include <cstdlib>
#include <filesystem>

#include "command.hpp"
#include "wildplan/workspace.hpp"
#include "wildplan/git.hpp"

namespace wildplan::cli {
namespace {

namespace fs = std::filesystem;

/// The work tree's top as git finds it from the environment: $GIT_WORK_TREE, else with $GIT_DIR
/// the current directory, else the directory holding `.git` at or above it.
std::optional<fs::path> work_tree_top() {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (ec) return std::nullopt;
  if (const char* wt = std::getenv("GIT_WORK_TREE"); wt && *wt) return fs::absolute(wt, ec);
  if (const char* gd = std::getenv("GIT_DIR"); gd && *gd) return cwd;
  if (auto top = repository_top(cwd.string())) return fs::path(*top);
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<std::string>> task_files_among_names(
    const std::string& from, const std::optional<std::string>& config) {
  const Source src = read_source(from);
  const auto names = parse_git_names(src.bytes());
  if (!names)
    throw UsageError("--names-from '" + from + "': a line is not a name as git quotes it");
  const auto top = work_tree_top();
  if (!top) return std::nullopt;
  for (const std::string& n : *names) {
    if (n == ".wildplan.json" && !config) return std::nullopt;
  }
  const Config c = load_config(config, top->string()).config;
  std::vector<std::string> out;
  for (const std::string& n : *names) {
    if (path_matches(n, c.task_files)) out.push_back((*top / n).string());
  }
  return out;
}

}  // namespace wildplan::cli
