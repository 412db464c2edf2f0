#pragma once
// The lock files this process holds, for remove_locks_on_signal() (wildplan/signals.hpp): a
// writer registers each lock while it holds it, and the handlers that call asks for unlink
// what is registered when a signal ends the process, or at exit. Without that call nothing but
// the registration happens: the library installs no handler of its own.

#include <string>

namespace wildplan::detail {

/// Registers `path` while it lives (for removal on a signal or at exit, when the program asked
/// for that); unregisters when destroyed (the owner removes or renames the file itself). At most
/// 16 at once (more are not registered: the owner still removes them on every path that
/// unwinds).
class LockFileGuard {
 public:
  explicit LockFileGuard(const std::string& path);
  ~LockFileGuard();
  LockFileGuard(const LockFileGuard&) = delete;
  LockFileGuard& operator=(const LockFileGuard&) = delete;

 private:
  int slot_ = -1;
};

}  // namespace wildplan::detail
