// Failure paths of the built binary that the happy-path tests never reach: output that cannot be
// written, option values out of range.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>

#include "test_util.hpp"

namespace wildplan {
namespace {

using test::run_cli;

const std::string kNested = (test::kSourceDir / "fixtures/parse/nested/input.md").string();

/// Runs `wildplan ARGS` with standard output at `out`; the exit code and standard error.
test::CliResult run_with_stdout(const std::string& args, const std::string& out) {
  const auto dir = test::scratch_dir("stdout");
  const std::string cmd =
      "'" WILDPLAN_BINARY "' " + args + " >" + out + " 2>'" + (dir / "err").string() + "'";
  const int status = std::system(cmd.c_str());
  test::CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = test::read_file(dir / "err");
  return r;
}

TEST(FailurePaths, AReportThatCannotBeWrittenIsExitTwo) {
  // Regression: `parse --json big.md > /dev/full` exited 0, the report lost without a word.
  const auto r = run_with_stdout("parse --json '" + kNested + "'", "/dev/full");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wildplan: error: write failure on standard output: No space left on device\n");
}

TEST(FailurePaths, AReaderThatStopsEarlyIsNoFailure) {
  // A pipe whose reader goes away is SIGPIPE's business, as in git: `| head -1` is no error.
  const std::string cmd = "'" WILDPLAN_BINARY "' parse --json '" + kNested + "' | head -c 1 >/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

TEST(FailurePaths, LockTimeoutOutOfRangeIsAUsageError) {
  // Regression: --lock-timeout 1e300 was converted to milliseconds as it came (undefined).
  for (const char* value : {"1e300", "-1", "nan", "inf"}) {
    const auto r = run_cli(std::string("check 1 --lock-timeout ") + value + " -f '" + kNested + "'");
    EXPECT_EQ(r.exit_code, 2) << value;
    EXPECT_NE(r.err.find("--lock-timeout"), std::string::npos) << value << ": " << r.err;
  }
  const auto commit = run_cli("commit --lock-timeout 1e300");
  EXPECT_EQ(commit.exit_code, 2);
  EXPECT_NE(commit.err.find("--lock-timeout"), std::string::npos) << commit.err;
}

}  // namespace
}  // namespace wildplan
