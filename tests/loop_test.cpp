#include "wildplan/loop.hpp"

#include <gtest/gtest.h>

namespace wildplan {
namespace {

TasksDecision decide(const std::string* plan, const std::string* file, bool replan = false) {
  std::optional<Source> src;
  if (file) src.emplace("tasks.md", *file);
  return decide_tasks(plan, src ? &*src : nullptr, replan);
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
  EXPECT_EQ(d.diff.changes.size(), 2u);  // both statuses differ: reported, not lost
}

TEST(DecideTasks, MergesAPlanThatAddsTasksWithoutLosingProgress) {
  const std::string file =
      "# Tasks\n\n## Tasks\n- [x] Task 1: Read the code\n- [/] Task 2: Write the fix\n- [x] Task "
      "3: Old done task\n";
  const std::string plan =
      "# Tasks\n\n## Tasks\n- [ ] Task 1: Read the code\n- [ ] Task 2: Write the fix\n- [ ] Task "
      "4: Add a test\n";
  const auto d = decide(&plan, &file);
  EXPECT_EQ(d.action, TasksAction::Merged);
  EXPECT_EQ(d.bytes,
            "# Tasks\n\n## Tasks\n- [x] Task 1: Read the code\n- [/] Task 2: Write the fix\n- [ ] "
            "Task 4: Add a test\n"
            "- [x] Task 3: Old done task\n");
}

TEST(DecideTasks, AReplanNeverMovesATaskBack) {
  const std::string file = "- [x] Task 1: Read the code\n- [ ] Task 2: Write the fix\n";
  const std::string plan = "- [/] Task 1: Read the code again\n- [x] Task 2: Write the fix\n";
  const auto d = decide(&plan, &file, /*replan=*/true);
  EXPECT_EQ(d.action, TasksAction::Merged);
  EXPECT_EQ(d.bytes, "- [x] Task 1: Read the code again\n- [x] Task 2: Write the fix\n");
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
