// The command line as a shell user meets it: color decided per stream and by the NO_COLOR and
// CLICOLOR conventions, global options after the verb, "did you mean" for an unknown option,
// each verb's own --help examples, usage errors that are exit 2, the completion scripts, and
// the reports code scanning reads (SARIF and GitHub annotations) from a repository.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "test_util.hpp"
#include "wildplan/wildplan.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;
using test::read_file;
using test::write_file;

const std::string kReply =
    "Here:\n<plan>\n(Copy of the task list you wrote to tasks.md)\n</plan>\n"
    "<plan>\n# Tasks\n- [ ] Task 1: Write the parser tests\n</plan>\n";

const std::string kTasks =
    "# Tasks\n\n## Phase 1 - Setup\n- [ ] Task 1: Write the parser tests\n"
    "- [x] Task 2: Add the lock around the cache\n";

bool have(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

class Shell : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::scratch_dir(testing::UnitTest::GetInstance()->current_test_info()->name());
    write_file(dir_ / "reply.txt", kReply);
    write_file(dir_ / "tasks.md", kTasks);
  }
  /// Runs `command` (sh) in the scratch directory, with no color preference from outside;
  /// `$W` is the built wildplan.
  test::CliResult sh(const std::string& command) const {
    const std::string d = "'" + dir_.string() + "'";
    const std::string cmd = "cd " + d +
                            " && unset NO_COLOR CLICOLOR CLICOLOR_FORCE && export TERM=xterm W='" +
                            WILDPLAN_BINARY "' && { " + command + "; } </dev/null >" + d +
                            "/.out 2>" + d + "/.err";
    test::CliResult r;
    const int status = std::system(cmd.c_str());
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(dir_ / ".out");
    r.err = read_file(dir_ / ".err");
    return r;
  }
  /// Runs `command` with a terminal (util-linux's script) as its standard streams, unless the
  /// command redirects them; returns what reached the terminal.
  std::string on_terminal(const std::string& command) const {
    return sh("script -qec \"" + command + "\" /dev/null").out;
  }
  fs::path dir_;
};

bool colored(const std::string& s) { return s.find('\x1b') != std::string::npos; }

TEST_F(Shell, ColorFollowsEachStreamsOwnTerminal) {
  if (!have("script")) GTEST_SKIP() << "needs script (util-linux) for a terminal";
  // stdout on the terminal, stderr in a log: the log holds no escape sequences.
  EXPECT_FALSE(colored(on_terminal("$W extract reply.txt 2>notes.log")));  // Markdown only
  EXPECT_FALSE(colored(read_file(dir_ / "notes.log")));
  EXPECT_NE(read_file(dir_ / "notes.log").find("[plan-placeholder]"), std::string::npos);
  // stderr on the terminal, stdout in a file: the notes are colored, the plan is not.
  EXPECT_TRUE(colored(on_terminal("$W extract reply.txt >plan.md")));
  EXPECT_FALSE(colored(read_file(dir_ / "plan.md")));
}

TEST_F(Shell, NoColorCountsOnlyWhenNotEmpty) {
  if (!have("script")) GTEST_SKIP() << "needs script (util-linux) for a terminal";
  EXPECT_TRUE(colored(on_terminal("NO_COLOR= $W extract reply.txt >plan.md")));
  EXPECT_FALSE(colored(on_terminal("NO_COLOR=1 $W extract reply.txt >plan.md")));
  EXPECT_FALSE(colored(on_terminal("CLICOLOR=0 $W extract reply.txt >plan.md")));
  EXPECT_FALSE(colored(on_terminal("TERM=dumb $W extract reply.txt >plan.md")));
}

