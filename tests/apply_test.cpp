// apply across the loop's iterations (fixtures/apply/iterations/, from the shared cases'
// EXPECTED.md): the built binary on throwaway repositories, checked with the git CLI.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "test_util.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kCases = test::kSourceDir / "fixtures/apply/iterations";
constexpr const char* kTasks = ".agents/wild/s7/tasks.md";

std::string fixture(const std::string& name) { return (kCases / name).string(); }

/// A throwaway repository with tasks-iter1.md at .agents/wild/s7/tasks.md, committed, and no
/// git identity anywhere: the tests that commit give one, or check what apply says without.
class Iterations : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::scratch_dir(testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / ".agents/wild/s7");
    fs::copy_file(kCases / "tasks-iter1.md", dir_ / kTasks);
    sh("git init -q -b main && git add -A && git -c user.name=Base -c "
       "user.email=base@example.invalid -c commit.gpgsign=false commit -qm base");
  }
  std::string sh(const std::string& cmd, int* code = nullptr) const {
    const std::string full = "cd '" + dir_.string() +
                             "' && export HOME=/nonexistent GIT_CONFIG_NOSYSTEM=1 && unset "
                             "GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME "
                             "GIT_COMMITTER_EMAIL GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE && ( " +
                             cmd + " ) >'" + out("o").string() + "' 2>&1";
    const int status = std::system(full.c_str());
    if (code) *code = WEXITSTATUS(status);
    return test::read_file(out("o"));
  }
  /// Runs wildplan in the repository with an empty HOME and no GIT_* variables.
  test::CliResult wildplan(const std::string& args, const std::string& env = "") const {
    const std::string cmd = "cd '" + dir_.string() + "' && env " + kNoGitEnv + " " + env +
                            " '" WILDPLAN_BINARY "' " + args + " </dev/null >'" +
                            out("wo").string() + "' 2>'" + out("we").string() + "'";
    test::CliResult r;
    r.exit_code = WEXITSTATUS(std::system(cmd.c_str()));
    r.out = test::read_file(out("wo"));
    r.err = test::read_file(out("we"));
    return r;
  }
  std::string tasks() const { return test::read_file(dir_ / kTasks); }
  fs::path out(const char* name) const {
    return dir_.parent_path() / (dir_.filename().string() + "." + name);
  }
  static constexpr const char* kNoGitEnv =
      "-u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL "
      "-u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE -u XDG_CONFIG_HOME HOME= "
      "GIT_CONFIG_NOSYSTEM=1";
  fs::path dir_;
};

bool has_rule(const json& doc, const std::string& rule, const std::string& severity = "") {
  for (const auto& d : doc["diagnostics"]) {
    if (d["rule"] == rule && (severity.empty() || d["severity"] == severity)) return true;
  }
  return false;
}

int errors_in(const json& doc) {
  int n = 0;
  for (const auto& d : doc["diagnostics"]) n += d["severity"] == "error";
  return n;
}

// EXPECTED.md: a stray partial plan at iteration 1.
TEST_F(Iterations, AStrayPartialPlanAtIterationOneIsReportedNotApplied) {
  const std::string before = tasks();
  const auto r = wildplan("apply --reply '" + fixture("reply-iter1-partial-plan.txt") +
                          "' --session s7 --iteration 1 --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tasks(), before);
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["iteration"], 1);
  EXPECT_EQ(doc["tasks"]["action"], "kept");
  EXPECT_EQ(doc["tasks"]["written"], false);
  EXPECT_EQ(doc["tasks"]["reason"],
            "iteration 1 (from 1 on, tasks.md is the agent's): a <plan> in the reply does not "
            "rewrite it; the diff reports how it differs (--replan applies it)");
  EXPECT_EQ(doc["signals"]["summary"], "Built the tokenizer cache; its test passes.");
  // The drift, reported: every task of tasks.md is missing from the plan, and the plan's one
  // task, at its line in the reply, is not in tasks.md.
  ASSERT_EQ(doc["changes"].size(), 11u);
  EXPECT_EQ(doc["changes"][0], json::parse(R"({"kind": "removed", "id": "P1-T1", "title":
      "Check the loader on the full file", "old_line": 11, "new_line": null})"));
  EXPECT_EQ(doc["changes"][10], json::parse(R"({"kind": "added", "id": "", "title":
      "Continue with the split", "old_line": null, "new_line": 6})"));
  EXPECT_EQ(doc["diff"].size(), 11u);
  EXPECT_EQ(errors_in(doc), 0);
  // The text says the same.
  const auto t = wildplan("apply --reply '" + fixture("reply-iter1-partial-plan.txt") +
                          "' --session s7 --iteration 1");
  EXPECT_EQ(t.exit_code, 0);
  EXPECT_NE(t.out.find("  plan vs tasks.md: only in the plan (line 6): #1 Continue with the "
                       "split\n"),
            std::string::npos)
      << t.out;
  EXPECT_EQ(tasks(), before);
}

