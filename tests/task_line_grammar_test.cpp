#include "task_line_grammar.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar_test_util.hpp"
#include "parse/task_line.hpp"
#include "test_util.hpp"

namespace wildplan {
namespace {

using test::consumed;
using test::RuleCase;
constexpr auto kNo = std::nullopt;

TEST(TaskLineGrammar, HasNoLeftRecursionOrEmptyLoops) {
  EXPECT_EQ(tao::pegtl::analyze<grammar::task_start>(-1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<grammar::task_text>(-1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<grammar::depends_phrase>(-1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<grammar::phase_heading>(-1), 0u);
}

TEST(TaskLineGrammar, TaskStart) {
  const RuleCase cases[] = {
      {"- [ ] a", 6},
      {"- [x] a", 6},
      {"- [X] a", 6},
      {"* [/] a", 6},
      {"+ [-] a", 6},
      {"- [!] a", 6},
      {"- [~] a", 6},
      {"- [?] a", 6},
      {"1. [ ] a", 7},
      {"12) [x] a", 8},
      {"-\t[ ]\ta", 6},
      {"- [ ]", 5},
      {"- [ ]\n", 5},
      {"- [ ]* 8.5 a", 7},
      {"- [ ]\\* 8.5 a", 8},
      {"- [x]* 2.1", 7},
      {"- [P] tasks", kNo},
      {"- [1] Title", kNo},
      {"- [a] a", kNo},
      {"- [ ]a", 5},  // glued: a task, with a warning
      {"- [-]2. Wire", 5},
      {"- [x]Write", 5},
      {"- [ ]*8.5 a", 5},    // glued to a star that is text, not Kiro's optional mark
      {"- [x](url)", kNo},   // a link
      {"- [x][ref]", kNo},   // a reference link
      {"- [x]: /url", kNo},  // a link reference definition
      {"- [  ] a", kNo},
      {"-[ ] a", kNo},
      {"- ( ) a", kNo},
      {"- [] a", kNo},
      {"1234567890. [ ] a", kNo},  // CommonMark: at most nine digits
  };
  for (const auto& c : cases) {
    EXPECT_EQ(consumed<grammar::task_start>(c.input), c.consumed) << c.input;
  }
}

struct IdCase {
  std::string_view text;
  IdKind kind;
  std::string_view id;
  std::string_view title;
};

TEST(TaskLineGrammar, ReadsEveryIdForm) {
  const IdCase cases[] = {
      {"Task 3: Write the parser", IdKind::Word, "Task 3", "Write the parser"},
      {"Task 2a - Split the file", IdKind::Word, "Task 2a", "Split the file"},
      {"**Task 3**: Bold id", IdKind::Word, "Task 3", "Bold id"},
      {"**Task 1.1**: Create models", IdKind::Word, "Task 1.1", "Create models"},
      {"**Task 4:** Colon inside", IdKind::Word, "Task 4", "Colon inside"},
      {"TASK 5: shouting", IdKind::Word, "Task 5", "shouting"},
      {"Task 6 \xE2\x80\x94 em dash", IdKind::Word, "Task 6", "em dash"},
      {"[P1-T2] Phased id", IdKind::Phased, "P1-T2", "Phased id"},
      {"[P3-T4.1] Phased subtask", IdKind::Phased, "P3-T4.1", "Phased subtask"},
      {"[P2-T2a] Inserted between", IdKind::Phased, "P2-T2a", "Inserted between"},
      {"[P2-T2b.1] Its subtask", IdKind::Phased, "P2-T2b.1", "Its subtask"},
      {"T001 Configure workspaces", IdKind::SpecKit, "T001", "Configure workspaces"},
      {"**T012** [P] bold", IdKind::SpecKit, "T012", "bold"},
      {"1. Project setup", IdKind::Number, "1", "Project setup"},
      {"8.5 Write property test", IdKind::Number, "8.5", "Write property test"},
      {"1.1.1 User model", IdKind::Number, "1.1.1", "User model"},
      {"**FND-01**: Implement graph", IdKind::Key, "FND-01", "Implement graph"},
      {"Task without number", IdKind::None, "", "Task without number"},
      {"Tasks 3: plural is prose", IdKind::None, "", "Tasks 3: plural is prose"},
      {"T1000x is not an id", IdKind::None, "", "T1000x is not an id"},
      {"3 apples", IdKind::None, "", "3 apples"},
      {"2024 plan", IdKind::None, "", "2024 plan"},
      {"[link](http://x) first", IdKind::None, "", "[link](http://x) first"},
  };
  for (const auto& c : cases) {
    const std::string bytes(c.text);
    const detail::TaskLine line = detail::parse_task_line(bytes, {0, bytes.size()});
    EXPECT_EQ(line.id_kind, c.kind) << c.text;
    EXPECT_EQ(line.id, c.id) << c.text;
    EXPECT_EQ(bytes.substr(line.title.begin, line.title.size()), c.title) << c.text;
  }
}

TEST(TaskLineGrammar, ReadsMarkersAfterAndBeforeTheId) {
  const std::string text = "T002 [P] [US1] Create the route";
  const auto line = detail::parse_task_line(text, {0, text.size()});
  EXPECT_EQ(line.markers, (std::vector<std::string>{"P", "US1"}));
  EXPECT_EQ(text.substr(line.title.begin, line.title.size()), "Create the route");
  const std::string before = "[P1] task-001: Preprocess";
  const auto l2 = detail::parse_task_line(before, {0, before.size()});
  EXPECT_EQ(l2.markers, (std::vector<std::string>{"P1"}));
  EXPECT_EQ(before.substr(l2.title.begin, l2.title.size()), "task-001: Preprocess");
}

TEST(TaskLineGrammar, ReadsFieldsWithSpans) {
  const std::string text =
      "[P2-T3] Run baselines | deliverable: results/b.csv | done-when: 3 rows | owner: ana";
  const auto line = detail::parse_task_line(text, {0, text.size()});
  ASSERT_EQ(line.fields.size(), 3u);
  EXPECT_EQ(line.fields[0].key, "deliverable");
  EXPECT_EQ(line.fields[0].value, "results/b.csv");
  EXPECT_EQ(text.substr(line.fields[0].span.begin, line.fields[0].span.size()),
            "deliverable: results/b.csv");
  EXPECT_EQ(line.fields[1].key, "done-when");
  EXPECT_EQ(line.fields[1].value, "3 rows");
  EXPECT_EQ(line.fields[2].value, "ana");
  EXPECT_EQ(text.substr(line.title.begin, line.title.size()), "Run baselines");
}

TEST(TaskLineGrammar, APipeWithoutAKeyStaysInTheTitle) {
  const std::string text = "Compare `a | b` and c | d";
  const auto line = detail::parse_task_line(text, {0, text.size()});
  EXPECT_TRUE(line.fields.empty());
  EXPECT_EQ(text.substr(line.title.begin, line.title.size()), text);
}

TEST(TaskLineGrammar, TaskAndItsNumberAreOneDependency) {
  const std::string field = "Task 4: Plot | depends: Task 2, task 3 and T010";
  EXPECT_EQ(detail::parse_task_line(field, {0, field.size()}).depends,
            (std::vector<std::string>{"Task 2", "task 3", "T010"}));
  const std::string phrase = "Plot it (depends on Task 12)";
  EXPECT_EQ(detail::parse_task_line(phrase, {0, phrase.size()}).depends,
            (std::vector<std::string>{"Task 12"}));
}

TEST(TaskLineGrammar, ReadsDependencies) {
  const std::string phrase = "T014 Wire the API (depends on T012, T013)";
  EXPECT_EQ(detail::parse_task_line(phrase, {0, phrase.size()}).depends,
            (std::vector<std::string>{"T012", "T013"}));
  const std::string field = "Task 4: Plot | depends: Task-2 and 3";
  EXPECT_EQ(detail::parse_task_line(field, {0, field.size()}).depends,
            (std::vector<std::string>{"Task-2", "3"}));
  const std::string none = "Task 5: (see notes)";
  EXPECT_TRUE(detail::parse_task_line(none, {0, none.size()}).depends.empty());
}

TEST(TaskLineGrammar, ReadsPhaseHeadings) {
  auto p = detail::parse_phase_heading("Phase 2 - Experiment Design and Baselines");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->number, "2");
  EXPECT_EQ(p->name, "Experiment Design and Baselines");
  p = detail::parse_phase_heading("Phase 3: User Story 1 (Priority: P1)");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->number, "3");
  EXPECT_EQ(p->name, "User Story 1 (Priority: P1)");
  p = detail::parse_phase_heading("PHASE 10");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->number, "10");
  EXPECT_EQ(p->name, "");
  EXPECT_FALSE(detail::parse_phase_heading("Phases of the moon"));
  EXPECT_FALSE(detail::parse_phase_heading("Phase two"));
  EXPECT_FALSE(detail::parse_phase_heading("Phase 2b"));
}

}  // namespace
}  // namespace wildplan

