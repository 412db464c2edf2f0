#include "git/worktree_scan.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <exception>
#include <thread>

#include "wildplan/diagnostic.hpp"

namespace wildplan::detail {
namespace {

constexpr std::uint32_t kGitlink = 0160000;
constexpr std::uint32_t kSymlink = 0120000;

/// A directory's entries, read with getdents64 straight into a buffer (readdir's DIR adds an
/// fcntl per directory, and there are a thousand directories in a 5,000-file tree).
class Directory {
 public:
  /// Opens `rel` (relative to the work tree's descriptor) without following a symlink; false
  /// when it is gone or no longer a directory.
  bool open(int root_fd, const std::string& rel) {
    fd_ = ::openat(root_fd, rel.empty() ? "." : rel.c_str(),
                   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd_ >= 0) return true;
    if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP) return false;
    throw Error("cannot read the directory '" + rel + "': " + std::strerror(errno));
  }
  ~Directory() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }

  /// The next entry, or null at the end.
  const dirent64* next() {
    if (pos_ == len_) {
      const ssize_t n = ::getdents64(fd_, buffer_, sizeof buffer_);
      if (n <= 0) return nullptr;  // the end, or a directory removed while being read
      len_ = static_cast<std::size_t>(n);
      pos_ = 0;
    }
    const auto* e = reinterpret_cast<const dirent64*>(buffer_ + pos_);
    pos_ += e->d_reclen;
    return e;
  }

 private:
  int fd_ = -1;
  std::size_t len_ = 0;
  std::size_t pos_ = 0;
  alignas(dirent64) char buffer_[16384];
};

/// The directory-entry type of what `st` describes (only the kinds the scan tells apart).
unsigned char dirent_type(const struct stat& st) {
  if (S_ISDIR(st.st_mode)) return DT_DIR;
  if (S_ISREG(st.st_mode)) return DT_REG;
  if (S_ISLNK(st.st_mode)) return DT_LNK;
  return DT_UNKNOWN;
}

bool is_dot(const char* n) { return n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2])); }

