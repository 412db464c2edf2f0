#include "wildplan/loop.hpp"

#include <gtest/gtest.h>

namespace wildplan {
namespace {

Document document(std::string name, std::string bytes, const StatusMap& statuses = {}) {
  return parse_document(std::make_shared<const Source>(std::move(name), std::move(bytes)),
                        std::nullopt, ParseOptions{statuses});
}

TasksDecision decide(const std::string* plan, const std::string* file, bool replan = false,
                     int iteration = 0) {
  std::optional<Document> plan_doc, file_doc;
  if (plan) plan_doc = document("<plan>", *plan);
  if (file) file_doc = document("tasks.md", *file);
  DecideOptions o;
  o.replan = replan;
  o.iteration = iteration;
  return decide_tasks(plan_doc ? &*plan_doc : nullptr, file_doc ? &*file_doc : nullptr, o);
}

const std::string kPlan =
    "# Tasks\n\n## Tasks\n- [ ] Task 1: Read the code\n- [ ] Task 2: Write the fix\n";

TEST(DecideTasks, WritesThePlanWhenThereIsNoFileOrOnlyThePlaceholder) {
  auto d = decide(&kPlan, nullptr);
  EXPECT_EQ(d.action, TasksAction::Written);
  EXPECT_EQ(d.bytes, kPlan);
  const std::string placeholder =
      "# Tasks\n- [ ] (Agent will decompose the goal into tasks on iteration 1)\n";
  d = decide(&kPlan, &placeholder);
  EXPECT_EQ(d.action, TasksAction::Written);
  EXPECT_EQ(d.reason, "tasks.md held only the loop's placeholder: the plan was written");
}

TEST(DecideTasks, KeepsAnEqualFileAndKeepsTheFileWithoutAPlan) {
  std::string same = kPlan;
  auto d = decide(&kPlan, &same);
  EXPECT_EQ(d.action, TasksAction::Kept);
  EXPECT_FALSE(d.bytes);
  d = decide(nullptr, &same);
  EXPECT_EQ(d.action, TasksAction::Kept);
  EXPECT_EQ(d.reason, "the reply holds no usable plan: tasks.md is kept as it is");
  EXPECT_EQ(decide(nullptr, nullptr).action, TasksAction::NothingToDo);
}

TEST(DecideTasks, KeepsTheAgentsNewerFileWhenThePlanAddsNothing) {
  const std::string file =
      "# Tasks\n\n## Tasks\n- [x] Task 1: Read the code\n- [/] Task 2: Write the fix\n";
  const auto d = decide(&kPlan, &file);
  EXPECT_EQ(d.action, TasksAction::Kept);
  EXPECT_FALSE(d.bytes);
  EXPECT_EQ(d.drift->diff.changes.size(), 2u);  // both statuses differ: reported, not lost
}

TEST(DecideTasks, KeepsTheAgentsFileEvenWhenThePlanAddsTasks) {
  const std::string file =
      "# Tasks\n\n## Tasks\n- [x] Task 1: Read the code\n- [/] Task 2: Write the fix\n- [x] Task "
      "3: Old done task\n";
  const std::string plan =
      "# Tasks\n\n## Tasks\n- [ ] Task 1: Read the code\n- [ ] Task 2: Write the fix\n- [ ] Task "
      "4: Add a test\n";
  for (int iteration : {0, 1, 5}) {
    const auto d = decide(&plan, &file, false, iteration);
    EXPECT_EQ(d.action, TasksAction::Kept) << iteration;
    EXPECT_FALSE(d.bytes);
    EXPECT_FALSE(d.drift->diff.empty());
  }
  const auto d = decide(&plan, &file, /*replan=*/true);
  EXPECT_EQ(d.action, TasksAction::Merged);
  EXPECT_EQ(d.bytes,
            "# Tasks\n\n## Tasks\n- [x] Task 1: Read the code\n- [/] Task 2: Write the fix\n- [x] "
            "Task 3: Old done task\n- [ ] Task 4: Add a test\n");
}

TEST(Replan, NeverMovesATaskBack) {
  const std::string file = "- [x] Task 1: Read the code\n- [ ] Task 2: Write the fix\n";
  const std::string plan = "- [/] Task 1: Read the code again\n- [x] Task 2: Write the fix\n";
  const auto d = decide(&plan, &file, /*replan=*/true);
  EXPECT_EQ(d.action, TasksAction::Merged);
  EXPECT_EQ(d.bytes, "- [x] Task 1: Read the code again\n- [x] Task 2: Write the fix\n");
}

TEST(DecideTasks, TheReasonSaysWhyByIteration) {
  const std::string file = "- [x] Task 1: Read the code\n- [ ] Task 2: Write the fix\n";
  const std::string plan = "- [ ] Task 1: Read the code\n";
  EXPECT_EQ(decide(&plan, &file, false, 0).reason,
            "the agent wrote tasks.md, and it differs from the plan: tasks.md is kept; the diff "
            "reports how they differ (--replan applies the plan)");
  EXPECT_EQ(decide(&plan, &file, false, 3).reason,
            "iteration 3 (from 1 on, tasks.md is the agent's): a <plan> in the reply does not "
            "rewrite it; the diff reports how it differs (--replan applies it)");
  EXPECT_EQ(decide(nullptr, &file, false, 2).reason,
            "the reply holds no plan (none is asked for after iteration 0): tasks.md is kept as "
            "it is");
  // A missing file is written at any iteration: nothing of the agent's is there to lose.
  EXPECT_EQ(decide(&plan, nullptr, false, 4).action, TasksAction::Written);
}

/// The replan of `file` with `plan`.
TasksDecision replan(const std::string& file, const std::string& plan,
                     const StatusMap& statuses = {}) {
  const Document file_doc = document("tasks.md", file, statuses);
  const Document plan_doc = document("<plan>", plan, statuses);
  DecideOptions o;
  o.replan = true;
  o.iteration = 2;
  o.statuses = statuses;
  return decide_tasks(&plan_doc, &file_doc, o);
}

std::vector<std::string> ids(const Plan& p, const std::vector<std::size_t>& tasks) {
  std::vector<std::string> out;
  for (std::size_t i : tasks)
    out.push_back(p.tasks[i].id.empty() ? p.tasks[i].title : p.tasks[i].id);
  return out;
}

TEST(Replan, KeepsDoneTasksAtTheirPlaceAndRemovesOpenOnes) {
  const auto d = replan(
      "## Phase 1 - A\n- [x] [P1-T1] one\n- [ ] [P1-T2] two\n- [ ] [P1-T3] three\n- [/] [P1-T4] "
      "four\n",
      "## Phase 1 - A\n- [ ] [P1-T2] two\n- [ ] [P1-T5] five\n");
  EXPECT_EQ(d.action, TasksAction::Merged);
  EXPECT_EQ(d.bytes,
            "## Phase 1 - A\n- [x] [P1-T1] one\n- [ ] [P1-T2] two\n- [/] [P1-T4] four\n- [ ] "
            "[P1-T5] five\n");
  EXPECT_EQ(ids(d.drift->before.plan, d.removed), std::vector<std::string>{"P1-T3"});
  EXPECT_EQ(ids(d.drift->before.plan, d.preserved), (std::vector<std::string>{"P1-T1", "P1-T4"}));
}

TEST(Replan, TakesThePlansOrderAndPhasesAndTheFurtherAlongStatus) {
  const auto d = replan(
      "## Phase 1 - A\n- [ ] [P1-T1] one\n- [x] [P1-T2] two\n\n## Phase 2 - B\n- [!] [P2-T1] "
      "blocked\n",
      "## Phase 2 - B\n- [/] [P2-T1] blocked\n\n## Phase 1 - A\n- [x] [P1-T1] one\n- [ ] "
      "[P1-T2] two\n");
  EXPECT_EQ(d.bytes,
            "## Phase 2 - B\n- [/] [P2-T1] blocked\n\n## Phase 1 - A\n- [x] [P1-T1] one\n- [x] "
            "[P1-T2] two\n");
}

TEST(Replan, KeepsTheSectionsThePlanLacksByteForByte) {
  const std::string file =
      "# Tasks\r\n\r\n## Goal\r\nG\r\n\r\n## Analysis\r\nWhat I found.  \r\n\r\n## Tasks\r\n- [x] "
      "Task 1: a\r\n- [ ] Task 2: b\r\n\r\n## Notes\r\n- keep me\r\n";
  const auto d =
      replan(file, "# Tasks\n\n## Goal\nG\n\n## Tasks\n- [ ] Task 1: a\n- [ ] Task 3: c\n");
  EXPECT_EQ(d.bytes,
            "# Tasks\r\n\r\n## Goal\r\nG\r\n\r\n## Analysis\r\nWhat I found.  \r\n\r\n## "
            "Tasks\r\n- [x] Task 1: a\r\n- [ ] Task 3: c\r\n\r\n## Notes\r\n- keep me\r\n");
  EXPECT_EQ(ids(d.drift->before.plan, d.removed), std::vector<std::string>{"Task 2"});
}

TEST(Replan, ADoneSubtaskThePlanOmitsStaysUnderItsParent) {
  const auto d = replan(
      "- [/] Task 1: parent\n  - [x] first child\n  - [ ] second child\n  - [x] third child\n- "
      "[ ] Task 2: next\n",
      "* [ ] Task 1: parent\n    * [ ] second child\n* [ ] Task 2: next\n");
  EXPECT_EQ(d.bytes,
            "* [/] Task 1: parent\n    - [x] first child\n    * [ ] second child\n    - [x] third "
            "child\n* [ ] Task 2: next\n");
  EXPECT_TRUE(d.removed.empty());
  EXPECT_EQ(ids(d.drift->before.plan, d.preserved), (std::vector<std::string>{"first child", "third child"}));
}

TEST(Replan, AnOpenParentOfADoneTaskStaysAndSoDoesWhatADoneTaskDependsOn) {
  const auto d = replan(
      "- [ ] Task 1: open parent\n  - [x] Task 2: done child | depends: Task 3\n- [ ] Task 3: "
      "needed\n- [ ] Task 4: dropped\n- [ ] Task 5: kept\n",
      "- [ ] Task 5: kept\n");
  EXPECT_EQ(d.bytes,
            "- [ ] Task 1: open parent\n  - [x] Task 2: done child | depends: Task 3\n- [ ] Task "
            "3: needed\n- [ ] Task 5: kept\n");
  EXPECT_EQ(ids(d.drift->before.plan, d.removed), std::vector<std::string>{"Task 4"});
}

TEST(Replan, ReadsStatusesWithTheConfiguredMap) {
  StatusMap custom;
  custom.set('?', Status::Todo);
  custom.set('>', Status::InProgress);
  const std::string file = "- [?] Task 1: maybe\n- [>] Task 2: going\n";
  const std::string plan = "- [!] Task 2: going\n";
  EXPECT_EQ(replan(file, plan, custom).bytes, "- [>] Task 2: going\n");  // open; in progress
  EXPECT_EQ(replan(file, plan).bytes,  // unknown boxes: kept, and not further along than [!]
            "- [?] Task 1: maybe\n- [!] Task 2: going\n");
}

TEST(Replan, ATaskDoneUnderTheMapIsDone) {
  StatusMap map;
  map.set('~', Status::Done);
  const auto d = replan("- [~] Task 1: done here\n- [~] Task 2: done too\n- [ ] Task 3: open\n",
                        "- [ ] Task 2: done too\n- [ ] Task 4: new\n", map);
  EXPECT_EQ(d.bytes, "- [~] Task 1: done here\n- [~] Task 2: done too\n- [ ] Task 4: new\n");
  EXPECT_EQ(ids(d.drift->before.plan, d.removed), std::vector<std::string>{"Task 3"});
  ASSERT_EQ(d.preserved.size(), 1u);
  EXPECT_EQ(d.drift->before.plan.tasks[d.preserved[0]].status, Status::Done);
}

TEST(Replan, KeepsTheByteOrderMarkAndAddsLinesWithTheFilesLineEnd) {
  const auto d = replan("\xEF\xBB\xBF# T\r\n\r\n- [x] Task 1: a\r\n", "# T\n\n- [ ] Task 2: b\n");
  EXPECT_EQ(d.bytes, "\xEF\xBB\xBF# T\r\n\r\n- [x] Task 1: a\r\n- [ ] Task 2: b\r\n");
}

TEST(Replan, APhaseWhoseTasksAllWentGoesWithThem) {
  const auto d = replan("## Phase 1 - A\n- [ ] [P1-T1] a\n\n## Phase 2 - B\n- [ ] [P2-T1] b\n",
                        "## Phase 1 - A\n- [ ] [P1-T1] a\n");
  EXPECT_EQ(d.bytes, "## Phase 1 - A\n- [ ] [P1-T1] a\n");
  // One that holds more than tasks stays, without them.
  const auto e = replan(
      "## Phase 1 - A\n- [ ] [P1-T1] a\n\n## Phase 2 - B\nWhy this phase.\n\n- [ ] [P2-T1] b\n",
      "## Phase 1 - A\n- [ ] [P1-T1] a\n");
  EXPECT_EQ(e.bytes, "## Phase 1 - A\n- [ ] [P1-T1] a\n\n## Phase 2 - B\nWhy this phase.\n\n");
}

TEST(Replan, ATaskMovedToAnotherPhaseTakesThePlansPlace) {
  const auto d = replan(
      "## Phase 1 - A\n- [x] [P1-T1] a\n- [/] Write it up\n\n## Phase 2 - B\n- [ ] [P2-T1] b\n",
      "## Phase 1 - A\n- [ ] [P1-T1] a\n\n## Phase 2 - B\n- [ ] [P2-T1] b\n- [ ] Write it up\n");
  EXPECT_EQ(d.bytes,
            "## Phase 1 - A\n- [x] [P1-T1] a\n\n## Phase 2 - B\n- [ ] [P2-T1] b\n- [/] Write it "
            "up\n");
}

TEST(Replan, AnEqualPlanKeepsTheFileAndAMergeIsStable) {
  const std::string file = "# T\n\n## Tasks\n- [x] Task 1: a\n- [ ] Task 2: b\n\n## Notes\nn\n";
  EXPECT_EQ(replan(file, file).action, TasksAction::Kept);
  const std::string plan = "# T\n\n## Tasks\n- [ ] Task 3: c\n- [ ] Task 2: b\n";
  const auto once = replan(file, plan);
  ASSERT_TRUE(once.bytes);
  const auto twice = replan(*once.bytes, plan);
  EXPECT_EQ(twice.action, TasksAction::Kept) << *once.bytes;
}

TEST(Replan, RefusesAShapeItCouldBreakAndKeepsTheFile) {
  const auto d =
      replan("- [x] Task 1: a\n  ## heading in the item\n- [ ] Task 2: b\n", "- [ ] Task 3: c\n");
  EXPECT_EQ(d.action, TasksAction::Kept);
  EXPECT_FALSE(d.bytes);
  EXPECT_EQ(d.reason,
            "a replan was asked for, but tasks.md has a heading inside the list item at line 1, "
            "which a merge could break: tasks.md is kept");
  const auto q = replan("> - [x] Task 1: quoted\n\n- [ ] Task 2: b\n", "- [ ] Task 2: b\n");
  EXPECT_EQ(q.action, TasksAction::Kept);
  EXPECT_FALSE(q.bytes);
}

TEST(CommitSubject, CutsTheGoalAtAWordBoundary) {
  EXPECT_EQ(commit_subject(3, "Fix the flaky test"),
            "wild-v2: iteration 3 \xE2\x80\x94 Fix the flaky test");
  const std::string long_goal =
      "Find the learning rate and warmup that minimise validation loss of the 124M GPT-2 baseline";
  const std::string s = commit_subject(0, long_goal);
  EXPECT_EQ(s,
            "wild-v2: iteration 0 \xE2\x80\x94 Find the learning rate and warmup that "
            "minimise\xE2\x80\xA6");
  EXPECT_LE(s.size() - 4, 72u);  // two 3-byte characters count as one each
  EXPECT_EQ(commit_subject(1, "line one\nWild-Session: forged\n\x1b[31m"),
            "wild-v2: iteration 1 \xE2\x80\x94 line one Wild-Session: forged [31m");
}

TEST(CommitSubject, ATenKilobyteGoalIsCutWithoutSplittingACharacter) {
  std::string words;
  while (words.size() < 10'000) words += "tune the learning rate\n";
  const std::string a = commit_subject(2, words);
  EXPECT_EQ(a.find('\n'), std::string::npos);
  EXPECT_TRUE(a.ends_with("\xE2\x80\xA6")) << a;
  std::string one_word;  // no boundary to cut at, and every character two bytes
  for (int i = 0; i < 5'000; ++i) one_word += "\xC3\xA9";
  const std::string b = commit_subject(2, one_word);
  EXPECT_TRUE(b.ends_with("\xE2\x80\xA6")) << b;
  // Whole characters only: every é before the ellipsis is both of its bytes.
  const std::string body = b.substr(0, b.size() - 3);
  const std::string tail = body.substr(body.rfind(' ') + 1);
  EXPECT_EQ(tail.size() % 2, 0u);
  for (std::size_t i = 0; i < tail.size(); i += 2) EXPECT_EQ(tail.substr(i, 2), "\xC3\xA9");
  std::size_t chars = 0;  // the subject's length in characters
  for (unsigned char ch : b) chars += (ch & 0xC0) != 0x80;
  EXPECT_LE(chars, 72u);
}

TEST(CommitMessage, TrailersCannotBeInjected) {
  EXPECT_EQ(commit_message("subject", {{"Wild-Session", "s1\nSigned-off-by: mallory"},
                                       {"Tasks", "3/12 done"},
                                       {"Empty", ""},
                                       {"Bad Key:", "v"}}),
            "subject\n\nWild-Session: s1 Signed-off-by: mallory\nTasks: 3/12 done\nBadKey: v\n");
  EXPECT_EQ(commit_message("only", {}), "only\n");
  EXPECT_EQ(sanitize_line("  a\t\tb\r\n c \xE2\x80\xAE d "), "a b c d");
}

}  // namespace
}  // namespace wildplan
