// The floor extract is measured against: read a file and count its '<' bytes with memchr.
//   memchr_scan FILE          read(2) in 1 MiB chunks
//   memchr_scan --mmap FILE   map the file, as wildplan does
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

static std::size_t count_lt(const char* p, std::size_t n) {
  std::size_t count = 0;
  for (const char* end = p + n; (p = static_cast<const char*>(std::memchr(p, '<', end - p))); ++p) {
    ++count;
  }
  return count;
}

int main(int argc, char** argv) {
  const bool map = argc == 3 && std::string_view(argv[1]) == "--mmap";
  if (argc != 2 + map) {
    std::fprintf(stderr, "usage: memchr_scan [--mmap] FILE\n");
    return 2;
  }
  const int fd = ::open(argv[1 + map], O_RDONLY);
  if (fd < 0) return 2;
  std::size_t count = 0;
  if (map) {
    struct stat st {};
    ::fstat(fd, &st);
    const auto n = static_cast<std::size_t>(st.st_size);
    void* p = ::mmap(nullptr, n, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p == MAP_FAILED) return 2;
    count = count_lt(static_cast<const char*>(p), n);
    ::munmap(p, n);
  } else {
    std::vector<char> buf(1 << 20);
    for (ssize_t n; (n = ::read(fd, buf.data(), buf.size())) > 0;) {
      count += count_lt(buf.data(), static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  std::printf("%zu\n", count);
  return 0;
}
