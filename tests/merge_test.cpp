// The merge of task files by task (merge.hpp), in process: what each kind of edit pair becomes.
#include "wildplan/merge.hpp"

#include <gtest/gtest.h>

#include <string>

#include "merge/text_merge.hpp"

namespace wildplan {
namespace {

const std::string kBase =
    "# Tasks\n"
    "\n"
    "## Goal\n"
    "Ship the loader\n"
    "\n"
    "## Phase 1: Setup\n"
    "- [ ] Task 1: Fetch the raw data from the bucket\n"
    "- [ ] Task 2: Write the loader for the parquet files\n"
    "- [ ] Task 3: Add a smoke test for the loader\n"
    "\n"
    "## Phase 2: Training\n"
    "- [ ] Task 4: Create the sweep for the learning rate\n"
    "- [ ] Task 5: Create three runs from the sweep\n";

/// `text` with the first `from` replaced by `to` (the test fails when there is none).
std::string edit(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

MergeResult merge(const std::string& base, const std::string& ours, const std::string& theirs,
                  MergeOptions options = {}) {
  options.path = "tasks.md";
  return merge_task_files(Source("base", base), Source("ours", ours), Source("theirs", theirs),
                          options);
}

TEST(MergeTaskFiles, EachSideChecksADifferentTask) {
  const auto ours = edit(kBase, "[ ] Task 1", "[x] Task 1");
  const auto theirs = edit(kBase, "[ ] Task 2", "[x] Task 2");
  const MergeResult r = merge(kBase, ours, theirs);
  EXPECT_TRUE(r.clean());
  EXPECT_TRUE(r.by_task);
  EXPECT_EQ(r.bytes, edit(ours, "[ ] Task 2", "[x] Task 2"));
  ASSERT_EQ(r.tasks.size(), 2u);
  EXPECT_EQ(r.tasks[0].action, TaskMergeAction::Ours);
  EXPECT_EQ(r.tasks[0].id, "Task 1");
  EXPECT_EQ(r.tasks[0].line, 7u);
  EXPECT_EQ(r.tasks[1].action, TaskMergeAction::Theirs);
  EXPECT_EQ(r.tasks[1].line, 8u);
}

TEST(MergeTaskFiles, GitsOwnMergeConflictsOnTheSameEdits) {
  // Two adjacent lines changed: git's text merge alone cannot take both.
  const auto ours = edit(kBase, "[ ] Task 1", "[x] Task 1");
  const auto theirs = edit(kBase, "[ ] Task 2", "[x] Task 2");
  EXPECT_FALSE(detail::merge_text(kBase, ours, theirs, 7, "ours", "theirs").clean);
  EXPECT_TRUE(merge(kBase, ours, theirs).clean());
}

TEST(MergeTaskFiles, TasksBothSidesAddAtThePhaseEndAreAllKeptOursFirst) {
  const auto ours =
      edit(kBase, "loader\n\n## Phase 2", "loader\n- [ ] Task 6: Profile the loader\n\n## Phase 2");
  const auto theirs = edit(kBase, "loader\n\n## Phase 2",
                           "loader\n- [ ] Task 7: Document the schema\n\n## Phase 2");
  const MergeResult r = merge(kBase, ours, theirs);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.bytes, edit(kBase, "loader\n\n## Phase 2",
                          "loader\n- [ ] Task 6: Profile the loader\n- [ ] Task 7: Document the "
                          "schema\n\n## Phase 2"));
  ASSERT_EQ(r.tasks.size(), 2u);
  EXPECT_EQ(r.tasks[0].action, TaskMergeAction::Added);
  EXPECT_EQ(r.tasks[0].side, MergeSide::Ours);
  EXPECT_EQ(r.tasks[1].side, MergeSide::Theirs);
  EXPECT_TRUE(r.diagnostics.empty());
}

TEST(MergeTaskFiles, AnIdBothSidesAddedKeepsBothTasksAndSaysSo) {
  const auto ours = kBase + "- [ ] Task 6: Profile the loader\n";
  const auto theirs = kBase + "- [x] Task 6: Document the schema\n";
  const MergeResult r = merge(kBase, ours, theirs);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.bytes, ours + "- [x] Task 6: Document the schema\n");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].rule, "merge-same-id");
  EXPECT_EQ(r.diagnostics[0].severity, Severity::Note);
  EXPECT_NE(r.diagnostics[0].message.find("'Task 6'"), std::string::npos);
}

