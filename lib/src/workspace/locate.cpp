// locate(): the one lookup of the task file, its configuration and the repository's top
// (workspace.hpp has the order).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "wildplan/git.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/workspace.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v && *v;
}

/// $GIT_CEILING_DIRECTORIES: absolute paths, ':'-separated (git(1)); an empty entry is none.
std::vector<fs::path> ceiling_directories() {
  std::vector<fs::path> out;
  const char* v = std::getenv("GIT_CEILING_DIRECTORIES");
  for (std::string_view rest = v ? v : ""; !rest.empty();) {
    const std::size_t colon = std::min(rest.find(':'), rest.size());
    const fs::path p(std::string(rest.substr(0, colon)));
    if (p.is_absolute()) out.push_back(p.lexically_normal());
    rest.remove_prefix(std::min(colon + 1, rest.size()));
  }
  return out;
}

/// The nearest directory from `dir` upward holding `.git`, not entering a ceiling directory.
std::optional<fs::path> walk_up_to_git(const fs::path& dir) {
  std::error_code ec;
  const std::vector<fs::path> ceilings = ceiling_directories();
  for (fs::path p = fs::absolute(dir, ec).lexically_normal(); !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p;
    const fs::path up = p.parent_path();
    if (up == p || std::find(ceilings.begin(), ceilings.end(), up) != ceilings.end()) break;
  }
  return std::nullopt;
}

std::string without_final_slash(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

/// `p` relative to the current directory when it lies under it, else as it is.
std::string as_user_path(const fs::path& p) {
  std::error_code ec;
  const fs::path rel = fs::relative(p, fs::current_path(ec), ec);
  if (ec || rel.empty() || *rel.begin() == "..") return p.string();
  return rel.string();
}

fs::path session_file(const std::string& session, const fs::path& base) {
  const std::string clean = sanitize_line(session);
  if (clean.empty() || clean.find('/') != std::string::npos || clean == "." || clean == "..") {
    throw Error("--session '" + session + "' cannot name a directory under .agents/wild/");
  }
  return (base / ".agents" / "wild" / clean / "tasks.md").lexically_normal();
}

/// The session files under `top`, sorted.
std::vector<fs::path> session_files(const fs::path& top) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(top / ".agents" / "wild", ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code e2;
    if (fs::is_regular_file(it->path() / "tasks.md", e2)) out.push_back(it->path() / "tasks.md");
  }
  std::sort(out.begin(), out.end());
  return out;
}

[[noreturn]] void several_sessions(const std::vector<fs::path>& files) {
  std::string msg = "more than one session's task file could be meant:";
  for (const fs::path& f : files) msg += "\n  " + as_user_path(f);
  msg += "\nname one: -f FILE, --session ID, or WILDPLAN_TASKS=FILE";
  throw Error(msg);
}

[[noreturn]] void none_found(const std::vector<std::string>& tried) {
  std::string msg = "no task file found; tried:";
  for (const std::string& t : tried) msg += "\n  " + t;
  msg += "\nname the task file (-f FILE), or set WILDPLAN_TASKS";
  throw Error(msg);
}

/// The task file and how it was found (the order in workspace.hpp).
std::pair<std::string, TaskFileOrigin> find_task_file(const LocateRequest& r,
                                                      const std::optional<std::string>& top) {
  const fs::path dir(r.dir);
  if (r.task_file) return {*r.task_file, TaskFileOrigin::Named};
  if (r.session) {
    return {session_file(*r.session, top ? fs::path(*top) : fs::absolute(dir)).string(),
            TaskFileOrigin::Session};
  }
  if (env_set("WILDPLAN_TASKS")) return {std::getenv("WILDPLAN_TASKS"), TaskFileOrigin::Environment};
  std::vector<std::string> tried = {"$WILDPLAN_TASKS (unset)"};
  std::error_code ec;
  const fs::path here = (dir / "tasks.md").lexically_normal();
  if (fs::is_regular_file(here, ec)) return {here.string(), TaskFileOrigin::CurrentDirectory};
  tried.push_back((dir / "tasks.md").string());
  if (top) {
    const std::vector<fs::path> files = session_files(*top);
    if (files.size() == 1) return {as_user_path(files[0]), TaskFileOrigin::Discovered};
    if (files.size() > 1) several_sessions(files);
    tried.push_back((fs::path(*top) / ".agents" / "wild" / "*" / "tasks.md").string());
  } else {
    tried.push_back(".agents/wild/*/tasks.md (not inside a git repository)");
  }
  if (r.may_create) return {here.string(), TaskFileOrigin::New};
  none_found(tried);
}

}  // namespace

const char* to_string(TaskFileOrigin o) {
  switch (o) {
    case TaskFileOrigin::Named:
      return "named";
    case TaskFileOrigin::Session:
      return "session";
    case TaskFileOrigin::Environment:
      return "environment";
    case TaskFileOrigin::CurrentDirectory:
      return "current-directory";
    case TaskFileOrigin::Discovered:
      return "discovered";
    case TaskFileOrigin::New:
      return "new";
  }
  return "named";
}

