// Task state from the shell: the corpus round trip, list/next/status, edits on the built
// binary, 64 concurrent writers, and writers killed at every point of a write.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "test_util.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;
using test::read_file;
using test::write_file;

Plan plan_of(const Source& src) { return std::move(*parse_plan(src).value); }

/// The single byte at which two equally long texts differ, or npos (equal) / size (more).
std::vector<std::size_t> differing_bytes(std::string_view a, std::string_view b) {
  std::vector<std::size_t> out;
  if (a.size() != b.size()) return {std::string_view::npos};
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) out.push_back(i);
  }
  return out;
}

TEST(StateRoundTrip, EveryTaskOfEveryCorpusFile) {
  const fs::path corpus = fs::path(WILDPLAN_CORPUS_DIR) / "tasks";
  WILDPLAN_NEEDS_SHARED(corpus);
  std::size_t files = 0, tasks = 0;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    const std::string original = read_file(entry.path());
    const Source src(entry.path().filename().string(), original);
    const Plan plan = plan_of(src);
    ++files;
    for (const Task& t : plan.tasks) {
      ++tasks;
      for (const char box : {'x', '/', '-'}) {
        // set the box, re-parse, find the task again by ordinal, set it back
        const std::string changed = apply_edits(original, {set_box(t, box)});
        const auto diff = differing_bytes(original, changed);
        if (t.box != box) {
          ASSERT_EQ(diff, std::vector<std::size_t>{t.box_span.begin + 1})
              << src.name() << " #" << t.ordinal << " '" << box << "'";
        }
        const Source again(src.name(), changed);
        const Plan p2 = plan_of(again);
        ASSERT_EQ(p2.tasks.size(), plan.tasks.size()) << src.name();
        const Task& back = p2.tasks[t.ordinal - 1];
        ASSERT_EQ(back.box, box) << src.name() << " #" << t.ordinal;
        ASSERT_EQ(apply_edits(changed, {set_box(back, t.box)}), original)
            << src.name() << " #" << t.ordinal;
      }
    }
  }
  EXPECT_EQ(files, 39u);
  EXPECT_GT(tasks, 3000u);
}

class TaskFileTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::scratch_dir(testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  test::CliResult wildplan(const std::string& args, const std::string& env = "") const {
    const std::string cmd = "cd '" + dir_.string() + "' && " + env + " '" WILDPLAN_BINARY "' " +
                            args + " </dev/null >.out 2>.err";
    test::CliResult r;
    const int status = std::system(cmd.c_str());
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(dir_ / ".out");
    r.err = read_file(dir_ / ".err");
    return r;
  }
  fs::path dir_;
};

const std::string kPhased =
    "# Tasks\n\n## Goal\nBaselines\n\n"
    "## Phase 1 - Setup\n"
    "- [x] [P1-T1] Create the env | deliverable: .venv | done-when: ok\n"
    "- [x] [P1-T2] Prepare the data | deliverable: data | done-when: ok\n"
    "## Phase 2 - Runs\n"
    "- [ ] [P2-T1] Create the sweep (depends on P2-T3) | deliverable: s | done-when: ok\n"
    "- [ ] [P2-T2] Launch the runs | deliverable: r | done-when: ok\n"
    "  - [ ] [P2-T2.1] Launch seed one\n"
    "- [!] [P2-T3] Ask for GPU quota | deliverable: q | done-when: ok\n"
    "## Phase 3 - Report\n"
    "- [ ] [P3-T1] Write the report | deliverable: report.md | done-when: merged\n"
    "- [-] [P3-T2] Publish a blog post | deliverable: post | done-when: live\n";

TEST_F(TaskFileTest, NextPicksTheFirstActionableTask) {
  write_file(dir_ / "tasks.md", kPhased);
  auto r = wildplan("next");
  EXPECT_EQ(r.exit_code, 0);
  // P2-T1 waits on the blocked P2-T3; P2-T2 has an open subtask, which comes first
  EXPECT_EQ(r.out, "#5 P2-T2.1 [ ] Launch seed one  (first open task of phase 2)\n");
  r = wildplan("next --json");
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["task"]["id"], "P2-T2.1");
  EXPECT_EQ(doc["reason"], "first open task of phase 2");
  EXPECT_EQ(wildplan("start P2-T2.1").exit_code, 0);
  EXPECT_EQ(wildplan("next").out, "#5 P2-T2.1 [/] Launch seed one  (in progress)\n");
}

TEST_F(TaskFileTest, NextSaysWhyNothingIsActionable) {
  write_file(dir_ / "tasks.md", "- [x] Task 1: a\n- [-] Task 2: b\n");
  auto r = wildplan("next");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "every task is done or cancelled\n");
  write_file(dir_ / "tasks.md", "- [!] Task 1: a\n- [ ] Task 2: b (depends on 1)\n");
  r = wildplan("next");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "nothing is actionable: 1 blocked, 1 waiting on dependencies (#2 waits on 1)\n");
}

