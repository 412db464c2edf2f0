#pragma once
// Git: task files read from a repository's index or its history, commits of the work tree, and
// the hooks git runs around them. libgit2 does the git work; wildplan behaves as git does in
// git's environment (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY,
// GIT_COMMON_DIR, ...), so that it reads the index git means when it runs a hook. Every failure
// throws wildplan::Error with libgit2's message.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wildplan/diagnostic.hpp"

namespace wildplan {

struct RepositoryInfo {
  std::string workdir;     ///< the work tree's top, with a final '/'; empty for a bare repository
  std::string gitdir;      ///< the repository's own directory ($GIT_DIR), with a final '/'
  std::string commondir;   ///< what linked worktrees share ($GIT_COMMON_DIR), with a final '/'
  std::string index_file;  ///< the index: $GIT_INDEX_FILE, else <gitdir>index
  std::string hooks_dir;   ///< core.hooksPath (relative to the work tree's top), else
                           ///< <commondir>hooks: one hook serves every linked worktree
};

struct CommitRequest;
struct CommitResult;

struct StagedFile {
  std::string path;   ///< relative to the work tree, '/'-separated
  std::string bytes;  ///< the staged blob
};

/// Which staged files Repository::staged() returns.
enum class StagedScope {
  Changed,  ///< those whose staged content differs from HEAD's (all of them on an unborn branch)
  All,      ///< every one in the index
};

/// A repository, opened once; its index is read on first use.
class Repository {
 public:
  /// The repository holding `dir` (searched upward), found as git finds it: $GIT_DIR when it is
  /// set (then the work tree is $GIT_WORK_TREE, core.worktree, or `dir` itself), with
  /// $GIT_INDEX_FILE, $GIT_OBJECT_DIRECTORY, $GIT_ALTERNATE_OBJECT_DIRECTORIES, $GIT_NAMESPACE,
  /// $GIT_CEILING_DIRECTORIES and $GIT_DISCOVERY_ACROSS_FILESYSTEM applied; relative paths as git
  /// resolves them. Throws Error outside any repository, and when $GIT_COMMON_DIR names another
  /// common directory than the repository records (libgit2 cannot follow that).
  explicit Repository(const std::string& dir);
  ~Repository();
  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;

  const RepositoryInfo& info() const;
  /// The staged (stage 0) blobs whose paths match one of `globs` (shell globs; `*` does not
  /// cross '/'), in index order: by default those a commit would change.
  std::vector<StagedFile> staged(const std::vector<std::string>& globs,
                                 StagedScope scope = StagedScope::Changed) const;
  /// The staged blob at `path` (relative to the work tree), if there is one.
  std::optional<std::string> staged_file(const std::string& path) const;
  /// The blob at `rev:path` (`HEAD:tasks.md`, `main~2:plan.md`); `:path` is the staged one.
  /// Throws Error when the revision or the path does not exist.
  std::string read_blob(const std::string& spec) const;

  /// The paths that `git add -A` would stage: new, modified and deleted files of the work tree
  /// (.gitignore and .git/info/exclude respected) and submodules whose commit moved, relative to
  /// the work tree.
  std::vector<std::string> changed_paths() const;
  /// The hash git would give the work tree file at `path` (relative), or "" when it is gone.
  std::string hash_file(const std::string& path) const;

  /// Commits the work tree as `git add -A && git commit` would; see CommitRequest. Throws
  /// HookFailed when a hook refuses, Error for every other failure; either way the index and
  /// HEAD are as they were.
  CommitResult commit(const CommitRequest& request);
  /// Records the changed paths and their content hashes under `<gitdir>/wildplan/snapshot`, for
  /// a later commit with CommitRequest::from_snapshot.
  void write_snapshot() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// True when `path` matches one of `globs`.
bool path_matches(std::string_view path, const std::vector<std::string>& globs);

/// The paths of git's `--name-only` output: one per line, a name git quotes (`"caf\303\251.md"`,
/// core.quotePath; a name with a control character, `"` or `\`) unquoted as git reads it back.
/// nullopt when a quoted line is not valid quoting. Reads no repository: no libgit2.
std::optional<std::vector<std::string>> parse_git_names(std::string_view text);

struct Identity {
  std::string name, email;
};

/// "Name <email>" -> Identity; nullopt when it is not of that form.
std::optional<Identity> parse_identity(std::string_view text);

struct CommitRequest {
  std::string message;             ///< the whole message, trailers included
  std::optional<Identity> author;  ///< else GIT_AUTHOR_*, else user.name/user.email
  bool from_snapshot = false;      ///< stage only the paths changed since write_snapshot()
  /// Run the hooks `git commit` runs, in its order: the work tree is staged into `index.lock`
  /// first, then pre-commit (GIT_INDEX_FILE naming it), prepare-commit-msg and commit-msg (with
  /// the message file, which they may edit), the commit, post-commit. Without it, no hook runs.
  bool verify = false;
  std::chrono::milliseconds lock_timeout{5000};  ///< for a held index.lock
};

/// Why a changed path was not staged.
enum class LeftOutReason {
  BeforeSnapshot,    ///< from_snapshot: changed before the snapshot and untouched since
  NestedRepository,  ///< a repository of its own that is not a submodule
};

struct LeftOut {
  std::string path;
  LeftOutReason reason;
};

/// A short stable name for `r` ("before-snapshot", "nested-repository"), and a sentence.
std::string_view to_string(LeftOutReason r);
std::string_view describe(LeftOutReason r);

struct CommitResult {
  bool committed = false;           ///< false: nothing to commit
  std::string id;                   ///< the new commit's hex id
  bool first = false;               ///< the branch was unborn
  bool detached = false;            ///< HEAD is detached: the commit is on no branch
  std::string branch;               ///< e.g. "refs/heads/main"
  std::vector<std::string> staged;  ///< the paths staged for it
  std::vector<LeftOut> left_out;    ///< changed, and not staged: why
};

/// A hook refused the commit (CommitRequest::verify).
class HookFailed : public Error {
 public:
  using Error::Error;
};

enum class HookOutcome { Installed, Updated, Removed, Absent };

/// Writes a pre-commit hook into `repo.hooks_dir` that runs `wildplan validate --staged`: the
/// wildplan on the PATH, else `fallback` (the binary that installs it); when neither can run,
/// the hook fails saying how to fix it. Throws Error when a pre-commit hook that wildplan did not
/// write is there: it is never overwritten.
HookOutcome install_hook(const RepositoryInfo& repo, const std::string& fallback);
/// Removes wildplan's pre-commit hook; throws Error when the hook there is not wildplan's.
HookOutcome uninstall_hook(const RepositoryInfo& repo);

}  // namespace wildplan
