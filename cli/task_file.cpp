#include "task_file.hpp"

#include <cstdlib>
#include <system_error>

#include "command.hpp"

namespace wildplan::cli {

namespace fs = std::filesystem;

std::optional<fs::path> repository_root(const fs::path& dir) {
  std::error_code ec;
  fs::path p = fs::absolute(dir, ec);
  for (; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p;
    if (p == p.parent_path()) break;
  }
  return std::nullopt;
}

std::string default_task_file() {
  std::vector<std::string> tried;
  if (const char* env = std::getenv("WILDPLAN_TASKS"); env && *env) return env;
  tried.push_back("$WILDPLAN_TASKS (unset)");
  std::error_code ec;
  if (fs::is_regular_file("tasks.md", ec)) return "tasks.md";
  tried.push_back("./tasks.md");
  if (const auto root = repository_root(fs::current_path(ec))) {
    const fs::path wild = *root / ".agents" / "wild";
    std::optional<fs::path> newest;
    fs::file_time_type newest_time{};
    for (fs::directory_iterator it(wild, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path candidate = it->path() / "tasks.md";
      std::error_code e2;
      const auto t = fs::last_write_time(candidate, e2);
      if (!e2 && (!newest || t > newest_time)) {
        newest = candidate;
        newest_time = t;
      }
    }
    if (newest) return fs::relative(*newest, fs::current_path(ec), ec).string();
    tried.push_back((wild / "*" / "tasks.md").string());
  } else {
    tried.push_back(".agents/wild/*/tasks.md (not inside a git repository)");
  }
  std::string msg = "no task file found; tried:";
  for (const auto& t : tried) msg += "\n  " + t;
  msg += "\nname the task file, or set WILDPLAN_TASKS";
  throw UsageError(msg);
}

LoadedConfig load_config(const std::optional<std::string>& explicit_path, const fs::path& dir,
                         Terminal& term) {
  LoadedConfig out;
  std::optional<std::string> path = explicit_path;
  if (!path) {
    std::error_code ec;
    for (fs::path p = fs::absolute(dir, ec); !p.empty(); p = p.parent_path()) {
      if (fs::is_regular_file(p / ".wildplan.json", ec)) {
        path = (p / ".wildplan.json").string();
        break;
      }
      if (p == p.parent_path()) break;
    }
  }
  if (!path) return out;
  const Source src = read_source(*path);
  Parsed<Config> parsed = parse_config(src);
  if (!parsed) {
    term.diagnostics(term.err_stream(), &src, parsed.diagnostics);
    throw UsageError("invalid configuration '" + *path + "'");
  }
  out.config = std::move(*parsed.value);
  out.path = path;
  return out;
}

}  // namespace wildplan::cli