TEST_F(TaskFileTest, StatusCountsPhasesAndLeavesCancelledOut) {
  write_file(dir_ / "tasks.md", kPhased);
  auto r = wildplan("status");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "tasks.md: [#####...............] 2/7 done (28%), 1 cancelled\n"
            "  phase 1 [####################] 2/2 done (100%)  Setup\n"
            "  phase 2 [....................] 0/4 done (0%)  Runs\n"
            "  phase 3 [....................] 0/1 done (0%), 1 cancelled  Report\n"
            "(cancelled tasks are left out of the totals)\n");
  const auto doc = nlohmann::json::parse(wildplan("status --json").out);
  EXPECT_EQ(doc["done"], 2);
  EXPECT_EQ(doc["counted"], 7);
  EXPECT_EQ(doc["phases"][2]["cancelled"], 1);
  EXPECT_EQ(doc["current"], nullptr);
}

TEST_F(TaskFileTest, ListFiltersByStatusAndPhase) {
  write_file(dir_ / "tasks.md", kPhased);
  auto r = wildplan("list --status todo,blocked --phase 2");
  EXPECT_EQ(r.out,
            "#3   [ ] P2-T1    Create the sweep (depends on P2-T3)  (phase 2)\n"
            "#4   [ ] P2-T2    Launch the runs  (phase 2)\n"
            "#5   [ ] P2-T2.1    Launch seed one  (phase 2)\n"
            "#6   [!] P2-T3    Ask for GPU quota  (phase 2)\n");
  EXPECT_EQ(nlohmann::json::parse(wildplan("list --json --status done").out)["tasks"].size(), 2u);
  EXPECT_EQ(wildplan("list --status finished").exit_code, 2);
}

TEST_F(TaskFileTest, CheckRewritesOnlyTheBoxes) {
  const std::string text =
      "\xEF\xBB\xBF# Tasks\r\n\r\n- [ ] Task 1: \xC3\xA9t\xC3\xA9 \t\r\n- [ ] Task 2: b\r\n- [ ] "
      "Task 3: c";
  write_file(dir_ / "tasks.md", text);
  const auto r = wildplan("check 1 '#3'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "done: #1 Task 1 \xC3\xA9t\xC3\xA9\ndone: #3 Task 3 c\n");
  std::string want = text;
  want[want.find("[ ] Task 1") + 1] = 'x';
  want[want.find("[ ] Task 3") + 1] = 'x';
  EXPECT_EQ(read_file(dir_ / "tasks.md"), want);
  EXPECT_EQ(wildplan("uncheck 1 3").exit_code, 0);
  EXPECT_EQ(read_file(dir_ / "tasks.md"), text);
}

TEST_F(TaskFileTest, EditCommandsAndAliases) {
  write_file(dir_ / "tasks.md", "- [ ] T001 a\n- [ ] T002 b\n- [ ] T003 c\n- [x] T004 d\n");
  EXPECT_EQ(wildplan("done T001").exit_code, 0);
  EXPECT_EQ(wildplan("start T002").exit_code, 0);
  EXPECT_EQ(wildplan("block T003 --reason 'waiting for quota'").exit_code, 0);
  EXPECT_EQ(wildplan("reopen T004").exit_code, 0);
  EXPECT_EQ(read_file(dir_ / "tasks.md"),
            "- [x] T001 a\n- [/] T002 b\n- [!] T003 c | reason: waiting for quota\n- [ ] T004 d\n");
  EXPECT_EQ(wildplan("set T004 cancelled").exit_code, 0);
  EXPECT_EQ(wildplan("cancel --match 'c | reason'").exit_code, 0);
  const auto r = wildplan("set T001 todo --json");
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["changes"][0]["from"], "done");
  EXPECT_EQ(doc["changes"][0]["to"], "todo");
  EXPECT_EQ(doc["written"], true);
  EXPECT_EQ(read_file(dir_ / "tasks.md"),
            "- [ ] T001 a\n- [/] T002 b\n- [-] T003 c | reason: waiting for quota\n- [-] T004 d\n");
}

TEST_F(TaskFileTest, DryRunPrintsADiffAndWritesNothing) {
  write_file(dir_ / "tasks.md", "- [ ] Task 1: a\n- [ ] Task 2: b\n");
  const auto r = wildplan("check 2 --dry-run");
  EXPECT_EQ(r.out,
            "--- a/tasks.md\n+++ b/tasks.md\n@@ -1,2 +1,2 @@\n - [ ] Task 1: a\n-- [ ] Task 2: "
            "b\n+- [x] Task 2: b\n");
  EXPECT_EQ(read_file(dir_ / "tasks.md"), "- [ ] Task 1: a\n- [ ] Task 2: b\n");
}

