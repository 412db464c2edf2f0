#pragma once
// Git: task files read from a repository's index or its history, commits of the work tree, and
// the hooks git runs around them. libgit2 does the git work; wildplan behaves as git does in
// git's environment (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY,
// GIT_COMMON_DIR, ...), so that it reads the index git means when it runs a hook. Every failure
// throws wildplan::Error with libgit2's message.

#include <chrono>
#include <cstdint>
#include <functional>
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

/// What a snapshot holds (Repository::write_snapshot): what commits from it leave out.
struct Snapshot {
  /// Paths changed when it was taken, sorted, relative to the work tree: left out of every commit
  /// from it (LeftOutReason::BeforeSnapshot), whatever later edits they get, until committed.
  std::vector<std::string> held;
  std::vector<std::string> exclude;  ///< patterns given to it (CommitRequest::exclude), in order
};

struct StagedFile {
  std::string path;   ///< relative to the work tree, '/'-separated
  std::string bytes;  ///< the staged blob
};

/// Which staged files Repository::staged() returns.
enum class StagedScope {
  Changed,  ///< those whose staged content differs from HEAD's (all of them on an unborn branch)
  All,      ///< every one in the index
};

/// One commit of a file's history, as Repository::walk_file() hands it over. The views are valid
/// during the call only.
struct FileVersion {
  std::string_view commit;   ///< the commit's hex id
  std::int64_t time = 0;     ///< committer time, seconds since the epoch
  int offset = 0;            ///< the committer's time zone, minutes east of UTC
  std::string_view message;  ///< the whole message, as written
  bool base = false;         ///< the `since` commit: the version the first one follows
  bool changed = false;      ///< the file differs from the version before (else: kept_unchanged)
  bool present = false;      ///< a file (a blob) is at the path in this commit
  std::string_view blob;     ///< the file's blob id (hex); empty when absent
  /// The blob id (hex) of the version this one is compared with: the previous version handed
  /// over, or with FileWalk::all_parents the first parent's; empty when there was none.
  std::string_view before;
  std::string_view bytes;    ///< the file's bytes, when present and changed (or the base)
};

/// Which commits Repository::walk_file() hands over.
struct FileWalk {
  std::string path;  ///< relative to the work tree's top, '/'-separated
  std::optional<std::string> since;  ///< a revision: only the commits after it (`git log REV..`)
  bool all_parents = false;  ///< every parent of a merge, not only the first
  /// Called with the message of a commit that left the file as it was: true hands it over too.
  std::function<bool(std::string_view message)> keep_unchanged;
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
  /// The commits reachable from HEAD, oldest first (parents before children), whose file at
  /// `walk.path` changed (another blob, appeared, gone), handed to `visit` with its bytes: on
  /// first parents, against the commit before; with `walk.all_parents`, every commit that
  /// differs from each of its parents (a merge that took one side's file as it was is not a
  /// change, as for `git log`). With `walk.since`, first the version at that commit, as the
  /// base. Unchanged commits are skipped without reading the file (`walk.keep_unchanged` sees
  /// their message). An unborn HEAD has no commits. Returns how many commits were walked.
  /// Throws Error when the revision does not exist or libgit2 fails.
  std::size_t walk_file(const FileWalk& walk,
                        const std::function<void(const FileVersion&)>& visit) const;

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
  /// Records under `<gitdir>/wildplan/snapshot`, for later commits with
  /// CommitRequest::from_snapshot, the paths changed now (in the work tree or in the index,
  /// against HEAD: a person's work in progress) but those matching `task_files` (globs as
  /// path_matches() takes them, the configuration's `task_files`: the loop's own record, which
  /// its commits carry), and `exclude` (patterns as CommitRequest::exclude takes them); what it
  /// recorded. Throws Error when a pattern is not one, and as commit() does.
  Snapshot write_snapshot(const std::vector<std::string>& exclude = {},
                          const std::vector<std::string>& task_files = {}) const;
  /// After a commit from the snapshot: the paths it holds that are still changed stay held, those
  /// committed since (by a person: the loop never commits them) are let go; its patterns stay.
  /// Paths changed since it was taken are never added. Throws Error when there is no snapshot.
  Snapshot renew_snapshot() const;

 private:
  /// changed_paths() and the paths staged against HEAD: a person's work in progress, sorted.
  std::vector<std::string> changed_or_staged_paths() const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// True when `path` matches one of `globs`.
bool path_matches(std::string_view path, const std::vector<std::string>& globs);

/// Why `pattern` is not an exclude pattern (CommitRequest::exclude) -- "a '[' is not closed by
/// ']'" -- or nullopt when it is one.
std::optional<std::string> exclude_pattern_error(std::string_view pattern);
/// Whether the exclude pattern `pattern` matches `path` ('/'-separated, relative to the work
/// tree's top) or a leading directory of it, as git matches a `:(top,glob)` pathspec; false when
/// the pattern is not one.
bool exclude_pattern_matches(std::string_view pattern, std::string_view path);
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
  /// Leave out the paths the snapshot holds and those its patterns match (Repository::
  /// write_snapshot); throws Error when there is no snapshot.
  bool from_snapshot = false;
  /// Paths to leave out (LeftOutReason::Excluded), even when staged: git's `:(top,glob)`
  /// pathspecs, relative to the work tree's top (exclude_pattern_error() says which are not).
  std::vector<std::string> exclude;
  /// Run the hooks `git commit` runs, in its order: the work tree is staged into `index.lock`
  /// first, then pre-commit (GIT_INDEX_FILE naming it), prepare-commit-msg and commit-msg (with
  /// the message file, which they may edit), the commit, post-commit. Without it, no hook runs.
  bool verify = false;
  std::chrono::milliseconds lock_timeout{5000};  ///< for a held index.lock
};

/// Why a changed path was not staged.
enum class LeftOutReason {
  BeforeSnapshot,    ///< from_snapshot: changed when the snapshot was taken, not committed since
  NestedRepository,  ///< a repository of its own that is not a submodule
  Excluded,          ///< matches a pattern of CommitRequest::exclude or of the snapshot
};

struct LeftOut {
  std::string path;
  LeftOutReason reason;
};

/// A short stable name for `r` ("before-snapshot", "nested-repository", "excluded"), and a
/// sentence.
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

/// libgit2 failed (or could not be loaded): its message, after what wildplan was doing.
class GitError : public Error {
 public:
  using Error::Error;
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
///
/// `task_files` (Config::task_files, globs relative to the work tree's top) are written into
/// the hook as a first sieve: a commit that stages no name they could match (`*` taken loosely,
/// across '/'), no `.wildplan.json` and no name git had to quote, while `.wildplan.json` at the
/// top is not newer than the hook, starts no wildplan at all. Empty: every commit asks wildplan.
HookOutcome install_hook(const RepositoryInfo& repo, const std::string& fallback,
                         const std::vector<std::string>& task_files = {});
/// Removes wildplan's pre-commit hook; throws Error when the hook there is not wildplan's.
HookOutcome uninstall_hook(const RepositoryInfo& repo);

}  // namespace wildplan
