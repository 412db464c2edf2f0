// LockFileGuard (lock_files.hpp): a fixed table of heap-copied paths in atomics, so that the
// signal handler reads it without locks or allocation, whatever thread it interrupts; and
// remove_locks_on_signal() (wildplan/signals.hpp), which installs that handler.
#include "edit/lock_files.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "wildplan/signals.hpp"

namespace wildplan::detail {
namespace {

constexpr std::array kSignals = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};

std::array<std::atomic<char*>, 16> g_paths{};
std::array<struct sigaction, kSignals.size()> g_previous{};

void remove_all() {
  for (auto& slot : g_paths) {
    if (const char* p = slot.load()) ::unlink(p);
  }
}

void on_signal(int sig) {
  const int saved = errno;
  remove_all();
  for (std::size_t i = 0; i < kSignals.size(); ++i) {
    if (kSignals[i] == sig) ::sigaction(sig, &g_previous[i], nullptr);
  }
  errno = saved;
  ::raise(sig);  // unblocked when this handler returns: the previous disposition acts on it
}

void install() {
  for (std::size_t i = 0; i < kSignals.size(); ++i) {
    struct sigaction now {};
    if (::sigaction(kSignals[i], nullptr, &now) != 0) continue;
    if (now.sa_handler == SIG_IGN) continue;  // nohup and the like: stay ignored
    g_previous[i] = now;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(kSignals[i], &sa, nullptr);
  }
  std::atexit(remove_all);
}

}  // namespace

LockFileGuard::LockFileGuard(const std::string& path) {
  char* copy = ::strdup(path.c_str());
  if (!copy) return;
  for (std::size_t i = 0; i < g_paths.size(); ++i) {
    char* expected = nullptr;
    if (g_paths[i].compare_exchange_strong(expected, copy)) {
      slot_ = static_cast<int>(i);
      return;
    }
  }
  std::free(copy);
}

LockFileGuard::~LockFileGuard() {
  if (slot_ < 0) return;
  std::free(g_paths[static_cast<std::size_t>(slot_)].exchange(nullptr));
}

}  // namespace wildplan::detail

namespace wildplan {

void remove_locks_on_signal() {
  static std::once_flag once;
  std::call_once(once, detail::install);
}

}  // namespace wildplan
