// One representation that flows (issue 23): a Document holds its bytes, a reply's plan is parsed
// once in the reply's positions, the configured status map reads every stage's boxes, diff and
// apply print one change list, and every verb finds the workspace the same way.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "git_fixture.hpp"
#include "test_util.hpp"
#include "wildplan/diff.hpp"
#include "wildplan/document.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/workspace.hpp"

namespace wildplan {
namespace {

using nlohmann::json;

const std::string kReply =
    "I looked at the code first.\n"
    "\n"
    "Then I wrote the plan:\n"
    "\n"
    "<plan>\n"
    "# Tasks\n"
    "\n"
    "## Goal\n"
    "Fix the flaky io test\n"
    "\n"
    "## Tasks\n"
    "- [ ] Task 1: Reproduce the flake with pytest twenty times\n"
    "- [ ] Task 2: Add a lock around the shared cache\n"
    "</plan>\n";

TEST(ReplyPlan, IsADocumentInTheReplysOwnPositions) {
  const Reply r = extract_reply(Source("reply.txt", kReply));
  ASSERT_TRUE(r.plan);
  EXPECT_EQ(r.plan->name(), "reply.txt");
  EXPECT_EQ(&r.plan->src(), &r.text());  // the reply's own bytes, not a copy
  ASSERT_EQ(r.plan->plan.tasks.size(), 2u);
  EXPECT_EQ(r.plan->plan.tasks[0].pos.line, 12u);  // the reply's line, where the user finds it
  EXPECT_EQ(r.plan->plan.tasks[1].pos.line, 13u);
  EXPECT_EQ(r.plan_block()->task_count, 2u);
  EXPECT_EQ(range_markdown(*r.plan), kReply.substr(kReply.find("# Tasks"),
                                                   kReply.find("</plan>") - kReply.find("# Tasks")));
}

TEST(ReplyPlan, OutlivesEverythingButItsReply) {
  std::optional<Document> plan;
  {
    Reply r = extract_reply(std::make_shared<const Source>("reply.txt", kReply));
    plan = std::move(r.plan);
  }  // the reply is gone; the document keeps the bytes its spans point into
  ASSERT_TRUE(plan);
  const Task& t = plan->plan.tasks[1];
  EXPECT_EQ(plan->src().text(t.box_span), "[ ]");
  EXPECT_EQ(plan->src().line_text(t.pos.line), "- [ ] Task 2: Add a lock around the shared cache");
}

TEST(ReplyPlan, IsParsedWithTheConfiguredStatusMap) {
  ExtractOptions o;
  o.parse.statuses.set('v', Status::Done);
  const Reply r =
      extract_reply(Source("reply.txt", "<plan>\n- [v] Task 1: a b c\n- [ ] Task 2: d e f\n</plan>\n"), o);
  ASSERT_TRUE(r.plan);
  ASSERT_EQ(r.plan->plan.tasks.size(), 2u);
  EXPECT_EQ(r.plan->plan.tasks[0].status, Status::Done);
}

TEST(Workspace, ThePickedFileIsNamedAndSeveralAreRefused) {
  const auto dir = test::scratch_dir("workspace-sessions");
  std::filesystem::create_directories(dir / ".git");
  std::filesystem::create_directories(dir / ".agents/wild/s1");
  std::filesystem::create_directories(dir / ".agents/wild/s2");
  test::write_file(dir / ".agents/wild/s1/tasks.md", "- [ ] a\n");
  LocateRequest r;
  r.dir = dir.string();
  Workspace w = locate(r);
  EXPECT_EQ(w.origin, TaskFileOrigin::Discovered);
  EXPECT_TRUE(w.picked());
  EXPECT_EQ(w.top, dir.string());
  test::write_file(dir / ".agents/wild/s2/tasks.md", "- [ ] b\n");
  try {
    locate(r);
    FAIL() << "two session files: no guess";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("s1/tasks.md"), std::string::npos) << msg;
    EXPECT_NE(msg.find("s2/tasks.md"), std::string::npos) << msg;
    EXPECT_NE(msg.find("--session"), std::string::npos) << msg;
  }
  r.session = "s2";
  w = locate(r);
  EXPECT_EQ(w.origin, TaskFileOrigin::Session);
  EXPECT_EQ(w.task_file, (dir / ".agents/wild/s2/tasks.md").string());
}

TEST(Workspace, AnInvalidConfigurationIsAnErrorWithItsDiagnostics) {
  const auto dir = test::scratch_dir("workspace-config");
  test::write_file(dir / "tasks.md", "- [ ] a\n");
  test::write_file(dir / ".wildplan.json", "{\"statuses\": {\"v\": \"finished\"}}\n");
  LocateRequest r;
  r.dir = dir.string();
  try {
    locate(r);
    FAIL() << "an invalid configuration";
  } catch (const ConfigError& e) {
    ASSERT_FALSE(e.diagnostics().empty());
    EXPECT_EQ(e.diagnostics()[0].rule, "config-invalid");
    EXPECT_EQ(e.source().name(), (dir / ".wildplan.json").string());
  }
}

/// The CLI on a throwaway repository whose configuration reads `[v]` as done.
class ConfiguredBox : public test::GitTest {
 protected:
  void SetUp() override {
    GitTest::SetUp();
    write(".wildplan.json", "{\"statuses\": {\"v\": \"done\"}}\n");
    write("old.md", kList);
    std::string now = kList;
    now.replace(now.find("- [ ] Task 1"), 5, "- [v]");
    write("tasks.md", now);
  }
  static inline const std::string kList =
      "# Tasks\n\n## Goal\nFix the flaky io test\n\n## Analysis\nThe cache races.\n\n## Tasks\n"
      "- [ ] Task 1: Reproduce the flake with pytest twenty times\n"
      "- [ ] Task 2: Add a lock around the shared cache\n"
      "- [ ] Task 3: Add a regression test for the race\n"
      "- [ ] Task 4: Run the whole suite three times\n"
      "- [ ] Task 5: Write the change log entry for it\n";
};

// Before: `- [v] Task 1` vanished from list and status (0/1 done) and validate said ok.
TEST_F(ConfiguredBox, IsCountedInListStatusDiffValidateAndApplyAlike) {
  const auto list = wildplan("list --json");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const json l = json::parse(list.out);
  ASSERT_EQ(l["tasks"].size(), 5u);
  EXPECT_EQ(l["tasks"][0]["status"], "done");
  EXPECT_EQ(l["tasks"][0]["marker"], "v");

  const json status = json::parse(wildplan("status --json").out);
  EXPECT_EQ(status["done"], 1);
  EXPECT_EQ(status["total"], 5);

  const auto diff = wildplan("diff old.md tasks.md --json");
  EXPECT_EQ(diff.exit_code, 1) << diff.err;
  const json d = json::parse(diff.out);
  ASSERT_EQ(d["changes"].size(), 1u);
  EXPECT_EQ(d["changes"][0]["kind"], "status-changed");
  EXPECT_EQ(d["changes"][0]["to"], "done");

  const json v = json::parse(wildplan("validate --json").out);
  EXPECT_EQ(v["files"][0]["counts"]["done"], 1) << v.dump();
  EXPECT_EQ(v["files"][0]["counts"]["total"], 5) << v.dump();

  write("reply.txt", "<plan>\n" + test::read_file(dir_ / "tasks.md") + "</plan>\n");
  const auto apply = wildplan("apply --reply reply.txt --tasks old.md --iteration 1 --json");
  const json a = json::parse(apply.out);
  ASSERT_EQ(a["changes"].size(), 1u) << apply.out;
  EXPECT_EQ(a["changes"][0]["kind"], "status-changed");
  EXPECT_EQ(a["changes"][0]["to"], "done");
}

TEST_F(ConfiguredBox, DiffAndApplyPrintTheSameChangeList) {
  write("reply.txt",
        "Progress so far.\n\n<plan>\n# Tasks\n\n## Goal\nFix the flaky io test\n\n## Tasks\n"
        "- [x] Task 1: Reproduce the flake with pytest twenty times\n"
        "- [ ] Task 2: Add a lock around the shared cache and a test\n"
        "- [ ] Task 3: Write the change log entry for it\n"
        "- [ ] Task 4: Ask for a review of the fix\n</plan>\n");
  const auto diff = wildplan("diff old.md --reply reply.txt --json");
  const auto apply = wildplan("apply --reply reply.txt --tasks old.md --iteration 2 --json");
  ASSERT_EQ(diff.exit_code, 1) << diff.err;
  const json d = json::parse(diff.out);
  const json a = json::parse(apply.out);
  EXPECT_FALSE(d["changes"].empty());
  EXPECT_EQ(d["changes"], a["changes"]);
  // The plan's lines are the reply's: Task 1 is on its line 10.
  for (const json& c : a["changes"]) {
    if (c["title"] == "Reproduce the flake with pytest twenty times") {
      EXPECT_EQ(c["new_line"], 10);
    }
  }
}

// A work tree whose git directory lies elsewhere (GIT_DIR, GIT_WORK_TREE), run from a
// subdirectory: apply's session file and the commit agree on the top of the work tree.
TEST(WorkspaceUnderGitDir, ApplySessionAndCommitAgreeOnTheTop) {
  const auto root = test::scratch_dir("apply-git-dir");
  const auto work = root / "work";
  std::filesystem::create_directories(work / "sub");
  const std::string env = "GIT_DIR='" + (root / "git").string() + "' GIT_WORK_TREE='" +
                          work.string() + "' HOME=/nonexistent GIT_CONFIG_NOSYSTEM=1";
  auto sh = [&](const std::string& cmd) {
    return std::system(("cd '" + (work / "sub").string() + "' && " + env + " " + cmd).c_str());
  };
  ASSERT_EQ(sh("git init -q -b main >/dev/null 2>&1"), 0);
  test::write_file(work / "sub/code.txt", "x\n");
  test::write_file(root / "reply.txt",
                   "<plan>\n# Tasks\n\n## Goal\nFix it\n\n## Tasks\n- [ ] Task 1: Fix the flaky "
                   "io test in the cache\n</plan>\n");
  ASSERT_EQ(sh("'" WILDPLAN_BINARY "' apply --reply '" + (root / "reply.txt").string() +
               "' --session s1 --commit --author 'A <a@example.invalid>' --json > '" +
               (root / "out.json").string() + "'"),
            256) << test::read_file(root / "out.json");  // exit 1: the plan's errors
  EXPECT_TRUE(std::filesystem::exists(work / ".agents/wild/s1/tasks.md"));
  EXPECT_FALSE(std::filesystem::exists(work / "sub/.agents"));
  const json out = json::parse(test::read_file(root / "out.json"));
  EXPECT_EQ(out["commit"]["committed"], true) << out.dump();
  const auto staged = out["commit"]["staged"];
  EXPECT_NE(std::find(staged.begin(), staged.end(), ".agents/wild/s1/tasks.md"), staged.end())
      << staged.dump();
}

}  // namespace
}  // namespace wildplan
