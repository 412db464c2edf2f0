#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "wildplan/plan.hpp"

namespace wildplan {
namespace {

struct ParsedText {
  Source src;
  Plan plan;
  std::vector<Diagnostic> diagnostics;
};

ParsedText parse(std::string text) {
  Source src("tasks.md", std::move(text));
  auto parsed = parse_plan(src);
  return {std::move(src), std::move(*parsed.value), std::move(parsed.diagnostics)};
}

TEST(ParsePlan, ReadsTheSeedShape) {
  const auto p = parse(
      "# Tasks\n\n## Goal\nTune lr\n\n## Analysis\nSmall model.\n\n## Tasks\n"
      "- [x] Task 1: Read train.py\n- [/] Task 2: Create the sweep\n- [ ] Task 3: Create runs\n");
  EXPECT_EQ(p.plan.title, "Tasks");
  ASSERT_EQ(p.plan.sections.size(), 4u);
  EXPECT_EQ(p.plan.sections[1].title, "Goal");
  EXPECT_EQ(p.plan.sections[1].level, 2);
  EXPECT_EQ(p.plan.sections[3].pos, (SourcePos{9, 1}));
  ASSERT_EQ(p.plan.tasks.size(), 3u);
  const Task& t = p.plan.tasks[1];
  EXPECT_EQ(t.ordinal, 2u);
  EXPECT_EQ(t.id, "Task 2");
  EXPECT_EQ(t.status, Status::InProgress);
  EXPECT_EQ(t.box, '/');
  EXPECT_EQ(t.title, "Create the sweep");
  EXPECT_EQ(t.text, "Task 2: Create the sweep");
  EXPECT_EQ(t.pos, (SourcePos{11, 1}));
  EXPECT_EQ(p.src.text(t.box_span), "[/]");
  EXPECT_EQ(p.src.text(t.line_span), "- [/] Task 2: Create the sweep");
  EXPECT_EQ(t.section, 3u);
  EXPECT_TRUE(p.diagnostics.empty());
}

// The tree is read a top-level block at a time, a heading's inlines as soon as its block is
// closed. A link reference definition below a heading changes how the heading reads: such a
// text is read whole, as cmark-gfm reads it, and the title is the link's text.
TEST(ParsePlan, AHeadingReadsWithTheLinkDefinitionsBelowIt) {
  const Source src("tasks.md",
                   "# Tasks\n\n## Phase 1 - [Setup][s]\n\n- [ ] Task 1: a\n\n## Phase 2 - Runs\n\n"
                   "- [ ] Task 2: b\n\n[s]: https://example.com/setup\n");
  const auto plan = parse_plan(src);
  ASSERT_EQ(plan.value->sections.size(), 3u);
  EXPECT_EQ(plan.value->sections[1].title, "Phase 1 - Setup");
  ASSERT_EQ(plan.value->phases.size(), 2u);
  EXPECT_EQ(plan.value->phases[0].name, "Setup");
  EXPECT_EQ(plan.value->tasks[0].phase, std::optional<std::size_t>(0));
}

// A heading read early (no link definition anywhere) reads as it would at the end: emphasis,
// code and links give their text; and blocks on both sides of a 64 KiB feed read the same.
TEST(ParsePlan, HeadingsAndTasksReadTheSameAcrossFeeds) {
  std::string text = "# Tasks\n\n";
  for (int p = 1; p <= 400; ++p) {
    text += "## Phase " + std::to_string(p) + " - *Sweep* `" + std::to_string(p) +
            "` [docs](https://example.com)\n";
    for (int t = 1; t <= 3; ++t) {
      text += "- [ ] [P" + std::to_string(p) + "-T" + std::to_string(t) +
              "] Run the sweep point | done-when: ok\r\n  and it goes on\n";
    }
    text += "\n";
  }
  ASSERT_GT(text.size(), std::size_t{1} << 16);  // more than one feed
  const Source src("tasks.md", text);
  const auto plan = parse_plan(src);
  ASSERT_EQ(plan.value->phases.size(), 400u);
  ASSERT_EQ(plan.value->tasks.size(), 1200u);
  for (std::size_t p = 0; p < 400; ++p) {
    const std::string n = std::to_string(p + 1);
    EXPECT_EQ(plan.value->sections[p + 1].title, "Phase " + n + " - Sweep " + n + " docs");
    const Task& t = plan.value->tasks[p * 3 + 2];
    EXPECT_EQ(t.id, "P" + n + "-T3");
    EXPECT_EQ(t.phase, std::optional<std::size_t>(p));
    EXPECT_EQ(t.title, "Run the sweep point");
    EXPECT_EQ(t.text, "[P" + n + "-T3] Run the sweep point | done-when: ok and it goes on");
    EXPECT_EQ(src.text(t.box_span), "[ ]");
  }
}

TEST(ParsePlan, ReadsTheBoxFromTheSourceNotFromCmark) {
  const auto p = parse("- [ ] see [x] below\n");
  ASSERT_EQ(p.plan.tasks.size(), 1u);
  EXPECT_EQ(p.plan.tasks[0].status, Status::Todo);
}

TEST(ParsePlan, MapsEveryDefaultStatus) {
  const auto p = parse("- [ ] a\n- [x] b\n- [X] c\n- [/] d\n- [-] e\n- [!] f\n- [+] g\n");
  const Status want[] = {Status::Todo,      Status::Done,    Status::Done, Status::InProgress,
                         Status::Cancelled, Status::Blocked, Status::Other};
  ASSERT_EQ(p.plan.tasks.size(), 7u);
  for (std::size_t i = 0; i < 7; ++i) EXPECT_EQ(p.plan.tasks[i].status, want[i]) << i;
  ASSERT_EQ(p.diagnostics.size(), 1u);
  EXPECT_EQ(p.diagnostics[0].rule, "task-unknown-status");
  EXPECT_EQ(p.diagnostics[0].severity, Severity::Warning);
  EXPECT_EQ(p.diagnostics[0].begin, (SourcePos{7, 3}));
  EXPECT_EQ(p.diagnostics[0].end, (SourcePos{7, 6}));
}

TEST(ParsePlan, TheStatusMapIsOneTable) {
  ParseOptions options;
  options.statuses.set('-', Status::InProgress);  // Kiro
  const Source src("tasks.md", "- [-] a\n");
  EXPECT_EQ(parse_plan(src, {}, options).value->tasks[0].status, Status::InProgress);
}

TEST(ParsePlan, LettersAndDigitsAreNotBoxes) {
  const auto p = parse("- [P] tasks = different files\n- [1] Title\n- [ ] real\n");
  ASSERT_EQ(p.plan.tasks.size(), 1u);
  EXPECT_EQ(p.plan.tasks[0].title, "real");
}

TEST(ParsePlan, IgnoresItemsInCodeAndHtml) {
  const auto p = parse(
      "```markdown\n- [ ] in a fence\n```\n\n    - [ ] indented code\n\n"
      "<div>\n- [ ] in html\n</div>\n\n<!--\n- [ ] in a comment\n-->\n\n- [ ] real\n");
  ASSERT_EQ(p.plan.tasks.size(), 1u);
  EXPECT_EQ(p.plan.tasks[0].title, "real");
}

TEST(ParsePlan, CountsItemsInBlockQuotes) {
  const auto p = parse("> - [x] quoted\n> - [ ] too\n");
  ASSERT_EQ(p.plan.tasks.size(), 2u);
  EXPECT_EQ(p.plan.tasks[0].pos, (SourcePos{1, 3}));
  EXPECT_EQ(p.src.text(p.plan.tasks[0].box_span), "[x]");
}

TEST(ParsePlan, NestsChildrenUnderTheirParents) {
  const auto p =
      parse("- [ ] a\n  - [x] a.1\n    - [ ] a.1.1\n  - plain\n    - [ ] a.2\n- [ ] b\n");
  ASSERT_EQ(p.plan.tasks.size(), 5u);
  EXPECT_EQ(p.plan.tasks[0].children, (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(p.plan.tasks[2].parent, 1u);
  EXPECT_EQ(p.plan.tasks[2].depth, 2);
  EXPECT_EQ(p.plan.tasks[3].parent, 0u);  // through a plain item
  EXPECT_EQ(p.plan.tasks[3].depth, 1);
  EXPECT_FALSE(p.plan.tasks[4].parent);
}

TEST(ParsePlan, InfersKiroParentsFromNumbering) {
  const auto p = parse("- [x] 1. Setup\n- [x] 1.1 Models\n- [ ]* 1.2 Tests\n- [ ] 2. Next\n");
  ASSERT_EQ(p.plan.tasks.size(), 4u);
  EXPECT_EQ(p.plan.tasks[1].parent, 0u);
  EXPECT_EQ(p.plan.tasks[2].parent, 0u);
  EXPECT_TRUE(p.plan.tasks[2].optional);
  EXPECT_EQ(p.plan.tasks[2].id, "1.2");
  EXPECT_EQ(p.plan.tasks[0].children, (std::vector<std::size_t>{1, 2}));
  EXPECT_FALSE(p.plan.tasks[3].parent);
}

TEST(ParsePlan, ReadsPhases) {
  const auto p = parse(
      "# Tasks\n## Phase 1 - Setup\n- [x] [P1-T1] a | deliverable: x | done-when: y\n"
      "### Details\n- [ ] [P1-T2] b\n## Phase 2: Runs\n- [ ] [P2-T1] c\n## Notes\n- [ ] d\n");
  ASSERT_EQ(p.plan.phases.size(), 2u);
  EXPECT_EQ(p.plan.phases[0].number, "1");
  EXPECT_EQ(p.plan.phases[0].name, "Setup");
  EXPECT_EQ(p.plan.phases[1].name, "Runs");
  ASSERT_EQ(p.plan.tasks.size(), 4u);
  EXPECT_EQ(p.plan.tasks[0].phase, 0u);
  EXPECT_EQ(p.plan.tasks[1].phase, 0u);  // a sub-heading keeps the phase
  EXPECT_EQ(p.plan.tasks[2].phase, 1u);
  EXPECT_FALSE(p.plan.tasks[3].phase);  // a sibling heading ends it
  EXPECT_EQ(p.plan.tasks[0].fields.size(), 2u);
  EXPECT_EQ(p.plan.tasks[0].id, "P1-T1");
}

TEST(ParsePlan, KeepsCrlfSpansExact) {
  const auto p = parse("# T\r\n- [ ] Task 1: a\r\n- [x] Task 2: b\r\n");
  ASSERT_EQ(p.plan.tasks.size(), 2u);
  EXPECT_EQ(p.src.text(p.plan.tasks[1].line_span), "- [x] Task 2: b");
  EXPECT_EQ(p.src.text(p.plan.tasks[1].box_span), "[x]");
  EXPECT_EQ(p.plan.tasks[1].pos, (SourcePos{3, 1}));
}

TEST(ParsePlan, KeepsSpansExactAfterABom) {
  const auto p = parse("\xEF\xBB\xBF- [ ] a\n- [x] b");
  ASSERT_EQ(p.plan.tasks.size(), 2u);
  EXPECT_EQ(p.plan.tasks[0].box_span, (Span{5, 8}));
  EXPECT_EQ(p.plan.tasks[0].pos, (SourcePos{1, 4}));
  EXPECT_EQ(p.src.text(p.plan.tasks[1].box_span), "[x]");
  EXPECT_EQ(p.plan.tasks[1].text, "b");
}

TEST(ParsePlan, KeepsColumnsTrueAfterNulBytes) {
  const auto p = parse(std::string("> \0\0 x\n- [x] a\0b\n- [ ] c\n", 24));
  ASSERT_EQ(p.plan.tasks.size(), 2u);
  EXPECT_EQ(p.src.text(p.plan.tasks[0].box_span), "[x]");
  EXPECT_EQ(p.plan.tasks[0].text, std::string("a\0b", 3));
}

TEST(ParsePlan, ParsesARangeWithPositionsInTheWholeSource) {
  const Source src("reply.txt", "noise\n<plan>\n- [ ] Task 1: a\n</plan>\n");
  const auto parsed = parse_plan(src, Span{12, 29});
  ASSERT_EQ(parsed.value->tasks.size(), 1u);
  EXPECT_EQ(parsed.value->tasks[0].pos, (SourcePos{3, 1}));
  EXPECT_EQ(src.text(parsed.value->tasks[0].box_span), "[ ]");
}

TEST(ParsePlan, JoinsContinuationLinesIntoTheTitle) {
  const auto p = parse("- [ ] Defer apply until\n  the repo is linked\n  - [ ] child\n");
  ASSERT_EQ(p.plan.tasks.size(), 2u);
  EXPECT_EQ(p.plan.tasks[0].title, "Defer apply until the repo is linked");
}

TEST(ParsePlan, OrderedListBoxes) {
  const auto p = parse("1. [x] first\n2. [ ] second\n");
  ASSERT_EQ(p.plan.tasks.size(), 2u);
  EXPECT_EQ(p.plan.tasks[0].status, Status::Done);
}

TEST(ParsePlan, AnEmptyItemIsATaskWithNoText) {
  const auto p = parse("- [ ]\n- [x] \n");
  ASSERT_EQ(p.plan.tasks.size(), 2u);
  EXPECT_EQ(p.plan.tasks[0].text, "");
  EXPECT_EQ(p.plan.tasks[1].title, "");
}

TEST(ParsePlan, CountsNoTaskInACodeBlock) {
  const Source src("x", "- [ ] a\n  - [x] b\n```\n- [ ] c\n```\n> - [/] d\n");
  EXPECT_EQ(parse_plan(src).value->tasks.size(), 3u);
}

TEST(ParsePlan, SurvivesDeepNesting) {
  std::string deep;
  for (int i = 0; i < 2000; ++i)
    deep += std::string(static_cast<std::size_t>(2 * i), ' ') + "- [ ] t\n";
  const auto p = parse(deep);
  EXPECT_GT(p.plan.tasks.size(), 0u);
  std::string quotes(5000, '>');
  EXPECT_NO_THROW(parse(quotes + " - [ ] q\n"));
}

}  // namespace
}  // namespace wildplan
