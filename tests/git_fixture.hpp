#pragma once
// A throwaway git repository per test, made and checked with the git CLI, and the built wildplan
// run in it: the way a user meets the git verbs.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "test_util.hpp"

namespace wildplan::test {

/// A v2-planning task list that validates, and one that does not (the placeholder task).
inline const std::string kGoodTasks =
    "# Tasks\n\n## Goal\nFix the flaky io test\n\n## Analysis\nThe cache races.\n\n## Tasks\n"
    "- [ ] Task 1: Reproduce the flake with pytest twenty times\n"
    "- [ ] Task 2: Add a lock around the shared cache\n"
    "- [ ] Task 3: Add a regression test for the race\n"
    "- [ ] Task 4: Run the whole suite three times\n"
    "- [ ] Task 5: Write the change log entry for it\n";
inline const std::string kBadTasks = "# Tasks\n\n## Goal\nFix it\n\n## Tasks\n- [ ] Task 1: TBD\n";

class GitTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch_dir(testing::UnitTest::GetInstance()->current_test_info()->name()) / "repo";
    std::filesystem::create_directories(dir_);
    sh("git init -q -b main && git config user.name 'Loop Bot' && "
       "git config user.email bot@example.invalid && git config commit.gpgsign false");
  }
  /// Runs `cmd` with sh in the repository (or in `in`); its stdout and stderr together.
  std::string sh(const std::string& cmd, int* code = nullptr, const std::string& in = "") const {
    const std::string full = "cd '" + (in.empty() ? dir_.string() : in) + "' && ( " + cmd +
                             " ) >'" + out_path("o").string() + "' 2>&1 </dev/null";
    const int status = std::system(full.c_str());
    if (code) *code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return read_file(out_path("o"));
  }
  /// The exit code of `cmd` run with sh in the repository.
  int status(const std::string& cmd) const {
    int code = 0;
    sh(cmd, &code);
    return code;
  }
  /// Runs the built wildplan in the repository (or in `in`), `env` before it (`A=1 B=2`).
  CliResult wildplan(const std::string& args, const std::string& env = "",
                     const std::string& in = "") const {
    CliResult r;
    const std::string cmd = "cd '" + (in.empty() ? dir_.string() : in) + "' && " + env + " '" +
                            WILDPLAN_BINARY "' " + args + " </dev/null >'" +
                            out_path("wo").string() + "' 2>'" + out_path("we").string() + "'";
    const int s = std::system(cmd.c_str());
    r.exit_code = WIFEXITED(s) ? WEXITSTATUS(s) : 128 + WTERMSIG(s);
    r.out = read_file(out_path("wo"));
    r.err = read_file(out_path("we"));
    return r;
  }
  void write(const std::string& path, const std::string& text) const {
    std::filesystem::create_directories((dir_ / path).parent_path());
    write_file(dir_ / path, text);
  }
  /// An executable file (a hook) at `path`.
  void write_script(const std::string& path, const std::string& text) const {
    write(path, text);
    std::filesystem::permissions(dir_ / path, std::filesystem::perms::owner_all);
  }
  /// HEAD's commit id, or "" on an unborn branch.
  std::string head() const { return sh("git rev-parse -q --verify HEAD || true"); }
  /// Output files live beside the repository, never in it.
  std::filesystem::path out_path(const char* name) const {
    return dir_.parent_path() / (std::string(".") + name);
  }
  std::filesystem::path dir_;
};

}  // namespace wildplan::test