TEST(MergeTaskFiles, TheSameTaskAddedOnBothSidesIsKeptOnceFurtherAlong) {
  const auto ours = kBase + "- [ ] Task 6: Profile the loader\n";
  const auto theirs = kBase + "- [/] Task 6: Profile the loader\n";
  const MergeResult r = merge(kBase, ours, theirs);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.bytes, theirs);
  ASSERT_EQ(r.tasks.size(), 1u);
  EXPECT_EQ(r.tasks[0].action, TaskMergeAction::Added);
  EXPECT_EQ(r.tasks[0].side, MergeSide::Both);
}

TEST(MergeTaskFiles, BoxesMovedOnBothSidesTakeTheOneFurtherAlong) {
  const auto ours = edit(kBase, "[ ] Task 3", "[/] Task 3");
  const auto theirs = edit(kBase, "[ ] Task 3", "[x] Task 3");
  for (const auto& [o, t] : {std::pair(ours, theirs), std::pair(theirs, ours)}) {
    const MergeResult r = merge(kBase, o, t);
    EXPECT_TRUE(r.clean());
    EXPECT_EQ(r.bytes, edit(kBase, "[ ] Task 3", "[x] Task 3"));
    ASSERT_EQ(r.tasks.size(), 1u);
    EXPECT_EQ(r.tasks[0].action, TaskMergeAction::FurtherAlong);
  }
}

TEST(MergeTaskFiles, ACancelledBoxAgainstAnotherChangeIsAConflictOnThatLineOnly) {
  const auto ours = edit(edit(kBase, "[ ] Task 3", "[-] Task 3"), "[ ] Task 5", "[x] Task 5");
  const auto theirs = edit(kBase, "[ ] Task 3", "[x] Task 3");
  const MergeResult r = merge(kBase, ours, theirs);
  EXPECT_FALSE(r.clean());
  ASSERT_EQ(r.conflicts.size(), 1u);
  EXPECT_EQ(r.conflicts[0].kind, ConflictKind::TaskStatus);
  EXPECT_EQ(r.conflicts[0].id, "Task 3");
  EXPECT_EQ(r.conflicts[0].line, 9u);
  EXPECT_EQ(r.conflicts[0].end_line, 13u);
  EXPECT_EQ(r.bytes, edit(edit(kBase, "- [ ] Task 3: Add a smoke test for the loader\n",
                               "<<<<<<< ours\n- [-] Task 3: Add a smoke test for the loader\n"
                               "=======\n- [x] Task 3: Add a smoke test for the loader\n"
                               ">>>>>>> theirs\n"),
                          "[ ] Task 5", "[x] Task 5"));
}

TEST(MergeTaskFiles, TextsChangedDifferentlyLeaveMarkersOfTheGivenSize) {
  const auto ours = edit(kBase, "smoke test", "smoke test and a fuzz target");
  const auto theirs = edit(kBase, "smoke test", "unit test");
  MergeOptions o;
  o.marker_size = 10;
  const MergeResult r = merge(kBase, ours, theirs, o);
  ASSERT_EQ(r.conflicts.size(), 1u);
  EXPECT_EQ(r.conflicts[0].kind, ConflictKind::TaskText);
  EXPECT_NE(r.bytes.find("<<<<<<<<<< ours\n- [ ] Task 3: Add a smoke test and a fuzz target for "
                         "the loader\n==========\n- [ ] Task 3: Add a unit test for the loader\n"
                         ">>>>>>>>>> theirs\n"),
            std::string::npos)
      << r.bytes;
}

TEST(MergeTaskFiles, ABoxFromOneSideAndTheTextFromTheOtherCombine) {
  const auto ours = edit(kBase, "[ ] Task 2", "[x] Task 2");
  const auto theirs = edit(kBase, "Write the loader", "Write the streaming loader");
  const MergeResult r = merge(kBase, ours, theirs);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.bytes, edit(ours, "Write the loader", "Write the streaming loader"));
  ASSERT_EQ(r.tasks.size(), 1u);
  EXPECT_EQ(r.tasks[0].action, TaskMergeAction::Combined);
}

TEST(MergeTaskFiles, AFieldOneSideAddedAndTheOtherSidesRewordCombine) {
  const auto ours = edit(kBase, "Fetch the raw data from the bucket",
                         "Fetch the raw data from the bucket | reason: the bucket moved");
  const auto theirs = edit(kBase, "Fetch the raw data from the bucket",
                           "Fetch the raw and labelled data from the bucket");
  const MergeResult r = merge(kBase, ours, theirs);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.bytes, edit(kBase, "Fetch the raw data from the bucket",
                          "Fetch the raw and labelled data from the bucket | reason: the "
                          "bucket moved"));
}

