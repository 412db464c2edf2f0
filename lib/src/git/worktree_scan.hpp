#pragma once
// The work tree against the index's stat data, as `git add -A` first sees it: which tracked
// files may have changed, which are gone, and which paths are not tracked at all. No git here:
// the caller brings the index's entries, and decides what the candidates really are (hashing
// the maybe-changed, asking the ignore rules about the untracked).
//
// Why not libgit2's status: it looks up every path from the root (11,000 full-path stats on a
// 5,000-file tree) on one thread, and took 2.5x `git status`. Here each directory is opened once
// and its entries are looked at relative to it, by a few threads.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace wildplan::detail {

struct IndexStat {
  std::string path;  ///< '/'-separated, relative to the work tree
  std::int32_t ctime_s = 0;
  std::uint32_t ctime_ns = 0;
  std::int32_t mtime_s = 0;
  std::uint32_t mtime_ns = 0;
  std::uint32_t ino = 0;  ///< as the index keeps them: truncated to 32 bits
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  std::uint32_t size = 0;
  std::uint32_t mode = 0;   ///< 0100644, 0100755, 0120000 or 0160000 (a submodule)
  bool conflicted = false;  ///< a stage other than 0
  /// skip-worktree (sparse checkout) or assume-unchanged: git add -A leaves it alone, and so
  /// does the scan (neither compared nor, when absent, deleted)
  bool hands_off = false;
};

struct WorkTreeScan {
  std::vector<std::string> maybe_changed;   ///< tracked; stat data differs, or racily clean
  std::vector<std::string> type_changed;    ///< tracked; now a symlink, or no longer one
  std::vector<std::string> deleted;         ///< tracked; no file there now
  std::vector<std::string> untracked;       ///< files not in the index (ignore rules not asked)
  std::vector<std::string> untracked_dirs;  ///< directories with nothing tracked, with a final '/'
  std::vector<std::string> submodules;      ///< tracked gitlinks that are directories now
};

/// Scans the work tree at `root` (with a final '/') against `index` (any order), on up to
/// `threads` threads. `index_mtime_*` is the index file's modification time: an entry modified
/// at or after it is racily clean and reported as maybe changed. `.git` entries are never looked
/// into; a submodule's directory is reported, for the caller to ask its HEAD, and a submodule
/// whose directory is gone is deleted, as for `git add -A`. Throws Error when a directory cannot
/// be read.
WorkTreeScan scan_work_tree(const std::string& root, std::vector<IndexStat> index,
                            std::int64_t index_mtime_s, std::uint32_t index_mtime_ns,
                            unsigned threads);

struct Untracked {
  std::vector<std::string> files;         ///< sorted
  std::vector<std::string> repositories;  ///< directories holding a `.git`, without a final '/'
};

/// The files under the untracked directory `dir` (relative, final '/'), recursively, in sorted
/// order; `skip(path)` prunes a file or a directory (with a final '/'). Directories that hold a
/// `.git` (repositories of their own) are left out whole, and listed.
Untracked list_untracked(const std::string& root, const std::string& dir,
                         const std::function<bool(const std::string&)>& skip);

}  // namespace wildplan::detail
