// validate on the built binary: formats, exit codes, configuration, and SARIF against its schema.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_util.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/render.hpp"
#include "wildplan/rules.hpp"

namespace wildplan {
namespace {

using test::run_cli;
namespace fs = std::filesystem;

const std::string kGood =
    "# Tasks\n\n## Goal\nFix the flaky io test\n\n## Analysis\nThe cache races.\n\n## Tasks\n"
    "- [x] Task 1: Reproduce the flake with pytest twenty times\n"
    "- [ ] Task 2: Add a lock around the shared cache\n"
    "- [ ] Task 3: Add a regression test for the race\n"
    "- [ ] Task 4: Run the whole suite three times\n"
    "- [ ] Task 5: Write the change log entry for it\n";

const std::string kBad =
    "# Tasks\n\n## Goal\nFix the flaky io test\n\n## Analysis\nThe cache races.\n\n## Tasks\n"
    "- [ ] Task 1: Specific, actionable description\n";

TEST(ValidateCli, AGoodPlanExitsZero) {
  const auto r = run_cli("validate -", kGood);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "<stdin>: ok (profile v2-planning: Goal and Tasks sections)\n");
  EXPECT_EQ(r.err, "");
}

TEST(ValidateCli, ABadPlanExitsOneWithDiagnosticsOnStdout) {
  const auto r = run_cli("validate -", kBad);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "<stdin>:9:1: error: the plan has 1 top-level task; v2-planning asks for at least "
            "5: split the work into smaller steps [too-few-tasks]\n"
            " 9 | ## Tasks\n"
            "   | ^~~~~~~~\n"
            "<stdin>:10:15: error: the task is the prompt's placeholder text: write the real task "
            "[task-placeholder]\n"
            " 10 | - [ ] Task 1: Specific, actionable description\n"
            "    |               ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
            "<stdin>: 2 errors, 0 warnings (profile v2-planning: Goal and Tasks sections)\n");
}

// Past 4,096 diagnostics the second half is rendered on another thread: the output is the
// same as the in-process rendering, in order.
TEST(ValidateCli, ThousandsOfDiagnosticsPrintInOrder) {
  std::string text = "# Tasks\n\n## Tasks\n";
  for (int i = 0; i < 5000; ++i) text += "- [ ] Task " + std::to_string(i + 1) + ": the same\n";
  const auto r = run_cli("validate --profile generic -", text);
  EXPECT_EQ(r.exit_code, 0);
  const Source src("<stdin>", text);
  const auto parsed = parse_plan(src);
  ValidateOptions o;
  o.profile = Profile::Generic;
  const Validation v = validate(test::document(src), o);
  ASSERT_GT(v.diagnostics.size(), 4096u);
  std::string want;
  for (const Diagnostic& d : v.diagnostics) want += render_diagnostic(&src, d);
  EXPECT_EQ(r.out.substr(0, want.size()), want);
  EXPECT_EQ(r.out.rfind("<stdin>: "), want.size());  // then the one summary line
}

TEST(ValidateCli, StrictMakesWarningsFail) {
  const std::string warn =
      kGood + "- [/] Task 6: Tidy the imports in io.py\n- [/] Task 7: Tidy the imports in db.py\n";
  EXPECT_EQ(run_cli("validate -", warn).exit_code, 0);
  EXPECT_EQ(run_cli("validate --strict -", warn).exit_code, 1);
}

TEST(ValidateCli, JsonNamesTheProfile) {
  const auto r = run_cli("validate --format json -", kBad);
  EXPECT_EQ(r.exit_code, 1);
  const auto doc = nlohmann::ordered_json::parse(r.out);
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["kind"], "validation");
  EXPECT_EQ(doc["files"][0]["profile"], "v2-planning");
  EXPECT_EQ(doc["files"][0]["diagnostics"][1]["rule"], "task-placeholder");
  EXPECT_EQ(doc["files"][0]["diagnostics"][1]["line"], 10);
  EXPECT_EQ(doc["errors"], 2);  // too-few-tasks and task-placeholder
}

