#pragma once
// What the files of lib/src/git share: Repository's state, and the steps of a commit that live
// in their own files (staging in stage.cpp, hooks in hooks.cpp, the index lock in index_lock.cpp).

#include <sys/stat.h>

#include <bitset>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "edit/lock_files.hpp"
#include "git/libgit2.hpp"
#include "wildplan/git.hpp"

namespace wildplan {

struct Repository::Impl {
  detail::Repo repo;
  RepositoryInfo info;
  std::string prefix;  ///< where the command started, relative to the work tree ($GIT_PREFIX)
  mutable detail::Index index;  // read on first use

  /// The index ($GIT_INDEX_FILE or <gitdir>index), read on first use.
  git_index* get_index() const;
};

namespace detail {

/// Opens the index file at `path` as the repository's index (honouring core.filemode and the
/// like, as the repository's own does). A missing file is an empty index, as for git.
Index open_index(git_repository* repo, const std::string& path);

/// One path `git add -A` would stage.
struct WorkTreeChange {
  explicit WorkTreeChange(std::string p, bool d = false, bool m = false,
                          std::optional<git_oid> g = std::nullopt)
      : path(std::move(p)), deleted(d), maybe(m), gitlink(g) {}
  std::string path;
  bool deleted = false;
  bool maybe = false;              ///< its stat data differs, its content was not compared
  std::optional<git_oid> gitlink;  ///< a submodule: the commit its HEAD is at now
};

struct WorkTreeChanges {
  std::vector<WorkTreeChange> changes;           ///< sorted by path
  std::vector<std::string> nested_repositories;  ///< untracked, not submodules: left out
};

/// What `git add -A` would stage: the work tree against `index` (see stage.cpp). With `compare`
/// false, files whose stat data differs are returned as `maybe`, for a caller that reads them
/// anyway. `index_stat` is the index file's stat data (its mtime decides racy entries).
WorkTreeChanges work_tree_changes(git_repository* repo, git_index* index,
                                  const RepositoryInfo& info, const struct stat& index_stat,
                                  bool compare);

/// Stages `changes` into `index` (only those for which `wanted(path)` is true) as `git add -A`
/// would; the paths staged go to `staged`. Returns true when the index changed in any way (stat
/// data refreshed included).
bool stage_changes(git_repository* repo, git_index* index, const RepositoryInfo& info,
                   const std::vector<WorkTreeChange>& changes, const std::vector<std::string>* only,
                   std::vector<std::string>& staged);

/// The snapshot recorded for `repo` (snapshot.cpp). Throws Error when there is none.
Snapshot read_snapshot(const Repository& repo);

/// The paths whose entry in `index` differs from HEAD's tree (added, modified, removed, mode
/// changed; every entry on an unborn branch), sorted.
std::vector<std::string> paths_staged_against_head(git_repository* repo, git_index* index);

/// One exclude pattern, compiled (pathspec.cpp; the syntax is described there).
class PathPattern {
 public:
  /// The pattern, or why `text` is not one.
  static std::variant<PathPattern, std::string> compile(std::string_view text);
  /// Whether `path` or a leading directory of it matches; time linear in pattern x path.
  bool matches(std::string_view path) const;

 private:
  struct Token {
    enum Kind { Byte, Star, Directories, Everything } kind = Byte;
    std::bitset<256> set;  ///< Byte: the bytes it matches
  };
  std::vector<Token> tokens_;
  bool directory_only_ = false;  ///< it ended in '/'
};

/// Exclude patterns, compiled.
class PathPatterns {
 public:
  /// The patterns, or "'<pattern>': why it is not one" for the first that is not.
  static std::variant<PathPatterns, std::string> compile(const std::vector<std::string>& texts);
  bool matches(std::string_view path) const;  ///< by any of them
  bool empty() const { return patterns_.empty(); }

 private:
  std::vector<PathPattern> patterns_;
};

/// `<index>.lock`, created exclusively as git's hold_locked_index() does, and holding a copy of
/// the index so that it can be opened, changed and written as the index to commit. Waits for a
/// held lock up to `timeout`, then throws Error naming it. Removed on destruction unless
/// committed (renamed over the index).
class IndexLock {
 public:
  IndexLock(const std::string& index_file, std::chrono::milliseconds timeout);
  ~IndexLock();
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

  const std::string& path() const { return lock_; }
  /// The index file's stat data as it was when locked (zeros when there was none).
  const struct stat& index_stat() const { return index_stat_; }
  /// Renames the lock over the index: the new index is in place.
  void commit();

 private:
  std::string index_;
  std::string lock_;
  struct stat index_stat_ {};
  bool done_ = false;
  std::unique_ptr<LockFileGuard> guard_;  // removes the lock on a signal or an exit
};

/// Runs the hook `name` of the repository, as git does: only when `<hooks_dir>/<name>` is
/// executable; in the work tree's top; stdin from /dev/null and stdout sent to stderr; with `env`
/// added to the environment. Returns nullopt when there is no such hook, else a description of
/// its failure ("" when it succeeded). Throws Error when it cannot be started or waited for.
std::optional<std::string> run_hook(const RepositoryInfo& info, const std::string& name,
                                    const std::vector<std::string>& args,
                                    const std::vector<std::pair<std::string, std::string>>& env);

}  // namespace detail
}  // namespace wildplan
