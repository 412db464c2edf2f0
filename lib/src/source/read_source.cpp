// The one place the core reads files: a regular file is mapped (a 1 GB reply costs its size in
// page cache, not a copy); standard input and other files are read in chunks.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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

struct Mapping {
  void* data = nullptr;
  std::size_t size = 0;
  ~Mapping() {
    if (data) ::munmap(data, size);
  }
};

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
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  if (!S_ISREG(st.st_mode) || st.st_size == 0) return Source(path, read_all(fd, path));
  auto map = std::make_shared<Mapping>();
  map->size = static_cast<std::size_t>(st.st_size);
  map->data = ::mmap(nullptr, map->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (map->data == MAP_FAILED) {
    map->data = nullptr;
    return Source(path, read_all(fd, path));  // a file system that cannot map
  }
  std::string_view bytes(static_cast<const char*>(map->data), map->size);
  return Source(path, bytes, std::move(map));
}

}  // namespace wildplan