TEST_F(Shell, CliColorForceColorsAPipe) {
  EXPECT_TRUE(colored(sh("CLICOLOR_FORCE=1 $W extract reply.txt").err));
  EXPECT_FALSE(colored(sh("CLICOLOR_FORCE=0 $W extract reply.txt").err));
  EXPECT_FALSE(colored(sh("CLICOLOR_FORCE=1 NO_COLOR=1 $W extract reply.txt").err));
  EXPECT_FALSE(colored(sh("CLICOLOR_FORCE=1 $W --color=never extract reply.txt").err));
  EXPECT_FALSE(colored(sh("$W extract reply.txt").err));
}

TEST_F(Shell, GlobalOptionsWorkAfterTheVerb) {
  EXPECT_TRUE(colored(sh("$W extract reply.txt --color=always").err));
  EXPECT_TRUE(colored(sh("$W extract --color always reply.txt").err));
  const auto r = sh("$W list --version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "wildplan " + std::string(version()) + "\n");
}

TEST_F(Shell, AnUnknownOptionSuggestsTheNearestOne) {
  auto r = sh("$W list --jsn");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "wildplan: error: unknown option '--jsn' (did you mean '--json'?); see 'wildplan list "
            "--help'\n");
  r = sh("$W validate --formt=json tasks.md");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "wildplan: error: unknown option '--formt' (did you mean '--format'?); see 'wildplan "
            "validate --help'\n");
  r = sh("$W --colr=always list");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "wildplan: error: unknown option '--colr' (did you mean '--color'?); see 'wildplan "
            "--help'\n");
  r = sh("$W list --zzzzzzzz");
  EXPECT_EQ(r.err, "wildplan: error: unknown option '--zzzzzzzz'; see 'wildplan list --help'\n");
  r = sh("$W list surplus");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wildplan: error: unexpected argument 'surplus'; see 'wildplan list --help'\n");
}

TEST_F(Shell, EachVerbsHelpShowsItsOwnExamples) {
  for (const char* verb : {"extract", "parse", "validate", "list", "next", "status", "check",
                           "start", "uncheck", "cancel", "block", "set", "add", "show", "remove",
                           "move", "edit", "diff", "apply", "commit", "snapshot", "history",
                           "hook", "merge-driver", "completions"}) {
    SCOPED_TRACE(verb);
    const auto r = sh(std::string("$W ") + verb + " --help");
    EXPECT_EQ(r.exit_code, 0);
    const std::size_t examples = r.out.find("Examples:\n");
    ASSERT_NE(examples, std::string::npos) << r.out;
    EXPECT_NE(r.out.find(std::string("  wildplan ") + verb + " ", examples), std::string::npos)
        << r.out;
    // Not the program's own examples, which every verb used to inherit.
    EXPECT_EQ(r.out.find("wildplan parse --reply --json out.txt"), std::string::npos) << r.out;
  }
  EXPECT_NE(sh("$W --help").out.find("wildplan parse --reply --json out.txt"), std::string::npos);
}

TEST_F(Shell, AnUnknownPhaseIsExitTwoEverywhere) {
  auto r = sh("$W list --phase 9");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wildplan: error: the plan has no phase 9 (its phases: 1)\n");
  r = sh("$W add 'Plot the loss curves' --phase 9");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wildplan: error: the plan has no phase 9 (its phases: 1)\n");
  EXPECT_EQ(read_file(dir_ / "tasks.md"), kTasks);
  write_file(dir_ / "flat.md", "- [ ] Task 1: Write the parser tests\n");
  r = sh("$W list -f flat.md --phase 1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wildplan: error: the plan has no phase 1 (it has no phases)\n");
  EXPECT_EQ(sh("$W list --phase 1").exit_code, 0);
}

TEST_F(Shell, AnEmptyTaskTextIsExitTwo) {
  for (const char* text : {"''", "'   '", "'\t'"}) {
    const auto r = sh(std::string("$W add ") + text);
    EXPECT_EQ(r.exit_code, 2) << text;
    EXPECT_EQ(r.err,
              "wildplan: error: a task needs text: TEXT is empty; see 'wildplan add --help'\n");
  }
  EXPECT_EQ(read_file(dir_ / "tasks.md"), kTasks);
}