std::optional<std::string> repository_top(const std::string& dir) {
  if (env_set("GIT_DIR") || env_set("GIT_WORK_TREE")) {
    // git's environment decides: ask libgit2, as every git verb does.
    const Repository repo(dir);
    if (repo.info().workdir.empty()) return std::nullopt;
    return without_final_slash(repo.info().workdir);
  }
  if (const auto top = walk_up_to_git(dir)) return top->string();
  return std::nullopt;
}

LoadedConfig load_config(const std::optional<std::string>& named, const std::string& dir) {
  LoadedConfig out;
  std::optional<std::string> path = named;
  std::error_code ec;
  for (fs::path p = fs::absolute(dir.empty() ? "." : dir, ec); !path && !p.empty();
       p = p.parent_path()) {
    if (fs::is_regular_file(p / ".wildplan.json", ec)) path = (p / ".wildplan.json").string();
    if (p == p.parent_path()) break;
  }
  if (!path) return out;
  Source src = read_source(*path);
  Parsed<Config> parsed = parse_config(src);
  if (!parsed) {
    throw ConfigError("invalid configuration '" + *path + "'", std::move(src),
                      std::move(parsed.diagnostics));
  }
  out.config = std::move(*parsed.value);
  out.path = std::move(path);
  return out;
}

Workspace locate(const LocateRequest& request) {
  Workspace w;
  w.top = repository_top(request.dir);
  std::tie(w.task_file, w.origin) = find_task_file(request, w.top);
  const std::string dir = fs::path(w.task_file).parent_path().string();
  LoadedConfig config = load_config(request.config, dir.empty() ? "." : dir);
  w.config = std::move(config.config);
  w.config_file = std::move(config.path);
  return w;
}

}  // namespace wildplan

namespace wildplan {
namespace {

/// `file` (relative to the current directory) as a path of the work tree, or nullopt when it is
/// outside it. The directory is resolved as libgit2 resolves the work tree (symlinks followed),
/// the file not: a symlinked task file is named by its own path.
std::optional<std::string> work_tree_path(const std::string& file, const std::string& workdir) {
  const fs::path abs = fs::absolute(file).lexically_normal();
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(abs.parent_path(), ec);
  if (ec) dir = abs.parent_path();
  const fs::path rel = (dir / abs.filename()).lexically_relative(fs::weakly_canonical(workdir, ec));
  if (rel.empty() || *rel.begin() == ".." || rel == ".") return std::nullopt;
  return rel.generic_string();
}

/// The configuration of a staged commit: named, else the staged `.wildplan.json`, else the
/// work tree's.
LoadedConfig staged_config(const Repository& repo, const StagedRequest& r) {
  if (r.config) return load_config(r.config, ".");
  if (auto staged = repo.staged_file(".wildplan.json")) {
    Source src(".wildplan.json (staged)", std::move(*staged));
    Parsed<Config> parsed = parse_config(src);
    if (!parsed) {
      throw ConfigError("invalid staged configuration '.wildplan.json'", std::move(src),
                        std::move(parsed.diagnostics));
    }
    return {std::move(*parsed.value), ".wildplan.json (staged)"};
  }
  if (repo.info().workdir.empty()) return {};
  return load_config(std::nullopt, repo.info().workdir);
}

std::vector<StagedFile> named_staged_files(const Repository& repo, const StagedRequest& r) {
  const std::string& workdir = repo.info().workdir;
  if (workdir.empty()) throw Error("a bare repository has no work tree to name FILEs in");
  std::vector<StagedFile> out;
  for (const std::string& f : r.files) {
    const auto path = work_tree_path(f, workdir);
    if (!path) throw Error("'" + f + "' is outside the work tree '" + workdir + "'");
    auto bytes = repo.staged_file(*path);
    if (!bytes) throw Error("'" + f + "' is not staged: there is nothing of it to judge");
    out.push_back({*path, std::move(*bytes)});
  }
  return out;
}

}  // namespace

StagedWorkspace locate_staged(const Repository& repo, const StagedRequest& r) {
  if (r.all && !r.files.empty()) throw Error("--all takes no FILE: it reads the whole index");
  StagedWorkspace w;
  w.top = without_final_slash(repo.info().workdir);
  w.config = staged_config(repo, r).config;
  std::vector<StagedFile> files =
      r.files.empty()
          ? repo.staged(w.config.task_files, r.all ? StagedScope::All : StagedScope::Changed)
          : named_staged_files(repo, r);
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  const ParseOptions options{w.config.statuses};
  for (StagedFile& f : files) {
    std::string name = f.path;
    if (!w.top.empty()) {
      const fs::path rel = (fs::path(w.top) / f.path).lexically_relative(cwd);
      if (!rel.empty()) name = rel.string();
    }
    w.documents.push_back(parse_document(
        std::make_shared<const Source>(std::move(name), std::move(f.bytes)), {}, options));
  }
  return w;
}

}  // namespace wildplan
