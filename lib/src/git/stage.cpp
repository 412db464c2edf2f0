// Staging the work tree as `git add -A` does: what changed (the scan in worktree_scan.cpp, then
// the content of what may have changed, the ignore rules for what is new, the HEAD of each
// submodule), and putting it into an index.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "git/repository.hpp"
#include "git/worktree_scan.hpp"

namespace wildplan {
namespace detail {
namespace {

bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// The commit a submodule's HEAD is at, or nullopt when it has none git would record: not
/// initialised (an empty directory), or no commit yet.
std::optional<git_oid> submodule_head(const std::string& dir) {
  git_repository* r = nullptr;
  if (git_repository_open_ext(&r, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  const Repo sub(r);
  git_oid head;
  if (git_reference_name_to_id(&head, r, "HEAD") < 0) {
    git_error_clear();
    return std::nullopt;
  }
  return head;
}

/// Whether the changed files go into the repository exactly as their bytes: no attributes that
/// could name a filter or a line-ending conversion (no .gitattributes in the index or in a
/// changed file's directories, no info/attributes, no global or system attributes file), and no
/// core.autocrlf. Then they are hashed and staged straight from their bytes, as git would;
/// otherwise libgit2's filters decide, a path at a time.
bool stored_as_is(git_repository* repo, git_index* index, const RepositoryInfo& info,
                  const std::vector<WorkTreeChange>& changes) {
  {
    const Config config = config_of(repo);
    const char* value = nullptr;
    int flag = 1;
    const bool converts = (git_config_get_string(&value, config.get(), "core.autocrlf") == 0 &&
                           value && std::string_view(value) != "false") ||
                          git_config_get_string(&value, config.get(), "core.attributesFile") == 0 ||
                          (git_config_get_bool(&flag, config.get(), "core.symlinks") == 0 && !flag);
    git_error_clear();
    if (converts) return false;
  }
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  const std::string global = xdg && *xdg     ? std::string(xdg) + "/git/attributes"
                             : home && *home ? std::string(home) + "/.config/git/attributes"
                                             : std::string();
  if (exists(info.commondir + "info/attributes") || (!global.empty() && exists(global)) ||
      exists("/etc/gitattributes")) {
    return false;
  }
  const std::size_t n = git_index_entrycount(index);
  for (std::size_t i = 0; i < n; ++i) {
    const git_index_entry* e = git_index_get_byindex(index, i);
    if (e && base_name(e->path) == ".gitattributes") return false;
  }
  std::vector<std::string> dirs;
  for (const WorkTreeChange& c : changes) {
    if (base_name(c.path) == ".gitattributes") return false;
    for (std::size_t slash = c.path.find('/'); slash != std::string::npos;
         slash = c.path.find('/', slash + 1)) {
      dirs.push_back(c.path.substr(0, slash + 1));
    }
  }
  std::sort(dirs.begin(), dirs.end());
  dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
  dirs.insert(dirs.begin(), "");
  for (const std::string& d : dirs) {
    if (exists(info.workdir + d + ".gitattributes")) return false;
  }
  return true;
}

/// Stages the file at `path` from its bytes (see stored_as_is), with its stat data, as
/// git_index_add_bypath would without filters. False when it is not a regular file or symlink
/// small enough to read whole, for the caller to hand to libgit2.
bool stage_as_is(git_index* index, git_odb* odb, const RepositoryInfo& info,
                 const std::string& path, bool filemode) {
  const std::string full = info.workdir + path;
  struct stat st {};
  std::string data;
  if (::lstat(full.c_str(), &st) != 0) return false;
  constexpr off_t kLargest = off_t{64} << 20;
  if (S_ISLNK(st.st_mode)) {
    data.resize(static_cast<std::size_t>(st.st_size) + 1);
    const ssize_t n = ::readlink(full.c_str(), data.data(), data.size());
    if (n < 0 || static_cast<std::size_t>(n) >= data.size()) return false;
    data.resize(static_cast<std::size_t>(n));
  } else if (S_ISREG(st.st_mode) && st.st_size <= kLargest) {
    const int fd = ::open(full.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return false;
    // The stat data recorded is the one of the bytes read: fstat the open file.
    bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= kLargest;
    if (ok) {
      data.resize(static_cast<std::size_t>(st.st_size));
      std::size_t got = 0;
      while (ok && got < data.size()) {
        const ssize_t r = ::read(fd, data.data() + got, data.size() - got);
        if (r < 0 && errno == EINTR) continue;
        ok = r > 0;
        if (ok) got += static_cast<std::size_t>(r);
      }
    }
    ::close(fd);
    if (!ok) return false;
  } else {
    return false;
  }
  git_index_entry e{};
  check(git_odb_write(&e.id, odb, data.data(), data.size(), GIT_OBJECT_BLOB),
        "cannot write the blob of '" + path + "'");
  e.ctime = {static_cast<std::int32_t>(st.st_ctim.tv_sec),
             static_cast<std::uint32_t>(st.st_ctim.tv_nsec)};
  e.mtime = {static_cast<std::int32_t>(st.st_mtim.tv_sec),
             static_cast<std::uint32_t>(st.st_mtim.tv_nsec)};
  e.dev = static_cast<std::uint32_t>(st.st_dev);
  e.ino = static_cast<std::uint32_t>(st.st_ino);
  e.uid = st.st_uid;
  e.gid = st.st_gid;
  e.file_size = static_cast<std::uint32_t>(st.st_size);
  if (S_ISLNK(st.st_mode)) {
    e.mode = GIT_FILEMODE_LINK;
  } else if (filemode) {
    e.mode = (st.st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
  } else {
    // core.filemode off: the executable bit stays as the index has it
    const git_index_entry* old = git_index_get_bypath(index, path.c_str(), 0);
    e.mode = old && old->mode == GIT_FILEMODE_BLOB_EXECUTABLE ? GIT_FILEMODE_BLOB_EXECUTABLE
                                                              : GIT_FILEMODE_BLOB;
  }
  e.path = path.c_str();
  check(git_index_add(index, &e), "cannot stage '" + path + "'");
  return true;
}

}  // namespace

/// The index's stat data spares unchanged files a read (worktree_scan.hpp); a file whose stat
/// data differs is hashed, through its filters, and compared with the staged blob; untracked
/// paths are asked the ignore rules (.gitignore files, info/exclude, core.excludesFile),
/// directories before their files; a submodule is asked its HEAD.
WorkTreeChanges work_tree_changes(git_repository* repo, git_index* index,
                                  const RepositoryInfo& info, const struct stat& index_stat,
                                  bool compare) {
  const bool filemode = config_bool(repo, "core.filemode", true);
  std::vector<IndexStat> stats;
  const std::size_t n = git_index_entrycount(index);
  stats.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const git_index_entry* e = git_index_get_byindex(index, i);
    if (!e) continue;
    stats.push_back({e->path, e->ctime.seconds, e->ctime.nanoseconds, e->mtime.seconds,
                     e->mtime.nanoseconds, e->ino, e->uid, e->gid, e->file_size, e->mode,
                     GIT_INDEX_ENTRY_STAGE(e) != 0,
                     (e->flags & GIT_INDEX_ENTRY_VALID) != 0 ||
                         (e->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE) != 0});
  }
  const unsigned threads = n < 512 ? 1u : std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  WorkTreeScan scan =
      scan_work_tree(info.workdir, std::move(stats), index_stat.st_mtim.tv_sec,
                     static_cast<std::uint32_t>(index_stat.st_mtim.tv_nsec), threads);

  const auto ignored = [&](const std::string& path) {
    int yes = 0;
    check(git_ignore_path_is_ignored(&yes, repo, path.c_str()),
          "cannot read the ignore rules for '" + path + "'");
    return yes == 1;
  };

  WorkTreeChanges out;
  std::vector<WorkTreeChange>& changes = out.changes;
  for (std::string& p : scan.deleted) changes.emplace_back(std::move(p), true);
  for (std::string& p : scan.type_changed) changes.emplace_back(std::move(p));
  for (std::string& p : scan.submodules) {
    const git_index_entry* e = git_index_get_bypath(index, p.c_str(), 0);
    const std::optional<git_oid> head = submodule_head(info.workdir + p);
    if (e && head && !git_oid_equal(&*head, &e->id))
      changes.emplace_back(std::move(p), false, false, head);
  }
  for (std::string& p : scan.maybe_changed) {
    if (!compare) {
      changes.emplace_back(std::move(p), false, true);
      continue;
    }
    const git_index_entry* e = git_index_get_bypath(index, p.c_str(), 0);
    struct stat st {};
    bool changed = !e || ::lstat((info.workdir + p).c_str(), &st) != 0;
    if (!changed && filemode && S_ISREG(st.st_mode))
      changed = ((e->mode & 0100) != 0) != ((st.st_mode & S_IXUSR) != 0);
    if (!changed) {
      git_oid now;
      check(git_repository_hashfile(&now, repo, p.c_str(), GIT_OBJECT_BLOB, nullptr),
            "cannot read '" + p + "'");
      changed = !git_oid_equal(&now, &e->id);
    }
    if (changed) changes.emplace_back(std::move(p));
  }
  for (std::string& p : scan.untracked) {
    if (!ignored(p)) changes.emplace_back(std::move(p));
  }
  for (const std::string& dir : scan.untracked_dirs) {
    if (ignored(dir)) continue;
    Untracked u = list_untracked(info.workdir, dir, ignored);
    for (std::string& p : u.files) changes.emplace_back(std::move(p));
    for (std::string& r : u.repositories) out.nested_repositories.push_back(std::move(r));
  }
  std::sort(changes.begin(), changes.end(),
            [](const WorkTreeChange& a, const WorkTreeChange& b) { return a.path < b.path; });
  std::sort(out.nested_repositories.begin(), out.nested_repositories.end());
  return out;
}

bool stage_changes(git_repository* repo, git_index* index, const RepositoryInfo& info,
                   const std::vector<WorkTreeChange>& changes, const std::vector<std::string>* only,
                   std::vector<std::string>& staged) {
  const bool filemode = config_bool(repo, "core.filemode", true);
  const bool as_is = stored_as_is(repo, index, info, changes);
  Odb odb;
  if (as_is) {
    git_odb* o = nullptr;
    check(git_repository_odb(&o, repo), "cannot open the object database");
    odb.reset(o);
  }
  bool refreshed = false;
  for (const WorkTreeChange& c : changes) {
    if (only && !std::binary_search(only->begin(), only->end(), c.path)) continue;
    // One call per path: git_index_add_all would walk the whole work tree a second time
    // (measured: 2.3x git's time on repo-5k).
    if (c.deleted) {
      check(git_index_remove_bypath(index, c.path.c_str()),
            "cannot stage the removal of '" + c.path + "'");
    } else if (c.gitlink) {
      git_index_entry e{};
      e.mode = GIT_FILEMODE_COMMIT;
      e.id = *c.gitlink;
      e.path = c.path.c_str();
      check(git_index_add(index, &e), "cannot stage the submodule '" + c.path + "'");
    } else {
      git_oid before{};
      std::uint32_t mode_before = 0;
      if (c.maybe) {
        const git_index_entry* e = git_index_get_bypath(index, c.path.c_str(), 0);
        if (e) before = e->id, mode_before = e->mode;
      }
      if (!as_is || !stage_as_is(index, odb.get(), info, c.path, filemode))
        check(git_index_add_bypath(index, c.path.c_str()), "cannot stage '" + c.path + "'");
      if (c.maybe) {
        // Only its stat data had changed: the entry is refreshed, but nothing was staged.
        const git_index_entry* e = git_index_get_bypath(index, c.path.c_str(), 0);
        if (e && e->mode == mode_before && git_oid_equal(&e->id, &before)) {
          refreshed = true;
          continue;
        }
      }
    }
    staged.push_back(c.path);
  }
  return refreshed || !staged.empty();
}

}  // namespace detail

std::vector<std::string> Repository::changed_paths() const {
  struct stat index_stat {};
  if (::stat(impl_->info.index_file.c_str(), &index_stat) != 0) index_stat = {};
  std::vector<std::string> out;
  for (auto& c : detail::work_tree_changes(impl_->repo.get(), impl_->get_index(), impl_->info,
                                           index_stat, true)
                     .changes) {
    out.push_back(std::move(c.path));
  }
  return out;
}

std::string Repository::hash_file(const std::string& path) const {
  const std::string full = impl_->info.workdir + path;
  struct stat st {};
  if (::lstat(full.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return "";
    throw Error("cannot read '" + full + "': " + std::strerror(errno),
                std::error_code(errno, std::generic_category()));
  }
  if (S_ISDIR(st.st_mode)) {  // a submodule: its HEAD
    const auto head = detail::submodule_head(full);
    return head ? git_oid_tostr_s(&*head) : "";
  }
  git_oid oid;
  detail::check(git_odb_hashfile(&oid, full.c_str(), GIT_OBJECT_BLOB),
                "cannot read '" + full + "'");
  return git_oid_tostr_s(&oid);
}

}  // namespace wildplan
