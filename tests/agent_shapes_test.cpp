// Shapes agents and their tools write that a strict CommonMark reading gets wrong (the rows of
// ../shared/cases/agent-shapes/EXPECTED.md, inputs copied into fixtures/parse/): each is read as
// the author meant, and each departure from CommonMark is a diagnostic.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/plan.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;
using test::read_file;

struct ParsedText {
  Source src;
  Plan plan;
  std::vector<Diagnostic> diagnostics;

  std::vector<std::string> rules() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diagnostics) out.push_back(d.rule);
    return out;
  }
};

ParsedText parse(std::string text) {
  Source src("tasks.md", std::move(text));
  auto parsed = parse_plan(src);
  return {std::move(src), std::move(*parsed.value), std::move(parsed.diagnostics)};
}

fs::path fixture(const std::string& name) {
  return test::kSourceDir / "fixtures/parse" / name / "input.md";
}

ParsedText parse_fixture(const std::string& name) { return parse(read_file(fixture(name))); }

std::array<std::size_t, kStatusCount> counts(std::size_t todo, std::size_t done,
                                             std::size_t cancelled) {
  std::array<std::size_t, kStatusCount> c{};
  c[static_cast<int>(Status::Todo)] = todo;
  c[static_cast<int>(Status::Done)] = done;
  c[static_cast<int>(Status::Cancelled)] = cancelled;
  return c;
}

// glued-boxes.md: 5 tasks, 2 done, 1 cancelled, 2 todo; a warning at each of the three glued
// boxes.
TEST(AgentShapes, GluedBoxesAreTasksWithAWarningAtTheBox) {
  const auto p = parse_fixture("glued-boxes");
  ASSERT_EQ(p.plan.tasks.size(), 5u);
  EXPECT_EQ(p.plan.counts(), counts(2, 2, 1));
  const Task& wire = p.plan.tasks[1];
  EXPECT_TRUE(wire.glued);
  EXPECT_EQ(wire.status, Status::Cancelled);
  EXPECT_EQ(wire.id, "2");
  EXPECT_EQ(wire.title, "Wire the repository layer");
  EXPECT_EQ(p.plan.tasks[3].title, "Write the migration");
  EXPECT_FALSE(p.plan.tasks[0].glued);
  EXPECT_FALSE(p.plan.tasks[4].glued);
  ASSERT_EQ(p.diagnostics.size(), 3u);
  const std::uint32_t lines[] = {5, 6, 7};
  for (std::size_t i = 0; i < 3; ++i) {
    const Diagnostic& d = p.diagnostics[i];
    EXPECT_EQ(d.rule, "task-box-glued");
    EXPECT_EQ(d.severity, Severity::Warning);
    EXPECT_EQ(d.begin, (SourcePos{lines[i], 3}));
    EXPECT_EQ(d.end, (SourcePos{lines[i], 6}));
    EXPECT_EQ(d.message,
              "the box must be followed by a space to be a task in other Markdown tools: add one "
              "after ']'");
  }
}

TEST(AgentShapes, AGluedBoxIsNotALinkNorALinkDefinition) {
  const auto p = parse("- [x](https://example.com)\n- [x][ref]\n- [-]: /url\n- [ ]real\n");
  ASSERT_EQ(p.plan.tasks.size(), 1u);
  EXPECT_EQ(p.plan.tasks[0].title, "real");
}

TEST(AgentShapes, CheckingAGluedBoxChangesOnlyItsBoxByte) {
  const std::string original = read_file(fixture("glued-boxes"));
  const fs::path dir = test::scratch_dir("glued-check");
  test::write_file(dir / "tasks.md", original);
  const auto r = test::run_cli("check -f '" + (dir / "tasks.md").string() + "' 3");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string after = read_file(dir / "tasks.md");
  ASSERT_EQ(after.size(), original.size());
  std::vector<std::size_t> differing;
  for (std::size_t i = 0; i < original.size(); ++i) {
    if (after[i] != original[i]) differing.push_back(i);
  }
  const std::size_t box = original.find("- [ ]3.") + 3;
  EXPECT_EQ(differing, std::vector<std::size_t>{box});
  EXPECT_EQ(after[box], 'x');
  // Every glued task keeps its place through a status change and back.
  const auto p = parse(original);
  for (const Task& t : p.plan.tasks) {
    const std::string changed = apply_edits(original, {set_box(t, '!')});
    const auto again = parse(changed);
    ASSERT_EQ(again.plan.tasks.size(), 5u);
    EXPECT_EQ(again.plan.tasks[t.ordinal - 1].status, Status::Blocked);
    EXPECT_EQ(apply_edits(changed, {set_box(again.plan.tasks[t.ordinal - 1], t.box)}), original);
  }
}

}  // namespace
}  // namespace wildplan