TEST_F(TaskFileTest, DryRunWithJsonCarriesTheDiffInTheDocument) {
  write_file(dir_ / "tasks.md", "- [ ] Task 1: a\n- [ ] Task 2: b\n");
  auto r = wildplan("check 2 --dry-run --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);  // the whole output is one document
  EXPECT_EQ(doc["kind"], "edit");
  EXPECT_EQ(doc["dry_run"], true);
  EXPECT_EQ(doc["written"], false);
  EXPECT_EQ(doc["diff"], wildplan("check 2 --dry-run").out);
  EXPECT_EQ(doc["changes"][0]["to"], "done");
  r = wildplan("add 'Task three' --dry-run --json");
  doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["kind"], "add");
  EXPECT_EQ(doc["id"], "Task 3");
  EXPECT_NE(doc["diff"].get<std::string>().find("+- [ ] Task 3: Task three"), std::string::npos);
  EXPECT_EQ(read_file(dir_ / "tasks.md"), "- [ ] Task 1: a\n- [ ] Task 2: b\n");
  doc = nlohmann::json::parse(wildplan("check 2 --json").out);
  EXPECT_EQ(doc["dry_run"], false);
  EXPECT_EQ(doc["diff"], nullptr);
  EXPECT_EQ(doc["written"], true);
}

TEST_F(TaskFileTest, FailuresWithJsonPrintTheErrorDocument) {
  write_file(dir_ / "tasks.md", "- [ ] Task 1: a\n");
  for (const char* args :
       {"check 9 --json", "list --json --phase 4", "next --json -f nope.md",
        "status --json --bogus", "validate --format json nope.md", "diff --json tasks.md"}) {
    const auto r = wildplan(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    ASSERT_TRUE(r.err.starts_with("wildplan: error: ")) << args << ": " << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["version"], 1) << args;
    EXPECT_EQ(doc["kind"], "error") << args;
    EXPECT_EQ(doc["error"]["code"], 2) << args;
    // The message is the one stderr shows.
    EXPECT_EQ("wildplan: error: " + doc["error"]["message"].get<std::string>() + "\n", r.err)
        << args;
  }
  // Without --json, nothing on stdout.
  EXPECT_EQ(wildplan("check 9").out, "");
}

TEST_F(TaskFileTest, TheLibraryWritesTheSameDocumentsAsTheCli) {
  write_file(dir_ / "tasks.md", kPhased);
  const Source src("tasks.md", kPhased);
  const Plan plan = std::move(*parse_plan(src).value);
  std::string next, status;
  write_next_json(src, plan, choose_next(plan), [&](std::string_view s) { next += s; });
  write_status_json(src, plan, plan_progress(plan), [&](std::string_view s) { status += s; });
  EXPECT_EQ(next, wildplan("next --json").out);
  EXPECT_EQ(status, wildplan("status --json").out);
  EXPECT_EQ(nlohmann::json::parse(status)["phases"][1]["number"], "2");  // a string
}

TEST_F(TaskFileTest, BadReferencesAreExitTwoWithCandidates) {
  write_file(dir_ / "tasks.md", "- [ ] Task 1: write a\n- [ ] Task 1: write b\n");
  auto r = wildplan("check 'Task 1'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "wildplan: error: the id 'Task 1' names 2 tasks:\n  #1 Task 1: write a\n  #2 Task 1: "
            "write b\n"
            "name one by #N\n");
  r = wildplan("check --match write");
  EXPECT_EQ(r.exit_code, 2);
  r = wildplan("check 9");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(read_file(dir_ / "tasks.md"), "- [ ] Task 1: write a\n- [ ] Task 1: write b\n");
  EXPECT_FALSE(fs::exists(dir_ / "tasks.md.lock"));
}

TEST_F(TaskFileTest, AddPrintsTheNewId) {
  write_file(dir_ / "tasks.md", kPhased);
  // A phased plan's task needs its deliverable and done-when (shell_verbs_test has the refusal).
  auto r = wildplan(
      "add 'Compare the two optimisers' --phase 2 --field deliverable=cmp.md --field "
      "done-when=compared");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "P2-T4\n");
  EXPECT_NE(read_file(dir_ / "tasks.md")
                .find("- [!] [P2-T3] Ask for GPU quota | deliverable: q | done-when: ok\n"
                      "- [ ] [P2-T4] Compare the two optimisers | deliverable: cmp.md | "
                      "done-when: compared\n## Phase 3"),
            std::string::npos);
  EXPECT_EQ(wildplan("add 'x' --phase 9").exit_code, 2);
  EXPECT_EQ(wildplan("add 'x' --phase 1 --after P1-T1").exit_code, 2);
}