TEST(ValidateCli, SarifIsValidAgainstThePublishedSchema) {
  const fs::path dir = test::scratch_dir("sarif");
  const fs::path schema = test::kSharedDir / "schemas" / "sarif-schema-2.1.0.json";
  WILDPLAN_NEEDS_SHARED(schema);
  // Positions, whole-file results, several files, a path with a space, non-ASCII columns.
  test::write_file(dir / "a b.md", kBad + "- [ ] Task 2: \xC3\xA9t\xC3\xA9 TBD\n");
  test::write_file(dir / "c.md", "no tasks here\n");
  const auto r = run_cli("validate --format sarif '" + (dir / "a b.md").string() + "' '" +
                         (dir / "c.md").string() + "'");
  EXPECT_EQ(r.exit_code, 1);
  test::write_file(dir / "out.sarif", r.out);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["version"], "2.1.0");
  const auto& results = doc["runs"][0]["results"];
  ASSERT_GE(results.size(), 3u);
  EXPECT_NE(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .get<std::string>()
                .find("a%20b.md"),
            std::string::npos);
  const std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const std::string cmd = python + " '" + (test::kSourceDir / "tests" / "check_sarif.py").string() +
                          "' '" + schema.string() + "' '" + (dir / "out.sarif").string() + "' >'" +
                          (dir / "errors").string() + "' 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << test::read_file(dir / "errors");
}

TEST(ValidateCli, ConfigFoundUpwardSwitchesRulesOff) {
  const fs::path dir = test::scratch_dir("config");
  fs::create_directories(dir / "sub");
  test::write_file(dir / ".wildplan.json",
                   R"({"rules": {"task-placeholder": "off", "too-few-tasks": "off"}})");
  test::write_file(dir / "sub" / "tasks.md", kBad);
  const auto r = run_cli("validate '" + (dir / "sub" / "tasks.md").string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(ValidateCli, AnInvalidConfigIsExitTwo) {
  const fs::path dir = test::scratch_dir("badconfig");
  test::write_file(dir / "c.json", R"({"rulez": {}})");
  const auto r = run_cli("validate --config '" + (dir / "c.json").string() + "' -", kGood);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("c.json:1:2: error: $.rulez: unknown key"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("wildplan: error: invalid configuration"), std::string::npos);
}

TEST(ValidateCli, ProfileAndGoalFlags) {
  auto r = run_cli("validate --profile generic -", kBad);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("(profile generic: --profile)"), std::string::npos) << r.out;
  r = run_cli("validate --goal 'Ship the release' -", kGood);
  EXPECT_NE(r.out.find("[goal-mismatch]"), std::string::npos) << r.out;
  EXPECT_EQ(run_cli("validate --profile strict -", kGood).exit_code, 2);
}

TEST(ValidateCli, ReplyFlagReportsPlanDifferences) {
  const fs::path dir = test::scratch_dir("reply");
  test::write_file(dir / "reply.txt", "<plan>\n" + kGood + "</plan>\n");
  std::string file = kGood;
  file.replace(file.find("- [ ] Task 2"), 5, "- [x]");
  test::write_file(dir / "tasks.md", file);
  const auto r = run_cli("validate --reply '" + (dir / "reply.txt").string() + "' '" +
                         (dir / "tasks.md").string() + "'");
  EXPECT_NE(
      r.out.find("11:3: warning: status is done here but todo in the reply's plan [plan-differs]"),
      std::string::npos)
      << r.out;
}

TEST(ValidateCli, FindsTheTaskFileWhenNoneIsNamed) {
  const fs::path dir = test::scratch_dir("find");
  fs::create_directories(dir / ".git");
  fs::create_directories(dir / ".agents" / "wild" / "s1");
  test::write_file(dir / ".agents" / "wild" / "s1" / "tasks.md", kGood);
  const std::string cd = "cd '" + dir.string() + "' && ";
  auto r = run_cli("validate --help");  // the binary works; now from the directory
  const int code = std::system(
      (cd + "'" WILDPLAN_BINARY "' validate </dev/null >'" + (dir / "out").string() + "' 2>&1")
          .c_str());
  EXPECT_EQ(WEXITSTATUS(code), 0);
  // The file picked among the sessions' is named (on stderr), then the report.
  EXPECT_EQ(test::read_file(dir / "out"),
            "wildplan: using .agents/wild/s1/tasks.md (the one session task file found)\n"
            ".agents/wild/s1/tasks.md: ok (profile v2-planning: Goal and Tasks sections)\n");
  fs::remove_all(dir / ".agents");
  const int none = std::system(
      (cd + "'" WILDPLAN_BINARY "' validate </dev/null >'" + (dir / "out").string() + "' 2>&1")
          .c_str());
  EXPECT_EQ(WEXITSTATUS(none), 2);
  EXPECT_NE(test::read_file(dir / "out")
                .find("no task file found; tried:\n  $WILDPLAN_TASKS (unset)\n  ./tasks.md\n"),
            std::string::npos)
      << test::read_file(dir / "out");
}

}  // namespace
}  // namespace wildplan