// EXPECTED.md: no plan at iteration 2, the normal case.
TEST_F(Iterations, NoPlanAtIterationTwoIsANoteNotAnError) {
  const std::string before = tasks();
  const auto r = wildplan("apply --reply '" + fixture("reply-iter2-no-plan.txt") +
                          "' --session s7 --iteration 2 --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tasks(), before);
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["tasks"]["action"], "kept");
  EXPECT_EQ(doc["signals"]["summary"], "Wrote the stratified split (P1-T3).");
  EXPECT_EQ(doc["signals"]["promise"], "WAITING");
  EXPECT_EQ(errors_in(doc), 0);
  EXPECT_TRUE(has_rule(doc, "plan-missing", "note"));
  // At iteration 0 the same reply is a problem: the planning iteration must print a plan.
  const auto zero = wildplan("apply --reply '" + fixture("reply-iter2-no-plan.txt") +
                             "' --session s7 --iteration 0 --json");
  EXPECT_EQ(zero.exit_code, 1);
  EXPECT_TRUE(has_rule(json::parse(zero.out), "plan-missing", "error"));
  EXPECT_EQ(tasks(), before);
}

// EXPECTED.md: a replan.
TEST_F(Iterations, AReplanLosesNothingItShouldKeep) {
  const auto r = wildplan("apply --reply '" + fixture("reply-replan.txt") +
                          "' --session s7 --iteration 2 --replan --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // The merged file, byte for byte (reviewed): P1-T1 [x] in Phase 1 before P1-T2, which stays
  // [/]; the plan's order and new tasks; P2-T4 and P3-T1 gone; Analysis, the contract and the
  // notes where they were.
  EXPECT_EQ(tasks(), test::read_file(kCases / "replan-expected.md"));
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["tasks"]["action"], "merged");
  EXPECT_EQ(doc["tasks"]["written"], true);
  EXPECT_EQ(doc["tasks"]["removed"], json::parse(R"([
      {"id": "P2-T4", "title": "Collect val accuracy of every run", "status": "todo", "line": 19},
      {"id": "P3-T1", "title": "Evaluate the best run on the test split", "status": "todo",
       "line": 22}])"));
  EXPECT_EQ(doc["tasks"]["preserved"], json::parse(R"([{"id": "P1-T1", "title":
      "Check the loader on the full file", "status": "done", "line": 11}])"));
  // No error caused by the merge (task-id-phase was one, with P1-T1 appended in Phase 3).
  EXPECT_EQ(errors_in(doc), 0) << r.out;
  EXPECT_FALSE(has_rule(doc, "task-id-phase"));
  // The merge needs nothing but tasks.md and the plan: outside any repository, the same bytes.
  const fs::path alone = dir_.parent_path() / (dir_.filename().string() + "-alone");
  fs::remove_all(alone);
  fs::create_directories(alone);
  fs::copy_file(kCases / "tasks-iter1.md", alone / "tasks.md");
  const auto a = test::run_cli("apply --reply '" + fixture("reply-replan.txt") + "' --tasks '" +
                               (alone / "tasks.md").string() + "' --iteration 2 --replan");
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(test::read_file(alone / "tasks.md"), tasks());
  // Replanning again with the same plan changes nothing.
  const auto again = wildplan("apply --reply '" + fixture("reply-replan.txt") +
                              "' --session s7 --iteration 3 --replan --json");
  EXPECT_EQ(json::parse(again.out)["tasks"]["action"], "kept");
  EXPECT_EQ(tasks(), test::read_file(kCases / "replan-expected.md"));
}