class Scanner {
 public:
  Scanner(const std::string& root, std::vector<IndexStat> index, std::int64_t mtime_s,
          std::uint32_t mtime_ns)
      : index_(std::move(index)), seen_(index_.size(), 0), index_s_(mtime_s), index_ns_(mtime_ns) {
    std::sort(index_.begin(), index_.end(),
              [](const IndexStat& a, const IndexStat& b) { return a.path < b.path; });
    root_fd_ = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd_ < 0)
      throw Error("cannot read the work tree '" + root + "': " + std::strerror(errno));
  }
  ~Scanner() { ::close(root_fd_); }
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  WorkTreeScan run(unsigned threads) {
    // Every directory that holds something tracked, from the sorted paths: a directory is new
    // when the path before does not start with it.
    dirs_.push_back("");
    for (std::size_t i = 0; i < index_.size(); ++i) {
      const std::string& p = index_[i].path;
      for (std::size_t slash = p.find('/'); slash != std::string::npos;
           slash = p.find('/', slash + 1)) {
        const std::string_view dir(p.data(), slash + 1);
        if (i == 0 || !std::string_view(index_[i - 1].path).starts_with(dir))
          dirs_.emplace_back(dir);
      }
    }
    threads = std::min<unsigned>(threads, static_cast<unsigned>(dirs_.size() / 16 + 1));
    std::vector<std::thread> pool;
    std::vector<WorkTreeScan> found(std::max(1u, threads));
    std::vector<std::string> errors(found.size());
    // Any other exception (std::bad_alloc) is carried to this thread: one thrown in a worker
    // would end the process.
    std::vector<std::exception_ptr> thrown(found.size());
    for (std::size_t t = 1; t < found.size(); ++t) {
      pool.emplace_back([this, &found, &errors, &thrown, t] {
        try {
          work(found[t], errors[t]);
        } catch (...) {
          thrown[t] = std::current_exception();
        }
      });
    }
    try {
      work(found[0], errors[0]);
    } catch (...) {
      thrown[0] = std::current_exception();
    }
    for (auto& th : pool) th.join();
    for (const std::exception_ptr& e : thrown)
      if (e) std::rethrow_exception(e);
    for (const std::string& e : errors)
      if (!e.empty()) throw Error(e);

    WorkTreeScan out;
    for (WorkTreeScan& f : found) {
      for (auto v : {&WorkTreeScan::maybe_changed, &WorkTreeScan::type_changed,
                     &WorkTreeScan::untracked, &WorkTreeScan::untracked_dirs,
                     &WorkTreeScan::submodules}) {
        (out.*v).insert((out.*v).end(), std::make_move_iterator((f.*v).begin()),
                        std::make_move_iterator((f.*v).end()));
      }
    }
    for (std::size_t i = 0; i < index_.size(); ++i) {
      if (!seen_[i] && !index_[i].hands_off)
        out.deleted.push_back(index_[i].path);
    }
    for (auto* v : {&out.maybe_changed, &out.type_changed, &out.deleted, &out.untracked,
                    &out.untracked_dirs, &out.submodules}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    return out;
  }

 private:
  // The directories are shared out a few at a time through one counter: no thread waits for
  // another, and none is left with the one big subtree.
  void work(WorkTreeScan& out, std::string& error) {
    constexpr std::size_t kBatch = 8;
    for (;;) {
      const std::size_t first = next_dir_.fetch_add(kBatch, std::memory_order_relaxed);
      if (first >= dirs_.size()) return;
      for (std::size_t i = first; i < std::min(first + kBatch, dirs_.size()); ++i) {
        try {
          scan(dirs_[i], out);
        } catch (const Error& e) {
          if (error.empty()) error = e.what();
        }
      }
    }
  }

  using Entry = std::vector<IndexStat>::const_iterator;

  /// The index entries whose paths start with `prefix`.
  std::pair<Entry, Entry> range(std::string_view prefix) const {
    const auto lo =
        std::lower_bound(index_.begin(), index_.end(), prefix,
                         [](const IndexStat& e, std::string_view p) { return e.path < p; });
    const auto hi = std::partition_point(lo, index_.end(), [&](const IndexStat& e) {
      return std::string_view(e.path).starts_with(prefix);
    });
    return {lo, hi};
  }

  void scan(const std::string& dir, WorkTreeScan& out) {
    Directory d;
    if (!d.open(root_fd_, dir)) return;  // gone meanwhile: what was tracked in it is deleted
    const int dfd = d.fd();
    const auto [first, last] = range(dir);
    std::string path;
    while (const dirent64* e = d.next()) {
      if (is_dot(e->d_name) || std::strcmp(e->d_name, ".git") == 0) continue;
      path.assign(dir).append(e->d_name);
      // The entries at exactly this path (more than one while a merge conflict is unresolved).
      const auto at = std::lower_bound(
          first, last, path, [](const IndexStat& x, const std::string& p) { return x.path < p; });
      auto same = at;
      while (same != last && same->path == path) ++same;
      const std::size_t exact =
          at == same ? index_.size() : static_cast<std::size_t>(at - index_.begin());
      const auto mark_seen = [&] {
        for (auto it = at; it != same; ++it)
          seen_[static_cast<std::size_t>(it - index_.begin())] = 1;
      };
      unsigned char type = e->d_type;
      struct stat st {};
      if (type == DT_UNKNOWN || type == DT_REG || type == DT_LNK) {
        if (::fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // gone
        type = dirent_type(st);
      }
      if (type == DT_DIR) {
        // A submodule is not ours to look into (the caller asks its HEAD); a tracked file that
        // became a directory is deleted (left unseen), and the directory is looked at like any
        // other.
        if (exact != index_.size() && index_[exact].mode == kGitlink) {
          mark_seen();
          if (!index_[exact].hands_off) out.submodules.push_back(path);
          continue;
        }
        path.push_back('/');
        const auto below =
            std::lower_bound(same, index_.cend(), path,
                             [](const IndexStat& x, const std::string& p) { return x.path < p; });
        // One with something tracked below is on the list already.
        if (below == index_.end() || !below->path.starts_with(path))
          out.untracked_dirs.push_back(path);
        continue;
      }
      // FIFOs, sockets and devices are never added; a tracked path that became one is deleted.
      if (type != DT_REG && type != DT_LNK) continue;
      if (exact == index_.size()) {
        out.untracked.push_back(path);
        continue;
      }
      mark_seen();
      const IndexStat& x = index_[exact];
      if (x.hands_off) continue;
      const bool conflicted = x.conflicted || same - at > 1;
      if ((type == DT_LNK) != (x.mode == kSymlink) || x.mode == kGitlink) {
        out.type_changed.push_back(path);
      } else if (conflicted || !same_stat(x, st) || racy(st)) {
        out.maybe_changed.push_back(path);
      }
    }
  }

  /// What git compares (core.checkStat=default, core.trustctime): times, inode, owner, size,
  /// and for a file the executable bit.
  static bool same_stat(const IndexStat& x, const struct stat& st) {
    return x.mtime_s == static_cast<std::int32_t>(st.st_mtim.tv_sec) &&
           x.mtime_ns == static_cast<std::uint32_t>(st.st_mtim.tv_nsec) &&
           x.ctime_s == static_cast<std::int32_t>(st.st_ctim.tv_sec) &&
           x.ctime_ns == static_cast<std::uint32_t>(st.st_ctim.tv_nsec) &&
           x.ino == static_cast<std::uint32_t>(st.st_ino) && x.uid == st.st_uid &&
           x.gid == st.st_gid && x.size == static_cast<std::uint32_t>(st.st_size) &&
           (S_ISLNK(st.st_mode) || ((x.mode & 0100) != 0) == ((st.st_mode & S_IXUSR) != 0));
  }

  /// Modified at or after the index was written: the stat data cannot tell a change made in
  /// the same instant, so the content decides (git's "racy git" rule).
  bool racy(const struct stat& st) const {
    return st.st_mtim.tv_sec > index_s_ ||
           (st.st_mtim.tv_sec == index_s_ &&
            static_cast<std::uint32_t>(st.st_mtim.tv_nsec) >= index_ns_);
  }

  std::vector<IndexStat> index_;
  std::vector<unsigned char> seen_;  // one byte per entry; each entry is looked at by one thread
  std::int64_t index_s_;
  std::uint32_t index_ns_;
  int root_fd_ = -1;

  std::vector<std::string> dirs_;
  std::atomic<std::size_t> next_dir_{0};
};

}  // namespace