TEST(MergeTaskFiles, ADeletedTaskTheOtherSideCheckedIsAConflict) {
  const auto ours = edit(kBase, "- [ ] Task 4: Create the sweep for the learning rate\n", "");
  const auto theirs = edit(kBase, "[ ] Task 4", "[x] Task 4");
  const MergeResult r = merge(kBase, ours, theirs);
  ASSERT_EQ(r.conflicts.size(), 1u);
  EXPECT_EQ(r.conflicts[0].kind, ConflictKind::DeletedChanged);
  EXPECT_EQ(r.conflicts[0].id, "Task 4");
  EXPECT_NE(r.bytes.find("<<<<<<< ours\n=======\n- [x] Task 4: Create the sweep for the "
                         "learning rate\n>>>>>>> theirs\n"),
            std::string::npos)
      << r.bytes;
}

TEST(MergeTaskFiles, ADeletedTaskTheOtherSideLeftAloneIsDeleted) {
  const auto ours = edit(kBase, "- [ ] Task 4: Create the sweep for the learning rate\n", "");
  const auto theirs = edit(kBase, "[ ] Task 1", "[x] Task 1");
  const MergeResult r = merge(kBase, ours, theirs);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.bytes, edit(ours, "[ ] Task 1", "[x] Task 1"));
  ASSERT_EQ(r.tasks.size(), 2u);
  EXPECT_EQ(r.tasks[1].action, TaskMergeAction::Deleted);
  EXPECT_EQ(r.tasks[1].side, MergeSide::Ours);
  EXPECT_EQ(r.tasks[1].line, 0u);
}

TEST(MergeTaskFiles, AReorderOnOneSideAndACheckOnTheOtherBothHold) {
  const auto ours = edit(kBase,
                         "- [ ] Task 4: Create the sweep for the learning rate\n"
                         "- [ ] Task 5: Create three runs from the sweep\n",
                         "- [ ] Task 5: Create three runs from the sweep\n"
                         "- [ ] Task 4: Create the sweep for the learning rate\n");
  const auto theirs = edit(kBase, "[ ] Task 4", "[x] Task 4");
  const MergeResult r = merge(kBase, ours, theirs);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.bytes, edit(ours, "[ ] Task 4", "[x] Task 4"));
}

TEST(MergeTaskFiles, ProseAndTasksChangedOnDifferentSidesMerge) {
  const auto ours = edit(kBase, "Ship the loader\n", "Ship the loader by Friday\n");
  const auto theirs = edit(kBase, "[ ] Task 1", "[x] Task 1");
  const MergeResult r = merge(kBase, ours, theirs);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.bytes, edit(ours, "[ ] Task 1", "[x] Task 1"));
}

TEST(MergeTaskFiles, ProseChangedOnBothSidesIsGitsConflict) {
  const auto ours = edit(edit(kBase, "Ship the loader\n", "Ship the loader by Friday\n"),
                         "[ ] Task 1", "[x] Task 1");
  const auto theirs = edit(kBase, "Ship the loader\n", "Ship the loader and its tests\n");
  const MergeResult r = merge(kBase, ours, theirs);
  ASSERT_EQ(r.conflicts.size(), 1u);
  EXPECT_EQ(r.conflicts[0].kind, ConflictKind::Text);
  EXPECT_EQ(r.conflicts[0].line, 4u);
  EXPECT_EQ(r.conflicts[0].end_line, 8u);
  EXPECT_EQ(r.bytes, edit(edit(kBase, "Ship the loader\n",
                               "<<<<<<< ours\nShip the loader by Friday\n=======\n"
                               "Ship the loader and its tests\n>>>>>>> theirs\n"),
                          "[ ] Task 1", "[x] Task 1"));
  // a task line inside a text conflict is each side's own
}

TEST(MergeTaskFiles, CrlfLineEndsAndAMissingFinalNewlineStay) {
  std::string base = "# Tasks\r\n- [ ] Task 1: One thing to do\r\n- [ ] Task 2: Another thing";
  const auto ours = edit(base, "[ ] Task 1", "[x] Task 1");
  const auto theirs = edit(base, "[ ] Task 2", "[/] Task 2");
  const MergeResult r = merge(base, ours, theirs);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.bytes, "# Tasks\r\n- [x] Task 1: One thing to do\r\n- [/] Task 2: Another thing");
}

