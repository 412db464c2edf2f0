#pragma once
// The workspace: where the task file is, which configuration applies to it, and where the
// repository's work tree has its top. One lookup, locate(), answers for every verb and for the
// loop's apply, so that "which tasks.md" has one answer everywhere.
//
// The task file, in this order:
//   1. the one named (`-f FILE`, `apply --tasks FILE`);
//   2. `--session ID`: `.agents/wild/<ID>/tasks.md` at the repository's top (the loop's layout;
//      outside a repository, under the directory the lookup starts in);
//   3. `$WILDPLAN_TASKS`;
//   4. `tasks.md` in the directory the lookup starts in;
//   5. the session file `.agents/wild/*/tasks.md` under the repository's top, when there is
//      exactly one: with several, none is guessed (Error listing them, and how to name one);
//   6. none: `tasks.md` in the starting directory when the caller may create it (apply),
//      else Error listing what was tried.
// The configuration: the one named (`--config`), else the first `.wildplan.json` found from
// the task file's directory upward, else the defaults.
// The repository's top is found as git finds it: with $GIT_DIR or $GIT_WORK_TREE set, by
// libgit2 in git's environment (as every git verb finds it); otherwise the nearest directory
// upward holding `.git` (a directory, or a linked worktree's file), not crossing
// $GIT_CEILING_DIRECTORIES, without loading libgit2.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wildplan/diagnostic.hpp"
#include "wildplan/rules.hpp"
#include "wildplan/source.hpp"

namespace wildplan {

/// How the task file was found.
enum class TaskFileOrigin {
  Named,             ///< named by the user
  Session,           ///< `.agents/wild/<session>/tasks.md` for the session given
  Environment,       ///< $WILDPLAN_TASKS
  CurrentDirectory,  ///< `tasks.md` in the starting directory
  Discovered,        ///< the one session file under the repository's top
  New,               ///< none found: `tasks.md` in the starting directory, to be created
};

/// "named", "session", "environment", "current-directory", "discovered", "new".
const char* to_string(TaskFileOrigin o);

struct LocateRequest {
  std::optional<std::string> task_file;  ///< named by the user
  std::optional<std::string> session;    ///< the loop's session id
  std::optional<std::string> config;     ///< a configuration file named by the user
  std::string dir = ".";                 ///< where the lookup starts (apply's --repo)
  bool may_create = false;               ///< the caller writes a task file that is not there
};

struct Workspace {
  std::string task_file;  ///< as the user would name it: relative to the current directory
  TaskFileOrigin origin = TaskFileOrigin::Named;
  /// The repository work tree's top, absolute, without a final '/'; none outside a repository.
  std::optional<std::string> top;
  std::optional<std::string> config_file;  ///< the configuration read; none: the defaults
  Config config;

  /// True when the task file was picked without the user naming it in any way (discovered
  /// among the session files): a verb that edits it should say which file it is.
  bool picked() const { return origin == TaskFileOrigin::Discovered; }
};

/// An invalid configuration file: its diagnostics (positioned in `source`) say why.
class ConfigError : public Error {
 public:
  ConfigError(const std::string& what, Source source, std::vector<Diagnostic> diagnostics)
      : Error(what), source_(std::move(source)), diagnostics_(std::move(diagnostics)) {}
  const Source& source() const { return source_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  Source source_;
  std::vector<Diagnostic> diagnostics_;
};

/// Finds the workspace (the order above). Throws Error when no task file is found (and the
/// caller may not create one) or several session files could be meant, naming them and how to
/// choose; Error when `session` cannot name a directory; ConfigError when the configuration is
/// invalid; Error when it cannot be read.
Workspace locate(const LocateRequest& request);

/// The configuration for a task file in `dir`: `named`, else the first `.wildplan.json` from
/// `dir` upward, else the defaults (then `path` is empty). Throws as locate() does.
struct LoadedConfig {
  Config config;
  std::optional<std::string> path;
};
LoadedConfig load_config(const std::optional<std::string>& named, const std::string& dir);

/// What the pre-commit hook judges (`validate --staged`): the staged task files and the
/// configuration they are judged with.
struct StagedRequest {
  /// Files named (relative to the current directory; what the pre-commit framework passes):
  /// their staged blobs, whatever the globs. Empty: the task files (Config::task_files) whose
  /// staged content differs from HEAD's, or with `all`, every task file in the index.
  std::vector<std::string> files;
  bool all = false;
  std::optional<std::string> config;  ///< named; else the staged `.wildplan.json`, else the work tree's
};

struct StagedWorkspace {
  std::string top;  ///< the work tree's top, absolute, without a final '/'
  Config config;
  /// The staged blobs, each named by its path relative to the current directory (as a person
  /// standing there would name it), in index order.
  std::vector<Document> documents;
};

/// The staged task files of `repository` (git.hpp) and their configuration. Throws Error when a
/// FILE named is outside the work tree or not staged, when `all` is given with FILEs, for a bare
/// repository with FILEs; ConfigError when the configuration is invalid.
StagedWorkspace locate_staged(const class Repository& repository, const StagedRequest& request);

/// The top of the work tree of the repository holding `dir` (see above), absolute, without a
/// final '/'; none outside a repository or for a bare one.
std::optional<std::string> repository_top(const std::string& dir);

}  // namespace wildplan