TEST_F(Shell, ValidateJsonIsFormatJson) {
  const auto a = sh("$W validate --json tasks.md");
  const auto b = sh("$W validate --format json tasks.md");
  EXPECT_EQ(a.exit_code, b.exit_code);
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(nlohmann::json::parse(a.out)["kind"], "validation");
}

TEST_F(Shell, BashCompletesVerbsOptionsAndValues) {
  if (!have("bash")) GTEST_SKIP() << "needs bash";
  write_file(dir_ / "complete.sh", R"(source <("$W" completions bash)
c() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _wildplan; echo "${COMPREPLY[*]}"; }
c wildplan val
c wildplan validate --for
c wildplan validate --format ''
c wildplan --color = always li
c wildplan hook ''
c wildplan done --dr
c wildplan list --color ''
c wildplan co
)");
  const auto r = sh("bash complete.sh");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "validate\n--format\ntext json sarif github\nlist\ninstall uninstall\n--dry-run\n"
            "auto always never\ncommit completions\n");
}

TEST_F(Shell, ZshAndFishScriptsParse) {
  for (const char* shell : {"zsh", "fish"}) {
    if (!have(shell)) {
      std::printf("[   NOTE   ] %s is not installed: its script is not checked\n", shell);
      continue;
    }
    const auto r = sh(std::string("$W completions ") + shell + " > script && " + shell +
                      " -n script");
    EXPECT_EQ(r.exit_code, 0) << shell << ": " << r.err;
  }
  if (!have("fish")) GTEST_SKIP() << "needs fish to run its completions";
  const auto r = sh(
      "$W completions fish > wildplan.fish && fish -c 'source wildplan.fish; complete -C \"wildplan "
      "validate --format \"' | cut -f1 | sort");
  EXPECT_EQ(r.out, "github\njson\nsarif\ntext\n") << r.err;
}

TEST_F(Shell, CompletionsNeedAKnownShell) {
  EXPECT_EQ(sh("$W completions tcsh").exit_code, 2);
  EXPECT_EQ(sh("$W completions").exit_code, 2);
}

/// A git repository with the task file in a subdirectory; the command runs in the subdirectory.
class ShellRepo : public Shell {
 protected:
  void SetUp() override {
    Shell::SetUp();
    fs::create_directories(dir_ / "sub");
    write_file(dir_ / "sub" / "tasks.md", "# Tasks\n- [ ] Task 1: TBD\n");
    ASSERT_EQ(sh("git init -q .").exit_code, 0);
  }
};

TEST_F(ShellRepo, SarifPathsAreRelativeToTheRepositoryRoot) {
  const auto r = sh("cd sub && $W validate --format sarif tasks.md");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  const auto& run = doc["runs"][0];
  const auto& loc = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(loc["uri"], "sub/tasks.md");
  EXPECT_EQ(loc["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file://" + dir_.string() + "/");
}

TEST_F(ShellRepo, GithubAnnotationsNameTheFileFromTheRoot) {
  const auto r = sh("cd sub && $W validate --format github tasks.md");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("::error file=sub/tasks.md,line=2,col="), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("::error file=tasks.md"), std::string::npos) << r.out;
}

TEST_F(Shell, OutsideARepositorySarifIsRelativeToTheCurrentDirectory) {
  if (sh("git rev-parse --show-toplevel").exit_code == 0)
    GTEST_SKIP() << "the scratch directory lies inside a git repository";
  fs::create_directories(dir_ / "plans");
  write_file(dir_ / "plans" / "tasks.md", "# Tasks\n- [ ] Task 1: TBD\n");
  const auto r = sh("$W validate --format sarif plans/tasks.md");
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
               ["uri"],
            "plans/tasks.md");
  EXPECT_EQ(doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file://" + dir_.string() + "/");
}

}  // namespace
}  // namespace wildplan