// EXPECTED.md: a plan whose whole body is one fenced block, at iteration 0 over the placeholder.
TEST_F(Iterations, AFencedPlanBodyIsUnwrappedOverThePlaceholder) {
  test::write_file(dir_ / "T.md",
                   "- [ ] (Agent will decompose the goal into tasks on iteration 1)\n");
  const auto r = wildplan("apply --reply '" + fixture("reply-fenced-plan-body.txt") +
                          "' --tasks T.md --iteration 0 --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["tasks"]["action"], "written");
  EXPECT_EQ(doc["counts"]["total"], 6);
  EXPECT_TRUE(has_rule(doc, "plan-fence", "note"));
  const std::string written = test::read_file(dir_ / "T.md");
  EXPECT_TRUE(written.starts_with("# Tasks\n\n## Goal\n")) << written;
  EXPECT_EQ(written.find("```"), std::string::npos) << written;
  EXPECT_TRUE(
      written.ends_with("- [ ] Task 6: Write report.md with the table and the chosen "
                        "setting\n"));
}

// EXPECTED.md: apply cannot commit (no git identity), for each of the cases above.
TEST_F(Iterations, WithoutAGitIdentityTheWholeDocumentIsStillPrinted) {
  test::write_file(dir_ / "T.md",
                   "- [ ] (Agent will decompose the goal into tasks on iteration 1)\n");
  const std::string cases[] = {
      "--reply '" + fixture("reply-iter1-partial-plan.txt") + "' --session s7 --iteration 1",
      "--reply '" + fixture("reply-iter2-no-plan.txt") + "' --session s7 --iteration 2",
      "--reply '" + fixture("reply-replan.txt") + "' --session s7 --iteration 2 --replan",
      "--reply '" + fixture("reply-fenced-plan-body.txt") + "' --tasks T.md --iteration 0",
  };
  for (const std::string& c : cases) {
    const auto r = wildplan("apply " + c + " --commit --json");
    EXPECT_EQ(r.exit_code, 2) << c;
    const json doc = json::parse(r.out);  // the whole document, on stdout
    EXPECT_EQ(doc["kind"], "apply");
    EXPECT_TRUE(doc["signals"].is_object());
    EXPECT_TRUE(doc["tasks"]["action"].is_string());
    EXPECT_GT(doc["counts"]["total"], 0) << c;
    EXPECT_TRUE(doc["diagnostics"].is_array());
    EXPECT_EQ(doc["commit"]["committed"], false);
    EXPECT_TRUE(doc["commit"]["reason"].get<std::string>().starts_with(
        "the commit failed: no identity to commit as"))
        << doc["commit"];
    EXPECT_EQ(doc["error"]["stage"], "commit");
    EXPECT_NE(r.err.find("wildplan: error: commit: no identity"), std::string::npos) << r.err;
  }
  // tasks.md was written before the commit failed, and the document says so.
  EXPECT_EQ(tasks(), test::read_file(kCases / "replan-expected.md"));
  EXPECT_EQ(sh("git rev-list --count HEAD"), "1\n");
}

TEST_F(Iterations, EveryFailureIsADocumentNamingTheStep) {
  struct Case {
    std::string args, stage;
  };
  const Case cases[] = {
      {"--reply missing.txt --session s7", "reply"},
      {"--reply '" + fixture("reply-iter2-no-plan.txt") + "' --session ../x", "request"},
      {"--reply '" + fixture("reply-iter2-no-plan.txt") + "' --session s7 --author nobody",
       "request"},
      {"--reply '" + fixture("reply-iter2-no-plan.txt") + "' --session s7 --prompt missing.md",
       "prompt"},
      {"--reply '" + fixture("reply-iter2-no-plan.txt") + "' --session s7 --config bad.json",
       "config"},
  };
  test::write_file(dir_ / "bad.json", "{\"rules\": {\"no-such-rule\": \"error\"}}");
  for (const Case& c : cases) {
    const auto r = wildplan("apply " + c.args + " --iteration 2 --commit --json");
    EXPECT_EQ(r.exit_code, 2) << c.args << r.err;
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["error"]["stage"], c.stage) << c.args;
    EXPECT_EQ(doc["commit"]["committed"], false);
    EXPECT_EQ(doc["commit"]["reason"], "not attempted: the " + c.stage + " step failed");
  }
  // A held index.lock: tasks.md is as it was, the commit says why it did not happen.
  test::write_file(dir_ / ".git/index.lock", "");
  const auto r = wildplan("apply --reply '" + fixture("reply-iter2-no-plan.txt") +
                          "' --session s7 --iteration 2 --commit --author 'A <a@example.invalid>' "
                          "--lock-timeout 0.2 --json");
  EXPECT_EQ(r.exit_code, 2);
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["error"]["stage"], "commit");
  EXPECT_EQ(doc["signals"]["promise"], "WAITING");
}

