#pragma once
// Git: reading task files from a repository's index, and its pre-commit hook. libgit2 does the
// git work; it is loaded on first use (see lib/src/git.cpp), so that commands that never touch
// git never pay for loading it. Every failure throws wildplan::Error with libgit2's message.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wildplan {

struct RepositoryInfo {
  std::string workdir;    ///< with a final '/'; empty for a bare repository
  std::string gitdir;     ///< the .git directory, with a final '/'
  std::string hooks_dir;  ///< core.hooksPath (relative to the work tree) or <gitdir>/hooks
};

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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// True when `path` matches one of `globs`.
bool path_matches(std::string_view path, const std::vector<std::string>& globs);

enum class HookOutcome { Installed, Updated, Removed, Absent };

/// Writes a pre-commit hook that runs `command` (`'/usr/bin/wildplan' validate --staged`).
/// Throws Error when a pre-commit hook that wildplan did not write is there: it is never
/// overwritten.
HookOutcome install_hook(const RepositoryInfo& repo, const std::string& command);
/// Removes wildplan's pre-commit hook; throws Error when the hook there is not wildplan's.
HookOutcome uninstall_hook(const RepositoryInfo& repo);

}  // namespace wildplan
