// A test-only preload (LD_PRELOAD) that stops the built program at a chosen point of its
// lockfile protocol, for the tests of what a killed or interrupted writer leaves
// (failure_paths_test.cpp, state_test.cpp; test_util.hpp's lock_shim_env). Nothing of it is in
// the shipped library: it wraps calls the program makes into the C library, and the program
// cannot tell.
//
// WILDPLAN_SHIM=ACTION:POINT, ACTION `kill` (SIGKILL: nothing can catch it) or `hold` (wait
// there until a signal ends the process), POINT one of
//   after-lock     the lock file is created and its mode set (fchmod of a `*.lock`)
//   mid-write      half of the new bytes are in the lock file (a write to a `*.lock`)
//   before-rename  the lock file is complete, about to be renamed over the file
//   index-locked   git's `index.lock` is created, before the index is copied into it
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace {

bool at(std::string_view point) {
  const char* want = std::getenv("WILDPLAN_SHIM");
  const char* colon = want ? std::strchr(want, ':') : nullptr;
  return colon && point == colon + 1;
}

void stop() {
  if (std::string_view(std::getenv("WILDPLAN_SHIM")).starts_with("kill:")) ::raise(SIGKILL);
  for (;;) ::pause();
}

bool ends_with(std::string_view text, std::string_view suffix) { return text.ends_with(suffix); }

/// Whether descriptor `fd` is open on a file whose name ends with `suffix`.
bool names(int fd, std::string_view suffix) {
  char link[64], path[4096];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = ::readlink(link, path, sizeof path);
  return n > 0 && ends_with(std::string_view(path, static_cast<std::size_t>(n)), suffix);
}

}  // namespace

extern "C" {

int fchmod(int fd, mode_t mode) {
  const auto rc = static_cast<int>(::syscall(SYS_fchmod, fd, mode));
  if (at("after-lock") && names(fd, ".lock")) stop();
  return rc;
}

ssize_t write(int fd, const void* buf, size_t count) {
  if (at("index-locked") && names(fd, "/index.lock")) stop();
  if (at("mid-write") && count > 1 && names(fd, ".lock") && !names(fd, "/index.lock")) {
    const auto n = static_cast<ssize_t>(::syscall(SYS_write, fd, buf, count / 2));
    stop();
    return n;
  }
  return static_cast<ssize_t>(::syscall(SYS_write, fd, buf, count));
}

int rename(const char* from, const char* to) {
  if (at("before-rename") && ends_with(from, ".lock") && !ends_with(from, "/index.lock")) stop();
  return static_cast<int>(::syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 0));
}

}  // extern "C"