TEST_F(Iterations, TheDocumentOfASuccessfulCommit) {
  test::write_file(dir_ / "data.txt", "split\n");
  const auto r = wildplan("apply --reply '" + fixture("reply-iter2-no-plan.txt") +
                              "' --session s7 --iteration 2 --commit --json",
                          "GIT_AUTHOR_NAME=Agent GIT_AUTHOR_EMAIL=agent@example.invalid "
                          "GIT_COMMITTER_NAME=Loop GIT_COMMITTER_EMAIL=loop@example.invalid");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["commit"]["committed"], true);
  EXPECT_EQ(doc["commit"]["staged"], json::array({"data.txt"}));
  EXPECT_TRUE(doc["error"].is_null());
  EXPECT_EQ(sh("git log -1 --format=%an%n%B"),
            "Agent\nwild-v2: iteration 2 \xE2\x80\x94 Train a small sentiment classifier on "
            "the\xE2\x80\xA6\n\nWild-Session: s7\nWild-Iteration: 2\nTasks: 1/10 done\n\n");
}

// One `snapshot` per session: apply --commit --paths-from-snapshot renews it after it commits,
// so that a person's uncommitted edit stays out of every iteration's commit.
TEST_F(Iterations, OneSnapshotPerSessionKeepsAPersonsEditOut) {
  const std::string id =
      "GIT_AUTHOR_NAME=Agent GIT_AUTHOR_EMAIL=a@example.invalid GIT_COMMITTER_NAME=Agent "
      "GIT_COMMITTER_EMAIL=a@example.invalid";
  test::write_file(dir_ / "README.md", "a person's draft\n");  // before the session, uncommitted
  ASSERT_EQ(wildplan("snapshot").exit_code, 0);
  for (int i = 0; i < 3; ++i) {
    test::write_file(dir_ / ("work" + std::to_string(i) + ".txt"), "iteration\n");
    if (i == 1) test::write_file(dir_ / "README.md", "a person's draft\n");  // rewritten, same
    const auto r = wildplan("apply --reply '" + fixture("reply-iter2-no-plan.txt") +
                                "' --session s7 --iteration " + std::to_string(i + 1) +
                                " --commit --paths-from-snapshot --json",
                            id);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["commit"]["staged"], json::array({"work" + std::to_string(i) + ".txt"}));
    EXPECT_EQ(doc["commit"]["left_out"], json::array({"README.md"}));
    EXPECT_EQ(doc["commit"]["left_out_reasons"],
              json::parse(R"({"README.md": "before-snapshot"})"));
    EXPECT_EQ(doc["commit"]["snapshot_renewed"], true);
  }
  EXPECT_EQ(sh("git status --porcelain"), "?? README.md\n");
  EXPECT_EQ(sh("git log --format=%s -3 | cut -c1-20"),
            "wild-v2: iteration 3\nwild-v2: iteration 2\nwild-v2: iteration 1\n");
  EXPECT_EQ(sh("git log --format= --name-only | sort -u | grep -c README"), "0\n");
  // The renewed snapshot is what `snapshot` would write now.
  const std::string renewed = test::read_file(dir_ / ".git/wildplan/snapshot");
  ASSERT_EQ(wildplan("snapshot").exit_code, 0);
  EXPECT_EQ(test::read_file(dir_ / ".git/wildplan/snapshot"), renewed);
  EXPECT_NE(renewed.find(" README.md\n"), std::string::npos);

  // A commit that fails leaves the snapshot as it was: the iteration's work goes into the
  // next commit, not out of it.
  test::write_file(dir_ / "late.txt", "x\n");
  auto r = wildplan("apply --reply '" + fixture("reply-iter2-no-plan.txt") +
                    "' --session s7 --iteration 4 --commit --paths-from-snapshot --json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(json::parse(r.out)["commit"]["snapshot_renewed"], false);
  EXPECT_EQ(test::read_file(dir_ / ".git/wildplan/snapshot"), renewed);
  r = wildplan("apply --reply '" + fixture("reply-iter2-no-plan.txt") +
                   "' --session s7 --iteration 5 --commit --paths-from-snapshot --json",
               id);
  EXPECT_EQ(json::parse(r.out)["commit"]["staged"], json::array({"late.txt"}));
}