namespace wildplan {
namespace {

// fuzz/task_line, a timeout: every blank of a run looked ahead over the rest of the run for a
// field's bar, so a line of blanks took time quadratic in its length (4,000 blanks: 134 ms).
TEST(TaskLineGrammar, FuzzTimeout9bbd7d3cLongBlankRunsAreLinear) {
  const std::string found = test::read_file(std::string(WILDPLAN_SOURCE_DIR) +
                                            "/fixtures/fuzz/task_line-timeout-9bbd7d3c");
  const auto parsed = detail::parse_task_line(found, {0, found.size()});
  EXPECT_LE(parsed.title.end, found.size());

  const std::string text = "Run baselines" + std::string(1'000'000, ' ') + "| done-when: 3 rows" +
                           std::string(1'000'000, '\t') + "| owner: ana";
  const std::clock_t start = std::clock();
  const auto line = detail::parse_task_line(text, {0, text.size()});
  // A guard against the quadratic time coming back (it would take hours), not a benchmark.
  EXPECT_LT(test::cpu_seconds_since(start), 5.0);
  EXPECT_EQ(text.substr(line.title.begin, line.title.size()), "Run baselines");
  ASSERT_EQ(line.fields.size(), 2u);
  EXPECT_EQ(line.fields[0].value, "3 rows");
  EXPECT_EQ(text.substr(line.fields[0].span.begin, line.fields[0].span.size()),
            "done-when: 3 rows");
  EXPECT_EQ(line.fields[1].value, "ana");
}

}  // namespace
}  // namespace wildplan
