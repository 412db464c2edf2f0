#pragma once
// Git: reading task files from a repository's index, and its pre-commit hook. libgit2 does the
// git work; it is loaded on first use (see lib/src/git.cpp), so that commands that never touch
// git never pay for loading it. Every failure throws wildplan::Error with libgit2's message.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "wildplan/diagnostic.hpp"

namespace wildplan {

/// Loads libgit2 on another thread while the caller does other work (a command that will need
/// git later, like `apply --commit`: loading takes a few milliseconds, as long as the rest of
/// apply). The returned object waits for the load when it goes out of scope; a load that fails
/// fails again, with its message, where git is first used.
class GitPreload {
 public:
  GitPreload();
  ~GitPreload();
  GitPreload(const GitPreload&) = delete;
  GitPreload& operator=(const GitPreload&) = delete;

 private:
  std::thread thread_;
};

struct RepositoryInfo {
  std::string workdir;    ///< with a final '/'; empty for a bare repository
  std::string gitdir;     ///< the .git directory, with a final '/'
  std::string hooks_dir;  ///< core.hooksPath (relative to the work tree) or <gitdir>/hooks
};

struct CommitRequest;
struct CommitResult;

struct StagedFile {
  std::string path;   ///< relative to the work tree, '/'-separated
  std::string bytes;  ///< the staged blob
};

/// A repository, opened once; its index is read on first use.
class Repository {
 public:
  /// The repository holding `dir` (searched upward). Throws Error outside any repository.
  explicit Repository(const std::string& dir);
  ~Repository();
  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;

  const RepositoryInfo& info() const;
  /// The staged (stage 0) blobs whose paths match one of `globs` (shell globs; `*` does not
  /// cross '/'), in index order.
  std::vector<StagedFile> staged(const std::vector<std::string>& globs) const;
  /// The staged blob at `path`, if there is one.
  std::optional<std::string> staged_file(const std::string& path) const;
  /// The blob at `rev:path` (`HEAD:tasks.md`, `main~2:plan.md`); `:path` is the staged one.
  /// Throws Error when the revision or the path does not exist.
  std::string read_blob(const std::string& spec) const;

  /// The paths that `git add -A` would stage: new, modified and deleted files of the work tree
  /// (.gitignore and .git/info/exclude respected), relative to the work tree.
  std::vector<std::string> changed_paths() const;
  /// The hash git would give the work tree file at `path` (relative), or "" when it is gone.
  std::string hash_file(const std::string& path) const;

  /// Commits the work tree as `git add -A && git commit` would; see CommitRequest. Throws
  /// HookFailed when the pre-commit hook refuses, Error for every other failure.
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

struct Identity {
  std::string name, email;
};

/// "Name <email>" -> Identity; nullopt when it is not of that form.
std::optional<Identity> parse_identity(std::string_view text);

struct CommitRequest {
  std::string message;             ///< the whole message, trailers included
  std::optional<Identity> author;  ///< else GIT_AUTHOR_*, else user.name/user.email
  bool from_snapshot = false;  ///< stage only the paths changed since write_snapshot()
  bool verify = false;         ///< run the repository's pre-commit hook first, as git would
  std::chrono::milliseconds lock_timeout{5000};  ///< for a held index.lock
};

struct CommitResult {
  bool committed = false;           ///< false: nothing to commit
  std::string id;                   ///< the new commit's hex id
  bool first = false;               ///< the branch was unborn
  bool detached = false;            ///< HEAD is detached: the commit is on no branch
  std::string branch;               ///< e.g. "refs/heads/main"
  std::vector<std::string> staged;  ///< the paths staged for it
  std::vector<std::string> left_out;  ///< from_snapshot: changed before the snapshot, not staged
};

/// The repository's pre-commit hook refused the commit (CommitRequest::verify).
class HookFailed : public Error {
 public:
  using Error::Error;
};

enum class HookOutcome { Installed, Updated, Removed, Absent };

/// Writes a pre-commit hook that runs `command` (`'/usr/bin/wildplan' validate --staged`).
/// Throws Error when a pre-commit hook that wildplan did not write is there: it is never
/// overwritten.
HookOutcome install_hook(const RepositoryInfo& repo, const std::string& command);
/// Removes wildplan's pre-commit hook; throws Error when the hook there is not wildplan's.
HookOutcome uninstall_hook(const RepositoryInfo& repo);

}  // namespace wildplan
