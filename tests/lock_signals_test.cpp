// Lock files and signals (wildplan/signals.hpp): the library installs no handler of its own; a
// program that calls remove_locks_on_signal() loses no lock to a signal, and a handler it had
// before still runs. Each case runs in a child process, so that dispositions do not leak.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "test_util.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/signals.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

constexpr std::array kSignals = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};

/// Runs `body` in a child process and returns its wait status.
template <typename F>
int in_child(F body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    body();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

/// A handler for a signal, other than the default and ignoring.
bool has_handler(int sig) {
  struct sigaction now {};
  ::sigaction(sig, nullptr, &now);
  return now.sa_handler != SIG_DFL && now.sa_handler != SIG_IGN;
}

TEST(LockSignals, TheLibraryInstallsNoHandlerOfItsOwn) {
  const fs::path dir = test::scratch_dir("no-handlers");
  test::write_file(dir / "tasks.md", "- [ ] a\n");
  const int status = in_child([&] {
    for (int sig : kSignals) ::signal(sig, SIG_DFL);
    // While the lock is held, and after the write: the dispositions are as the program left
    // them.
    int handlers = 0;
    update_file((dir / "tasks.md").string(), [&](const Source&) -> std::optional<std::string> {
      for (int sig : kSignals) handlers += has_handler(sig);
      return "- [x] a\n";
    });
    for (int sig : kSignals) handlers += has_handler(sig);
    ::_exit(handlers);
  });
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0) << "handlers installed by the library";
  EXPECT_EQ(test::read_file(dir / "tasks.md"), "- [x] a\n");
}

TEST(LockSignals, ASignalRemovesTheLockOnceTheProgramAsks) {
  for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) {
    const fs::path dir = test::scratch_dir("asks-" + std::to_string(sig));
    test::write_file(dir / "tasks.md", "- [ ] a\n");
    const int status = in_child([&] {
      ::signal(sig, SIG_DFL);
      remove_locks_on_signal();
      remove_locks_on_signal();  // a second call changes nothing
      update_file((dir / "tasks.md").string(), [&](const Source&) -> std::optional<std::string> {
        ::raise(sig);  // under the lock
        return "- [x] a\n";
      });
      ::_exit(3);  // not reached: the signal ends the process
    });
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << sig << ": " << status;
    EXPECT_FALSE(fs::exists(dir / "tasks.md.lock")) << sig;
    EXPECT_EQ(test::read_file(dir / "tasks.md"), "- [ ] a\n") << sig;
  }
}

TEST(LockSignals, WithoutTheCallASignalLeavesTheLock) {
  const fs::path dir = test::scratch_dir("not-asked");
  test::write_file(dir / "tasks.md", "- [ ] a\n");
  const int status = in_child([&] {
    ::signal(SIGTERM, SIG_DFL);
    update_file((dir / "tasks.md").string(), [&](const Source&) -> std::optional<std::string> {
      ::raise(SIGTERM);
      return "- [x] a\n";
    });
  });
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
  EXPECT_TRUE(fs::exists(dir / "tasks.md.lock"));  // the program did not ask
  EXPECT_EQ(test::read_file(dir / "tasks.md"), "- [ ] a\n");
}

void exit_42(int) { ::_exit(42); }

TEST(LockSignals, TheProgramsOwnHandlerStillRunsAfterTheLockIsRemoved) {
  const fs::path dir = test::scratch_dir("chained");
  test::write_file(dir / "tasks.md", "- [ ] a\n");
  const int status = in_child([&] {
    ::signal(SIGTERM, exit_42);
    remove_locks_on_signal();
    update_file((dir / "tasks.md").string(), [&](const Source&) -> std::optional<std::string> {
      ::raise(SIGTERM);
      return "- [x] a\n";
    });
  });
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 42);
  EXPECT_FALSE(fs::exists(dir / "tasks.md.lock"));
}

TEST(LockSignals, AnExitWithoutUnwindingRemovesTheLockOnceTheProgramAsks) {
  const fs::path dir = test::scratch_dir("exit");
  test::write_file(dir / "tasks.md", "- [ ] a\n");
  const int status = in_child([&] {
    remove_locks_on_signal();
    update_file((dir / "tasks.md").string(), [&](const Source&) -> std::optional<std::string> {
      std::exit(7);  // atexit handlers run, destructors of the stack do not
    });
  });
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 7);
  EXPECT_FALSE(fs::exists(dir / "tasks.md.lock"));
}

}  // namespace
}  // namespace wildplan