TEST(MergeTaskFiles, TheConfiguredBoxesDecideWhatIsFurtherAlong) {
  const std::string base = "- [ ] 1. Write the parser for the format\n";
  MergeOptions kiro;
  kiro.statuses.set('-', Status::InProgress);
  const MergeResult r = merge(base, edit(base, "[ ]", "[-]"), edit(base, "[ ]", "[x]"), kiro);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.bytes, edit(base, "[ ]", "[x]"));
  // by default `-` is cancelled: a conflict
  EXPECT_FALSE(merge(base, edit(base, "[ ]", "[-]"), edit(base, "[ ]", "[x]")).clean());
}

TEST(MergeTaskFiles, LinesThatLookLikeMarkersAreNotTakenForThem) {
  const std::string base =
      "# Tasks\n<<<<<<< not a marker\n=======\n- [ ] Task 1: First one here\n"
      "- [ ] Task 2: Second one here\n>>>>>>> nor this\n";
  const auto ours = edit(base, "[ ] Task 1", "[x] Task 1");
  const auto theirs = edit(base, "[ ] Task 2", "[x] Task 2");
  const MergeResult r = merge(base, ours, theirs);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.bytes, edit(ours, "[ ] Task 2", "[x] Task 2"));
}

TEST(MergeTaskFiles, ABinarySideIsGitsBinaryMergeOursKept) {
  const std::string ours = kBase + std::string("\0", 1);
  const MergeResult r = merge(kBase, ours, edit(kBase, "[ ] Task 1", "[x] Task 1"));
  EXPECT_FALSE(r.by_task);
  ASSERT_EQ(r.conflicts.size(), 1u);
  EXPECT_EQ(r.conflicts[0].kind, ConflictKind::Binary);
  EXPECT_EQ(r.bytes, ours);
}

TEST(MergeTaskFiles, OneSideUnchangedGivesTheOtherByteForByte) {
  const auto changed = edit(edit(kBase, "[ ] Task 1", "[x] Task 1"), "Ship the", "Ship  the");
  EXPECT_EQ(merge(kBase, kBase, changed).bytes, changed);
  EXPECT_EQ(merge(kBase, changed, kBase).bytes, changed);
  EXPECT_EQ(merge(kBase, changed, changed).bytes, changed);
}

// diff_plans pairs equal texts in their order: with a deleted first `Commit`, the second would
// stand for the first, and a box checked in section B would land in section C. Where git's own
// diff keeps the line in place, the file merges as text instead.
TEST(MergeTaskFiles, RepeatedTaskTextsNeverTradePlaces) {
  const std::string base =
      "## A\n- [ ] Write a\n- [ ] Commit\n\n## B\n- [ ] Write b\n- [ ] Commit\n\n"
      "## C\n- [ ] Write c\n- [ ] Commit\n";
  const auto theirs = edit(base, "- [ ] Write a\n- [ ] Commit\n", "- [ ] Write a\n");
  const auto ours = edit(base, "- [ ] Write b\n- [ ] Commit", "- [ ] Write b\n- [x] Commit");
  const MergeResult r = merge(base, ours, theirs);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.bytes, edit(theirs, "- [ ] Write b\n- [ ] Commit", "- [ ] Write b\n- [x] Commit"));
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].rule, "merge-as-text");
}

TEST(MergeTaskFiles, TheReportNamesWhatHappened) {
  const auto ours = edit(kBase, "[ ] Task 1", "[x] Task 1") + "- [ ] Task 6: Profile the loader\n";
  const auto theirs = edit(kBase, "smoke test", "unit test");
  const MergeResult r = merge(kBase, ours, theirs);
  EXPECT_EQ(render_merge_text(r, "tasks.md"),
            "tasks.md: merged by task: 1 from ours, 1 from theirs, 1 added; clean\n");
  const auto conflicted = merge(kBase, edit(kBase, "smoke test", "fuzz test"), theirs);
  EXPECT_EQ(render_merge_text(conflicted, "tasks.md"),
            "tasks.md: merged by task; 1 conflict\n"
            "tasks.md:9: error: Task 3 'Add a fuzz test for the loader': both sides changed its "
            "line differently; both versions are left between conflict markers (lines 9-13) "
            "[merge-task-text]\n");
}

}  // namespace
}  // namespace wildplan
