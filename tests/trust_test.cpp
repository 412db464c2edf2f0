// Trust at the edges (issue 28): the stories a new user met in their first hour, each the way
// they met it (the built binary on a throwaway repository), and the smaller items of the loop's
// verbs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "git_fixture.hpp"
#include "test_util.hpp"

namespace wildplan {
namespace {

using nlohmann::json;

class Trust : public test::GitTest {
 protected:
  json apply_json(const std::string& args, int* code = nullptr) const {
    const auto r = wildplan("apply " + args + " --json");
    if (code) *code = r.exit_code;
    return json::parse(r.out);
  }
  /// Each task of `path` as `[box] title`.
  std::vector<std::string> tasks_of(const std::string& path) const {
    std::vector<std::string> out;
    const json list = json::parse(wildplan("list --json -f " + path).out);
    for (const json& t : list["tasks"])
      out.push_back("[" + t["marker"].get<std::string>() + "] " + t["title"].get<std::string>());
    return out;
  }
};

const std::string kHead =
    "# Tasks\n\n## Goal\nTune the learning rate and sweep it\n\n## Analysis\nA small model.\n\n"
    "## Tasks\n";

// Story 1: the reply inserted a new first task and renumbered the rest. Before: the new, never
// started Task 1 became [x] and "Create 6 runs" was reopened; diff said five "reworded" and a
// "done -> todo".
TEST_F(Trust, ARenumberedReplanKeepsEveryStatusOnItsOwnTask) {
  write("tasks.md", kHead +
                        "- [x] Task 1: Read train.py and note its arguments\n"
                        "- [x] Task 2: Create a sweep over the learning rate\n"
                        "- [x] Task 3: Create 6 runs of the sweep\n"
                        "- [ ] Task 4: Compare the validation losses\n"
                        "- [ ] Task 5: Write the report with the best rate\n");
  write("reply.txt", "<plan>\n" + kHead +
                         "- [ ] Task 1: Check the GPU quota before starting\n"
                         "- [ ] Task 2: Read train.py and note its arguments\n"
                         "- [ ] Task 3: Create a sweep over the learning rate\n"
                         "- [ ] Task 4: Create 6 runs of the sweep\n"
                         "- [ ] Task 5: Compare the validation losses\n"
                         "- [ ] Task 6: Write the report with the best rate\n</plan>\n");
  const json d = json::parse(wildplan("diff tasks.md --reply reply.txt --json").out);
  std::map<std::string, int> kinds;
  for (const json& c : d["changes"]) ++kinds[c["kind"].get<std::string>()];
  EXPECT_EQ(kinds["added"], 1) << d.dump(1);
  EXPECT_EQ(kinds["renumbered"], 5) << d.dump(1);
  EXPECT_EQ(kinds["reworded"], 0) << d.dump(1);
  EXPECT_EQ(kinds["status-changed"], 3) << d.dump(1);  // the plan's boxes are open: reported
  for (const json& c : d["changes"]) {
    if (c["kind"] == "status-changed") {
      EXPECT_EQ(c["from"], "done") << c.dump();
    }
  }

  int code = 0;
  const json a = apply_json("--reply reply.txt --tasks tasks.md --iteration 3 --replan", &code);
  EXPECT_EQ(a["tasks"]["action"], "merged") << a.dump(1);
  EXPECT_EQ(tasks_of("tasks.md"),
            (std::vector<std::string>{"[ ] Check the GPU quota before starting",
                                      "[x] Read train.py and note its arguments",
                                      "[x] Create a sweep over the learning rate",
                                      "[x] Create 6 runs of the sweep",
                                      "[ ] Compare the validation losses",
                                      "[ ] Write the report with the best rate"}));
}

// Story 1, the second trial: a replan that dropped the task in progress ("Monitor the runs")
// and inserted two others. Before: it was in neither `preserved` nor `removed`, and its [/]
// moved onto a new task, so `next` sent the agent there.
TEST_F(Trust, AReplanThatDropsTheTaskInProgressKeepsIt) {
  write("tasks.md", kHead +
                        "- [x] Task 1: Read train.py and note its arguments\n"
                        "- [x] Task 2: Create a sweep over the learning rate\n"
                        "- [x] Task 3: Create 6 runs of the sweep\n"
                        "- [/] Task 4: Monitor the runs\n"
                        "- [ ] Task 5: Write the report with the best rate\n");
  write("reply.txt", "<plan>\n" + kHead +
                         "- [x] Task 1: Read train.py and note its arguments\n"
                         "- [x] Task 2: Create a sweep over the learning rate\n"
                         "- [x] Task 3: Create 6 runs of the sweep\n"
                         "- [ ] Task 4: Plot the loss curves of every run\n"
                         "- [ ] Task 5: Pick the best learning rate\n"
                         "- [ ] Task 6: Write the report with the best rate\n</plan>\n");
  const json a = apply_json("--reply reply.txt --tasks tasks.md --iteration 4 --replan");
  ASSERT_EQ(a["tasks"]["preserved"].size(), 1u) << a.dump(1);
  EXPECT_EQ(a["tasks"]["preserved"][0]["title"], "Monitor the runs");
  EXPECT_EQ(a["tasks"]["preserved"][0]["status"], "in_progress");
  const auto tasks = tasks_of("tasks.md");
  EXPECT_NE(std::find(tasks.begin(), tasks.end(), "[/] Monitor the runs"), tasks.end());
  EXPECT_NE(std::find(tasks.begin(), tasks.end(), "[ ] Plot the loss curves of every run"),
            tasks.end());
  const json next = json::parse(wildplan("next --json -f tasks.md").out);
  EXPECT_EQ(next["task"]["title"], "Monitor the runs") << next.dump(1);
}

// Story 2: two session files, and a shell verb without -f. Before: it edited the more recently
// changed one, saying only `done: #3 Task 3 ...`.
TEST_F(Trust, TheShellVerbsNameTheFileTheyPickAndRefuseToGuess) {
  write(".agents/wild/s1/tasks.md", "- [ ] Task 1: a b c\n- [ ] Task 2: d e f\n- [ ] Task 3: g h i\n");
  auto r = wildplan("check 3");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("using .agents/wild/s1/tasks.md"), std::string::npos) << r.err;
  write(".agents/wild/s2/tasks.md", "- [ ] Task 1: a b c\n- [ ] Task 2: d e f\n- [ ] Task 3: g h i\n");
  const std::string s2 = test::read_file(dir_ / ".agents/wild/s2/tasks.md");
  r = wildplan("check 2");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(".agents/wild/s1/tasks.md"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(".agents/wild/s2/tasks.md"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_file(dir_ / ".agents/wild/s2/tasks.md"), s2);  // nothing edited
  EXPECT_EQ(wildplan("check 2 --session s2").exit_code, 0);
  EXPECT_EQ(wildplan("check 1", "WILDPLAN_TASKS=.agents/wild/s2/tasks.md").exit_code, 0);
  EXPECT_EQ(tasks_of(".agents/wild/s2/tasks.md")[0], "[x] a b c");
}

const std::string kEchoedTemplate =
    "Here is the format you asked for:\n\n<plan>\n# Tasks\n\n## Goal\n(goal)\n\n## Analysis\n"
    "(Brief summary of what you learned about the codebase)\n\n## Tasks\n"
    "- [ ] Task 1: Specific, actionable description\n"
    "- [ ] Task 2: Specific, actionable description\n"
    "...\n</plan>\n\nI will start now.\n";
const std::string kPlaceholder =
    "# Tasks\n\n- [ ] (Agent will decompose the goal into tasks on iteration 1)\n";

// Story 3: without --prompt, a reply that only echoes the prompt's example plan. Before:
// `extract` exit 0, and `apply --commit` wrote it over the placeholder and committed
// `wild-v2: iteration 0 — (goal)`, while `validate` flagged every task task-placeholder.
TEST_F(Trust, AnEchoedTemplatePlanIsNeverSelectedNorWritten) {
  write("reply.txt", kEchoedTemplate);
  write(".agents/wild/s1/tasks.md", kPlaceholder);
  sh("git add -A && git commit -qm start");
  const auto extract = wildplan("extract reply.txt");
  EXPECT_EQ(extract.exit_code, 1);
  EXPECT_NE(extract.err.find("[plan-placeholder]"), std::string::npos) << extract.err;
  EXPECT_NE(extract.err.find("[plan-missing]"), std::string::npos) << extract.err;
  write("work.txt", "the agent's work\n");
  int code = 0;
  const json a = apply_json("--reply reply.txt --session s1 --iteration 0 --commit", &code);
  EXPECT_EQ(code, 1);
  EXPECT_EQ(a["tasks"]["action"], "kept");
  EXPECT_EQ(test::read_file(dir_ / ".agents/wild/s1/tasks.md"), kPlaceholder);
  EXPECT_EQ(sh("git log -1 --format=%s"), "wild-v2: iteration 0\n");
}

// The goal of the commit subject is never a placeholder, and a subject without one has no
// dangling dash.
TEST_F(Trust, ACommitSubjectNeverTakesAPlaceholderGoal) {
  write("tasks.md", "# Tasks\n\n## Goal\n(goal)\n\n## Tasks\n- [ ] Task 1: Fix the flaky io test\n");
  write("reply.txt", "no plan this time\n");
  apply_json("--reply reply.txt --tasks tasks.md --iteration 2 --commit");
  EXPECT_EQ(sh("git log -1 --format=%s"), "wild-v2: iteration 2\n");
}

// Story 4: a plan with `## Tasks` but no `## Goal`, one task running an experiment directly.
// Before: apply wrote it with exit 0 and no diagnostic (profile generic: "no Goal and Tasks
// sections" of a file that has `## Tasks`); apply had no --profile.
TEST_F(Trust, APlanWithoutAGoalDoesNotEscapeTheLoopsRules) {
  write("reply.txt",
        "<plan>\n# Tasks\n\n## Tasks\n- [ ] Task 1: Read train.py and its arguments\n"
        "- [ ] Task 2: Run python train.py --lr 3e-4 and record the loss\n</plan>\n");
  int code = 0;
  json a = apply_json(
      "--reply reply.txt --tasks tasks.md --goal 'Train a model and sweep the learning rate'",
      &code);
  EXPECT_EQ(code, 1);
  EXPECT_EQ(a["validation"]["profile"], "v2-planning") << a.dump(1);
  std::set<std::string> rules;
  for (const json& d : a["diagnostics"]) rules.insert(d["rule"].get<std::string>());
  for (const char* rule : {"missing-goal", "too-few-tasks", "direct-experiment-command",
                           "missing-sweep-task"}) {
    EXPECT_TRUE(rules.count(rule)) << rule << "\n" << a.dump(1);
  }
  // validate names what the file has; --profile on apply chooses another.
  const auto v = wildplan("validate tasks.md");
  EXPECT_NE(v.out.find("(profile v2-planning: a Tasks section and 'Task N:' ids)"),
            std::string::npos)
      << v.out;
  std::filesystem::remove(dir_ / "tasks.md");
  a = apply_json("--reply reply.txt --tasks tasks.md --profile generic", &code);
  EXPECT_EQ(code, 0) << a.dump(1);
  EXPECT_EQ(a["validation"]["profile"], "generic");
}

// `parse` with no file, standard input at /dev/null (cron, CI, subprocess.DEVNULL). Before: it
// read the empty input, printed `0 tasks:` and exit 0, ignoring ./tasks.md.
TEST_F(Trust, StandardInputIsReadOnlyWhenItIsInput) {
  write("tasks.md", "- [ ] Task 1: Fix the flaky io test\n");
  const auto r = wildplan("parse");  // wildplan() runs with </dev/null
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 task: 1 todo"), std::string::npos) << r.out;
  int code = 0;
  const std::string piped =
      sh("printf -- '- [x] piped\\n' | '" WILDPLAN_BINARY "' parse", &code);
  EXPECT_NE(piped.find("1 task: 1 done"), std::string::npos) << piped;
}

// A usage error of `apply --json` prints the apply document (the reader's `out["signals"]`
// is there, null), not only an error document.
TEST_F(Trust, ApplyJsonPrintsItsDocumentOnAUsageError) {
  for (const char* args : {"--iteration one", "--reply r.txt --iteration one",
                           "--reply r.txt --replna", "--json --reply"}) {
    const auto r = wildplan(std::string("apply --json ") + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["kind"], "apply") << args;
    EXPECT_TRUE(doc.contains("signals") && doc["signals"].is_null()) << args;
    EXPECT_TRUE(doc["tasks"].is_null()) << args;
    EXPECT_EQ(doc["error"]["stage"], "request") << args;
    EXPECT_EQ(doc["commit"]["committed"], false) << args;
  }
}

// `--session s9`, a typo, with no plan: a warning, not a silent `action: nothing`.
TEST_F(Trust, ASessionWithoutATaskFileIsAWarning) {
  write("reply.txt", "<promise>WAITING</promise>\n");
  int code = 0;
  const json a = apply_json("--reply reply.txt --session s9 --iteration 3", &code);
  EXPECT_EQ(code, 0);
  ASSERT_FALSE(a["diagnostics"].empty()) << a.dump(1);
  EXPECT_EQ(a["diagnostics"].back()["rule"], "session-missing");
  EXPECT_EQ(a["diagnostics"].back()["severity"], "warning");
}

// apply's text names the signals and the validation; a failure is said once.
TEST_F(Trust, ApplyTextShowsSignalsAndValidationAndEachFailureOnce) {
  write("tasks.md", test::kGoodTasks);
  write("reply.txt", "Done for now.\n<summary>Reproduced it.</summary>\n<promise>WAITING</promise>\n");
  auto r = wildplan("apply --reply reply.txt --tasks tasks.md --iteration 2");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("signals: promise WAITING, summary 'Reproduced it.'"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("validation: tasks.md: ok (profile v2-planning"), std::string::npos)
      << r.out;
  // Outside any repository, --commit fails before tasks.md is touched, and says so once.
  const auto outside = test::scratch_dir("apply-outside");
  test::write_file(outside / "reply.txt",
                   "<plan>\n" + test::kGoodTasks + "</plan>\n");
  r = wildplan("apply --reply reply.txt --tasks tasks.md --commit", "GIT_CEILING_DIRECTORIES=/",
               outside.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(outside / "tasks.md"));
  const std::string all = r.out + r.err;
  std::size_t count = 0;
  for (std::size_t p = all.find("could not find repository"); p != std::string::npos;
       p = all.find("could not find repository", p + 1))
    ++count;
  EXPECT_EQ(count, 1u) << all;
}

// `validate --staged` in a subfolder names files as the user standing there would.
TEST_F(Trust, StagedPathsAreRelativeToWhereTheUserStands) {
  write("tasks.md", test::kBadTasks);
  write("docs/readme.txt", "x\n");
  sh("git add -A");
  const auto r = wildplan("validate --staged", "", (dir_ / "docs").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("../tasks.md:"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace wildplan
