#pragma once
// The lock files this process holds, removed when it is killed by a signal or exits without
// unwinding, as git's tempfile.c and sigchain.c do: a writer interrupted while it holds
// `tasks.md.lock` or `index.lock` (a loop that kills a timed-out step with SIGTERM, ^C at a
// shell, a closed terminal) leaves no lock for the next writer to wait on.
//
// On the first registration, handlers for SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE (each not
// ignored at that moment) and an atexit handler are installed. The signal handler unlinks every
// registered path (unlink is async-signal-safe), puts back the handler that was there before
// (the default, or an embedding program's) and raises the signal again, so the process ends as
// that signal says (or the program's own handler runs).

#include <string>

namespace wildplan::detail {

/// Registers `path` for removal on a signal or at exit while it lives; unregisters when
/// destroyed (the owner removes or renames the file itself). At most 16 at once (more are not
/// registered: the owner still removes them on every path that unwinds).
class LockFileGuard {
 public:
  explicit LockFileGuard(const std::string& path);
  ~LockFileGuard();
  LockFileGuard(const LockFileGuard&) = delete;
  LockFileGuard& operator=(const LockFileGuard&) = delete;

 private:
  int slot_ = -1;
};

/// Tests only: WILDPLAN_TEST_CRASH=NAME kills the process with SIGKILL at the point `name`, and
/// WILDPLAN_TEST_CRASH=hold:NAME waits there (for a signal), so that tests can show what a crash
/// or a signal leaves. Points: "after-lock", "mid-write", "before-rename" (update_file),
/// "index-locked" (the git index lock).
void test_point(const char* name);

}  // namespace wildplan::detail