TEST_F(TaskFileTest, FileFlagAndEnvironmentChooseTheFile) {
  fs::create_directories(dir_ / "plans");
  write_file(dir_ / "plans" / "a.md", "- [ ] Task 1: a\n");
  EXPECT_EQ(wildplan("check 1 --file plans/a.md").exit_code, 0);
  EXPECT_EQ(read_file(dir_ / "plans" / "a.md"), "- [x] Task 1: a\n");
  EXPECT_EQ(wildplan("uncheck 1", "WILDPLAN_TASKS=plans/a.md").exit_code, 0);
  EXPECT_EQ(read_file(dir_ / "plans" / "a.md"), "- [ ] Task 1: a\n");
}

TEST_F(TaskFileTest, AConfiguredStatusMapIsUsedForEdits) {
  write_file(dir_ / ".wildplan.json", R"({"statuses": {"-": "in_progress", "~": "cancelled"}})");
  write_file(dir_ / "tasks.md", "- [-] 1. Kiro in progress\n- [ ] 2. next\n");
  EXPECT_EQ(wildplan("next").out, "#1 1 [-] Kiro in progress  (in progress)\n");
  EXPECT_EQ(wildplan("start 2").exit_code, 0);
  EXPECT_EQ(wildplan("cancel 1").exit_code, 0);
  EXPECT_EQ(read_file(dir_ / "tasks.md"), "- [~] 1. Kiro in progress\n- [-] 2. next\n");
}

TEST_F(TaskFileTest, SixtyFourConcurrentWritersLoseNothing) {
  std::string text = "# Tasks\n";
  for (int i = 1; i <= 80; ++i)
    text += "- [ ] Task " + std::to_string(i) + ": step " + std::to_string(i) + "\n";
  write_file(dir_ / "tasks.md", text);
  std::string script = "cd '" + dir_.string() + "' && pids=''; ";
  for (int i = 1; i <= 64; ++i) {
    script += "'" WILDPLAN_BINARY "' check " + std::to_string(i) +
              " --lock-timeout 20 >/dev/null 2>>.errs & pids=\"$pids $!\"; ";
  }
  script += "fail=0; for p in $pids; do wait $p || fail=1; done; exit $fail";
  EXPECT_EQ(WEXITSTATUS(std::system(script.c_str())), 0) << read_file(dir_ / ".errs");
  std::string want = text;
  for (int i = 1; i <= 64; ++i) {
    const std::string needle = "- [ ] Task " + std::to_string(i) + ":";
    want[want.find(needle) + 3] = 'x';
  }
  EXPECT_EQ(read_file(dir_ / "tasks.md"), want);
  EXPECT_FALSE(fs::exists(dir_ / "tasks.md.lock"));
}

TEST_F(TaskFileTest, AWriterKilledAtAnyPointLeavesTheOldFileOrTheNew) {
  const std::string old_text = "- [ ] Task 1: a\n- [ ] Task 2: b\n";
  const std::string new_text = "- [x] Task 1: a\n- [ ] Task 2: b\n";
  for (const char* point : {"after-lock", "mid-write", "before-rename"}) {
    write_file(dir_ / "tasks.md", old_text);
    const auto r = wildplan("check 1", test::lock_shim_env(std::string("kill:") + point));
    EXPECT_NE(r.exit_code, 0) << point;
    EXPECT_EQ(read_file(dir_ / "tasks.md"), old_text) << point;
    // The lock is left behind, and the next writer says so instead of breaking it.
    ASSERT_TRUE(fs::exists(dir_ / "tasks.md.lock")) << point;
    const auto next = wildplan("check 1 --lock-timeout 0.05");
    EXPECT_EQ(next.exit_code, 2) << point;
    EXPECT_NE(next.err.find("tasks.md.lock' is held"), std::string::npos) << next.err;
    EXPECT_NE(next.err.find("remove '"), std::string::npos) << next.err;
    fs::remove(dir_ / "tasks.md.lock");
    EXPECT_EQ(wildplan("check 1").exit_code, 0);
    EXPECT_EQ(read_file(dir_ / "tasks.md"), new_text);
  }
  // Kills at random moments: the file is always whole, old or new.
  std::mt19937 rng(7);
  for (int i = 0; i < 40; ++i) {
    write_file(dir_ / "tasks.md", old_text);
    fs::remove(dir_ / "tasks.md.lock");
    // 1 to 4 ms: `timeout 0` would mean no time limit at all, and the run would never be killed.
    const std::string delay = "0.00" + std::to_string(1 + rng() % 4);
    const std::string cmd = "cd '" + dir_.string() + "' && timeout -s KILL " + delay +
                            " '" WILDPLAN_BINARY "' check 1 >/dev/null 2>&1";
    std::system(cmd.c_str());
    const std::string now = read_file(dir_ / "tasks.md");
    EXPECT_TRUE(now == old_text || now == new_text) << now;
  }
}

}  // namespace
}  // namespace wildplan
