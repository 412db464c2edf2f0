// The index lock, as git's lockfile.c takes it for the index (repository.hpp, IndexLock).
//
// `<index>.lock` is created with O_EXCL before the index is read, so that a concurrent `git add`
// either finishes first (and is read) or waits for us: nothing is written over. It starts as a
// copy of the index; the commit opens it as its index, stages into it and writes it back (libgit2
// writes through `<index>.lock.lock` and renames, so the lock file is always there), hooks see it
// through GIT_INDEX_FILE as with `git commit -a`, and commit() renames it over the index.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <thread>

#include "edit/lock_files.hpp"
#include "git/repository.hpp"

namespace wildplan::detail {
namespace {

[[noreturn]] void fail(const std::string& what, int err) {
  throw Error(what + ": " + std::strerror(err), std::error_code(err, std::generic_category()));
}

void write_all(int fd, const char* data, std::size_t size, const std::string& path) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write '" + path + "'", errno);
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

/// An index of no entries, as `git read-tree --empty` writes it without its cache-tree: the
/// header ("DIRC", version 2, 0 entries) and the SHA-1 of the header.
constexpr unsigned char kEmptyIndex[32] = {
    'D',  'I',  'R',  'C',  0,    0,    0,    2,    0,    0,    0,    0,    0x39, 0xd8, 0x90, 0x13,
    0x9e, 0xe5, 0x35, 0x6c, 0x7e, 0xf5, 0x72, 0x21, 0x6c, 0xeb, 0xcd, 0x27, 0xaa, 0x41, 0xf9, 0xdf};

}  // namespace

IndexLock::IndexLock(const std::string& index_file, std::chrono::milliseconds timeout)
    : index_(index_file), lock_(index_file + ".lock") {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto wait = std::chrono::milliseconds(1);
  int fd = -1;
  for (;;) {
    fd = ::open(lock_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) break;
    if (errno != EEXIST) fail("cannot create '" + lock_ + "'", errno);
    if (std::chrono::steady_clock::now() >= deadline) {
      throw Error("'" + lock_ + "' is held: another git process is running; if none is, remove it",
                  std::error_code(EWOULDBLOCK, std::generic_category()));
    }
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::milliseconds(50));
  }
  guard_ = std::make_unique<LockFileGuard>(lock_);
  try {
    // The index as it is now, under the lock.
    const int in = ::open(index_.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
      if (errno != ENOENT) fail("cannot read the index '" + index_ + "'", errno);
      write_all(fd, reinterpret_cast<const char*>(kEmptyIndex), sizeof kEmptyIndex, lock_);
    } else {
      struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
      } close_in{in};
      if (::fstat(in, &index_stat_) != 0) fail("cannot read the index '" + index_ + "'", errno);
      char buffer[1 << 16];
      for (;;) {
        const ssize_t n = ::read(in, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail("cannot read the index '" + index_ + "'", errno);
        if (n == 0) break;
        write_all(fd, buffer, static_cast<std::size_t>(n), lock_);
      }
    }
    if (::close(fd) != 0) {
      fd = -1;
      fail("cannot write '" + lock_ + "'", errno);
    }
  } catch (...) {
    if (fd >= 0) ::close(fd);
    ::unlink(lock_.c_str());
    throw;
  }
}

IndexLock::~IndexLock() {
  if (!done_) ::unlink(lock_.c_str());
}


void IndexLock::commit() {
  if (::rename(lock_.c_str(), index_.c_str()) != 0)
    fail("cannot write the index '" + index_ + "'", errno);
  done_ = true;
  guard_.reset();
}

}  // namespace wildplan::detail