WorkTreeScan scan_work_tree(const std::string& root, std::vector<IndexStat> index,
                            std::int64_t index_mtime_s, std::uint32_t index_mtime_ns,
                            unsigned threads) {
  Scanner s(root, std::move(index), index_mtime_s, index_mtime_ns);
  return s.run(threads);
}

Untracked list_untracked(const std::string& root, const std::string& dir,
                         const std::function<bool(const std::string&)>& skip) {
  const int root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) throw Error("cannot read the work tree '" + root + "': " + std::strerror(errno));
  Untracked out;
  std::vector<std::string> pending{dir};
  try {
    while (!pending.empty()) {
      const std::string d = std::move(pending.back());
      pending.pop_back();
      Directory handle;
      if (!handle.open(root_fd, d)) continue;
      std::vector<std::pair<std::string, unsigned char>> entries;
      bool own_repository = false;
      while (const dirent64* e = handle.next()) {
        if (is_dot(e->d_name)) continue;
        if (std::strcmp(e->d_name, ".git") == 0) {
          own_repository = true;
          break;
        }
        unsigned char type = e->d_type;
        if (type == DT_UNKNOWN) {
          struct stat st {};
          if (::fstatat(handle.fd(), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
          type = dirent_type(st);
        }
        entries.emplace_back(d + e->d_name, type);
      }
      if (own_repository) {  // a repository of its own is never swept in
        out.repositories.push_back(d.substr(0, d.size() - 1));
        continue;
      }
      for (auto& [path, type] : entries) {
        if (type == DT_DIR) {
          path.push_back('/');
          if (!skip(path)) pending.push_back(std::move(path));
        } else if ((type == DT_REG || type == DT_LNK) && !skip(path)) {
          out.files.push_back(std::move(path));
        }
      }
    }
  } catch (...) {
    ::close(root_fd);
    throw;
  }
  ::close(root_fd);
  std::sort(out.files.begin(), out.files.end());
  std::sort(out.repositories.begin(), out.repositories.end());
  return out;
}

}  // namespace wildplan::detail
