// The one place the core reads files, always with read(2): a mapping would die with SIGBUS when
// the agent truncates the file while it is read, and read() costs one copy that memchr-speed
// scanning pays for anyway. A regular file is read straight into one buffer of its size (no
// zero-filling, no growth); standard input and other files are read in chunks.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "wildplan/diagnostic.hpp"
#include "wildplan/source.hpp"

namespace wildplan {
namespace {

[[noreturn]] void fail(const std::string& path, const char* doing, int err) {
  throw Error("cannot " + std::string(doing) + " '" + path + "': " + std::strerror(err),
              std::error_code(err, std::generic_category()));
}

std::string read_all(int fd, const std::string& path) {
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) return out;
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "read", errno);
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
}

/// Reads a regular file of `size` bytes (as fstat saw it) into one buffer; a file that has
/// shrunk since gives what is there, one that has grown gives all of it.
/// A buffer of `size` bytes nobody has written: for a big file, its own anonymous mapping with
/// transparent huge pages advised (one fault per 2 MiB instead of one per 4 KiB: most of what
/// reading 100 MB costs beyond the copy), else the heap's.
std::shared_ptr<char[]> fresh_buffer(std::size_t size) {
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  if (size >= 4 * kHuge) {
    const std::size_t mapped = (size + kHuge - 1) & ~(kHuge - 1);
    void* p = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    ::madvise(p, mapped, MADV_HUGEPAGE);  // advice: where the system allows it
    return std::shared_ptr<char[]>(static_cast<char*>(p),
                                   [mapped](char* q) { ::munmap(q, mapped); });
  }
  return std::shared_ptr<char[]>(std::make_unique_for_overwrite<char[]>(size).release());
}

Source read_regular(int fd, const std::string& path, std::size_t size) {
  std::shared_ptr<char[]> buf = fresh_buffer(size);
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, buf.get() + got, size - got);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "read", errno);
    }
    got += static_cast<std::size_t>(n);
  }
  if (got == size) {
    std::string rest = read_all(fd, path);
    if (!rest.empty()) return Source(path, std::string(buf.get(), got) + rest);
  }
  const std::string_view bytes(buf.get(), got);
  return Source(path, bytes, std::move(buf));
}

}  // namespace

Source read_source(const std::string& path) {
  if (path == "-") return Source("<stdin>", read_all(STDIN_FILENO, "<stdin>"));
  // O_NONBLOCK: opening a FIFO must not wait for a writer that may never come. Reading is
  // blocking again: a FIFO without a writer then reads as empty, /dev/stdin as the pipe it is.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) fail(path, "open", errno);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail(path, "stat", errno);
  if (S_ISDIR(st.st_mode)) fail(path, "read", EISDIR);
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) fail(path, "read", errno);
  if (!S_ISREG(st.st_mode) || st.st_size == 0) return Source(path, read_all(fd, path));
  return read_regular(fd, path, static_cast<std::size_t>(st.st_size));
}

}  // namespace wildplan