// Decided under the lock: a tasks.md that appears while apply waits for the lock is the
// agent's, and is kept; it is never overwritten as if it were absent.
TEST_F(Iterations, ATasksFileCreatedWhileApplyWaitsForTheLockIsKept) {
  const fs::path t = dir_ / "new/tasks.md";
  fs::create_directories(t.parent_path());
  test::write_file(t.string() + ".lock", "");
  const std::string plan_reply = fixture("reply-fenced-plan-body.txt");
  const std::string cmd = "cd '" + dir_.string() + "' && '" WILDPLAN_BINARY "' apply --reply '" +
                          plan_reply + "' --tasks new/tasks.md --iteration 0 --profile generic --json >'" +
                          out("bg").string() + "' 2>&1";
  std::thread apply([&] { ASSERT_EQ(WEXITSTATUS(std::system(cmd.c_str())), 0); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // apply is waiting by now
  const std::string agents = "# Tasks\n\n- [/] Task 1: the agent's own, written meanwhile\n";
  test::write_file(t, agents);
  fs::remove(t.string() + ".lock");
  apply.join();
  EXPECT_EQ(test::read_file(t), agents);
  const json doc = json::parse(test::read_file(out("bg")));
  EXPECT_EQ(doc["tasks"]["action"], "kept");
  EXPECT_EQ(doc["tasks"]["existed"], true);
}

TEST_F(Iterations, TheTextCutsLongListsTheDocumentDoesNot) {
  std::string many;
  for (int i = 1; i <= 30; ++i)
    many += "- [ ] Task " + std::to_string(i) + ": step " + std::to_string(i) + "\n";
  test::write_file(dir_ / "many.md", many);
  test::write_file(dir_ / "one.txt", "<plan>\n- [ ] Task 31: write the report\n</plan>\n");
  const std::string args = "apply --reply one.txt --tasks many.md --iteration 1 --profile generic";
  const auto text = wildplan(args);
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("  ... 11 more differences (--json lists them all)\n"), std::string::npos)
      << text.out;
  EXPECT_EQ(json::parse(wildplan(args + " --json").out)["changes"].size(), 31u);
  EXPECT_EQ(test::read_file(dir_ / "many.md"), many);
}

TEST(ApplyHelp, SaysWhatTheIterationDefaultIsAndWhy) {
  const auto r = test::run_cli("apply --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Default 0, the strict choice: apply acts as the planning step, where a "
                       "missing <plan> is an error"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("--prompt"), std::string::npos);
  EXPECT_EQ(test::run_cli("apply --reply r.txt --iteration -1").exit_code, 2);
}

// tasks-iter1.md's reflection tasks are the prompt's own prescribed titles: never task-vague.
TEST_F(Iterations, ReflectionTasksAreNotVague) {
  const auto r = wildplan("validate --format json " + std::string(kTasks));
  EXPECT_EQ(r.out.find("task-vague"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace wildplan
