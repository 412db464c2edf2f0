// The built binary: stdout, stderr and exit codes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.hpp"

namespace wildplan {
namespace {

using test::run_cli;

const std::string kExample =
    (test::kSourceDir / "fixtures/examples/echo-then-plan/reply.txt").string();

TEST(Cli, ExtractPrintsTheSelectedPlanAndWhy) {
  const auto r = run_cli("extract '" + kExample + "'");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.starts_with("# Tasks\n\n## Goal\nTune the learning rate")) << r.out;
  EXPECT_NE(r.out.find("- [ ] Task 7: Write `report.md`"), std::string::npos);
  EXPECT_EQ(r.out.find("Copy of the task list"), std::string::npos);
  EXPECT_NE(r.err.find(":50:1: note: placeholder <plan> block ignored"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("(<plan> block 2 of 2, 7 tasks, rule last-closed-with-tasks)"),
            std::string::npos)
      << r.err;
}

TEST(Cli, ExtractQuietPrintsOnlyThePlan) {
  const auto r = run_cli("extract -q -", "<plan>\n- [ ] a\n</plan>\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "- [ ] a\n");
  EXPECT_EQ(r.err, "");
}

TEST(Cli, ExtractWithoutAPlanExitsOneWithDiagnostics) {
  const auto r = run_cli("extract -", "```\n<plan>\n(full tasks markdown)\n</plan>\n```\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "<stdin>: error: only placeholder <plan> blocks found: print the task list between "
            "<plan> and </plan> [plan-missing]\n"
            "<stdin>:2:1: note: placeholder <plan> block ignored (the prompt's own example, not a "
            "plan) [plan-placeholder]\n"
            " 2 | <plan>\n"
            "   | ^~~~~~\n");
}

TEST(Cli, ExtractJsonIsTheReplyDocument) {
  const auto r = run_cli("extract --json '" + kExample + "'");
  EXPECT_EQ(r.exit_code, 0);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["selected"], 1);
  EXPECT_EQ(doc["rule"], "last-closed-with-tasks");
  EXPECT_EQ(doc["signals"]["promise"], "WAITING");
  EXPECT_EQ(r.err, "");
}

TEST(Cli, ExtractJsonWithoutAPlanStillPrintsTheDocument) {
  const auto r = run_cli("extract --json -", "nothing here\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(r.out)["selected"], nullptr);
}

TEST(Cli, ExtractTagPrintsASignal) {
  const std::string reply = "<promise> done </promise><continue>yes</continue>";
  auto r = run_cli("extract --tag promise -", reply);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "DONE\n");
  r = run_cli("extract --tag continue -", reply);
  EXPECT_EQ(r.out, "true\n");
  r = run_cli("extract --tag summary -", reply);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "wildplan: error: no closed <summary> block in the reply\n");
  r = run_cli("extract --tag 'not a name' -", reply);
  EXPECT_EQ(r.exit_code, 2);
  r = run_cli("extract --tag bogus -", reply);  // any tag: none here
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "wildplan: error: no closed <bogus> block in the reply\n");
}

TEST(Cli, ParsePrintsATable) {
  const auto r = run_cli(
      "parse -", "# Tasks\n- [x] Task 1: a\n- [/] Task 2: b\n  - [ ] nested\n- [-] Task 3: c\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "Tasks\n"
            "#  ID      STATUS       PHASE  TITLE\n"
            "1  Task 1  done                a\n"
            "2  Task 2  in_progress         b\n"
            "3          todo                  nested\n"
            "4  Task 3  cancelled           c\n"
            "4 tasks: 1 todo, 1 done, 1 in progress, 1 cancelled\n");
  EXPECT_EQ(r.err, "");
}

TEST(Cli, ParseReplyParsesTheSelectedPlan) {
  const auto r = run_cli("parse --reply '" + kExample + "'");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("plan from "), std::string::npos);
  EXPECT_NE(r.out.find(":140:1 (rule last-closed-with-tasks)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("7 tasks: 7 todo\n"), std::string::npos);
}

TEST(Cli, ParseReplyJsonPositionsReferToTheReply) {
  const auto r = run_cli("parse --reply --json '" + kExample + "'");
  EXPECT_EQ(r.exit_code, 0);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["tasks"].size(), 7u);
  EXPECT_EQ(doc["tasks"][0]["line"], 152);
  EXPECT_EQ(doc["diagnostics"][0]["rule"], "plan-placeholder");
}

TEST(Cli, ParseReplyWithoutAPlanExitsOne) {
  const auto r = run_cli("parse --reply -", "no plan\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("[plan-missing]"), std::string::npos);
}

TEST(Cli, ParseEscapesControlCharactersInTheTable) {
  const auto r = run_cli("parse -", "- [ ] \x1b[2Jwipe\n");
  EXPECT_NE(r.out.find("\\x1b[2Jwipe"), std::string::npos);
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
}

TEST(Cli, ParseJsonCarriesTheExactText) {
  const auto r = run_cli("parse --json -", "- [ ] \x1b[2Jwipe\n");
  EXPECT_EQ(nlohmann::json::parse(r.out)["tasks"][0]["title"], "\x1b[2Jwipe");
}

TEST(Cli, ParseWarnsAboutUnknownStatusButSucceeds) {
  const auto r = run_cli("parse -", "- [+] review\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("<stdin>:1:3: warning: unknown status '[+]'"), std::string::npos) << r.err;
}

TEST(Cli, MissingFileIsExitTwo) {
  const auto r = run_cli("parse /nonexistent/tasks.md");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "wildplan: error: cannot open '/nonexistent/tasks.md': No such file or directory\n");
}

TEST(Cli, DirectoryIsExitTwo) {
  const auto r = run_cli("extract /tmp");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wildplan: error: cannot read '/tmp': Is a directory\n");
}

TEST(Cli, UnreadableFileIsExitTwo) {
  // /proc/self/mem opens but fails to read at offset 0, for root too.
  const auto r = run_cli("parse /proc/self/mem");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wildplan: error: cannot read '/proc/self/mem': Input/output error\n");
}

TEST(Cli, UnknownCommandSuggestsTheNearestOne) {
  const auto r = run_cli("pars x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(
      r.err,
      "wildplan: error: unknown command 'pars' (did you mean 'parse'?); see 'wildplan --help'\n");
}

TEST(Cli, UsageErrorsAreExitTwo) {
  EXPECT_EQ(run_cli("").exit_code, 2);
  EXPECT_EQ(run_cli("parse --no-such-flag").exit_code, 2);
  EXPECT_EQ(run_cli("--color=sometimes parse -").exit_code, 2);
}

TEST(Cli, VersionAndHelp) {
  auto r = run_cli("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "wildplan 0.1.0\n");
  r = run_cli("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Examples:"), std::string::npos);
  r = run_cli("extract --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("wildplan extract reply.txt > tasks.md"), std::string::npos);
}

TEST(Cli, ColorAlwaysColorsDiagnostics) {
  const auto r = run_cli("--color=always parse -", "- [+] review\n");
  EXPECT_NE(r.err.find("\x1b[1;35mwarning"), std::string::npos) << r.err;
  const auto plain = run_cli("parse -", "- [+] review\n");
  EXPECT_EQ(plain.err.find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace wildplan
