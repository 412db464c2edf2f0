// update_file(): git's lockfile protocol (lockfile.h, tempfile.c). The lock file is the new
// version: it is created exclusively beside the target with the target's mode, the file is
// read and changed under it, the new bytes go into it, and it is fsynced and renamed over the
// target, then the directory is fsynced. A reader sees the old file or the new one.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <thread>
#include <utility>

#include "edit/lock_files.hpp"
#include "wildplan/edit.hpp"

namespace wildplan {
namespace {

[[noreturn]] void fail(const std::string& what, int err) {
  throw Error(what + ": " + std::strerror(err), std::error_code(err, std::generic_category()));
}

/// Removes the lock file unless released: every failure path leaves no lock behind, and a
/// signal or an exit without unwinding removes it too when the program asked for that
/// (remove_locks_on_signal(), detail::LockFileGuard).
class Lock {
 public:
  Lock(std::string path, int fd) : path_(std::move(path)), fd_(fd) { guard_.emplace(path_); }
  ~Lock() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;
  int fd() const { return fd_; }
  /// Closes the descriptor once: after a failed close(2) it is no longer ours (POSIX leaves its
  /// state unspecified; Linux has released it), so it is never closed again.
  void close() {
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) fail("cannot write '" + path_ + "'", errno);
  }
  /// The lock became the file: nothing to remove (and a lock another writer takes next under
  /// the same name is not ours to remove on a signal).
  void release() {
    guard_.reset();
    path_.clear();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_;
  std::optional<detail::LockFileGuard> guard_;
};

void write_all(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write '" + path + "'", errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

bool update_file(const std::string& path,
                 const std::function<std::optional<std::string>(const Source&)>& change,
                 const LockOptions& options) {
  return update_file(
      path, [&change](const Source& current, bool) { return change(current); }, options);
}

bool update_file(const std::string& path,
                 const std::function<std::optional<std::string>(const Source&, bool existed)>&
                     change,
                 const LockOptions& options) {
  // Follow a symlink: the target changes, the link stays.
  char resolved[PATH_MAX];
  struct stat st {};
  std::string target;
  if (::realpath(path.c_str(), resolved)) {
    target = resolved;
    if (::stat(target.c_str(), &st) != 0) fail("cannot open '" + path + "'", errno);
    if (!S_ISREG(st.st_mode))
      fail("cannot edit '" + path + "'", S_ISDIR(st.st_mode) ? EISDIR : EINVAL);
  } else if (errno == ENOENT && options.create) {
    target = path;
    std::error_code ec;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) throw Error("cannot create the directory of '" + path + "': " + ec.message(), ec);
    st.st_mode = 0644;
  } else {
    fail("cannot open '" + path + "'", errno);
  }

  const std::string lock_path = target + ".lock";
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  std::minstd_rand jitter(static_cast<unsigned>(::getpid()));
  auto wait = std::chrono::microseconds(500);
  int fd = -1;
  for (;;) {
    fd = ::open(lock_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 07777);
    if (fd >= 0) break;
    if (errno != EEXIST) fail("cannot create the lock file '" + lock_path + "'", errno);
    if (std::chrono::steady_clock::now() >= deadline) {
      struct stat ls {};
      std::string age;
      if (::stat(lock_path.c_str(), &ls) == 0) {
        age =
            " (" + std::to_string(std::max<long>(0, std::time(nullptr) - ls.st_mtime)) + " s old)";
      }
      throw Error("'" + lock_path + "' is held" + age + ": another writer is editing '" + path +
                      "'; if none is running (a writer was killed), remove '" + lock_path + "'",
                  std::error_code(EWOULDBLOCK, std::generic_category()));
    }
    std::this_thread::sleep_for(wait + std::chrono::microseconds(jitter() % 500));
    wait = std::min(wait * 2, std::chrono::microseconds(50'000));
  }
  Lock lock(lock_path, fd);
  if (::fchmod(fd, st.st_mode & 07777) != 0)  // the umask may have narrowed it
    fail("cannot set the mode of '" + lock_path + "'", errno);

  // Read and change under the lock: a writer that waited sees the previous writer's result,
  // and a file created since the check above is seen as there.
  struct stat now {};
  const bool existed = ::stat(target.c_str(), &now) == 0;
  if (const int err = errno; !existed && (err != ENOENT || !options.create))
    fail("cannot open '" + path + "'", err);
  const Source current = existed ? read_source(target) : Source(path, std::string());
  std::optional<std::string> next = change(current, existed);
  if (!next) return false;
  write_all(fd, *next, lock_path);
  if (::fsync(fd) != 0) fail("cannot write '" + lock_path + "'", errno);
  lock.close();
  if (::rename(lock_path.c_str(), target.c_str()) != 0)
    fail("cannot replace '" + path + "'", errno);
  lock.release();
  const std::string dir = directory_of(target);
  // The rename is durable once the directory is: a failure here is reported (the new file is
  // in place, but a crash could still lose it). File systems that cannot sync a directory
  // (EINVAL) have nothing to make durable.
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    const int synced = ::fsync(dfd);
    const int err = errno;
    ::close(dfd);
    if (synced != 0 && err != EINVAL) fail("cannot sync the directory '" + dir + "'", err);
  }
  return true;
}

}  // namespace wildplan
