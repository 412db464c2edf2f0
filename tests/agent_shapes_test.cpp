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

// template-indent-leak.md: 5 tasks, 2 done, 3 todo (the file says "2/5"); the first item,
// indented by two tabs, is a task of the list below it, with a warning at its line.
TEST(AgentShapes, AnIndentedFirstItemJoinsTheListBelowIt) {
  const auto p = parse_fixture("template-indent-leak");
  ASSERT_EQ(p.plan.tasks.size(), 5u);
  EXPECT_EQ(p.plan.counts(), counts(3, 2, 0));
  const Task& first = p.plan.tasks[0];
  EXPECT_TRUE(first.indented_as_code);
  EXPECT_EQ(first.title, "Read the design note");
  EXPECT_EQ(first.status, Status::Done);
  EXPECT_EQ(first.pos, (SourcePos{7, 3}));
  EXPECT_EQ(first.depth, 0);
  EXPECT_EQ(p.src.text(first.item), "- [x] Read the design note");
  EXPECT_FALSE(p.plan.tasks[1].indented_as_code);
  EXPECT_EQ(p.plan.tasks[1].title, "Sketch the cache interface");
  ASSERT_EQ(p.diagnostics.size(), 1u);
  const Diagnostic& d = p.diagnostics[0];
  EXPECT_EQ(d.rule, "task-indented-as-code");
  EXPECT_EQ(d.severity, Severity::Warning);
  EXPECT_EQ(d.begin, (SourcePos{7, 1}));  // the indentation
  EXPECT_EQ(d.end, (SourcePos{7, 3}));
  // The rest of the indented block stays code: no heading "TASK LIST UPDATE".
  EXPECT_TRUE(p.plan.sections.empty());
}

TEST(AgentShapes, IndentedFirstItemsInEveryIndentationAndContainer) {
  EXPECT_EQ(parse("    - [ ] a\n- [ ] b\n").plan.tasks.size(), 2u);  // spaces
  EXPECT_EQ(parse("\t- [ ] a\n- [ ] b\n").plan.tasks.size(), 2u);    // one tab
  EXPECT_EQ(parse("1. [x] z\n\n      1. [ ] a\n2. [ ] b\n").plan.tasks.size(), 3u);
  EXPECT_EQ(parse("    - [ ] a\r\n- [ ] b\r\n").plan.tasks.size(), 2u);  // CRLF
  const auto quoted = parse("> \t\t- [x] a\n> - [ ] b\n");               // in a block quote
  ASSERT_EQ(quoted.plan.tasks.size(), 2u);
  EXPECT_EQ(quoted.src.text(quoted.plan.tasks[0].item), "- [x] a");
  const auto nested = parse("- [ ] parent\n\n          - [x] a\n  - [ ] b\n");  // in an item
  ASSERT_EQ(nested.plan.tasks.size(), 3u);
  EXPECT_EQ(nested.plan.tasks[1].parent, 0u);
  EXPECT_EQ(nested.plan.tasks[2].parent, 0u);
  // Ordinals stay in file order, and the glued reading applies too.
  const auto glued = parse("    - [x]a\n- [ ] b\n");
  ASSERT_EQ(glued.plan.tasks.size(), 2u);
  EXPECT_TRUE(glued.plan.tasks[0].glued);
  EXPECT_EQ(glued.rules(), (std::vector<std::string>{"task-indented-as-code", "task-box-glued"}));
}

// A genuine indented code block stays code: set off by a blank line, followed by something
// else than a list of the same kind, or holding no task line at its end.
TEST(AgentShapes, GenuineIndentedCodeStaysCode) {
  const char* const cases[] = {
      "    - [ ] example\n\n- [ ] real\n",              // a blank line sets the example off
      "    - [ ] example\n    \n- [ ] real\n",          // a blank line of spaces too
      "> \t\t- [ ] example\n>\n> - [ ] real\n",         // and a blank quoted line
      "    - [ ] example\n* [ ] real\n",                // another bullet: another list
      "    1. [ ] example\n1) [ ] real\n",              // another delimiter
      "    1. [ ] example\n- [ ] real\n",               // ordered before bullets
      "    - [ ] example\n- not a task\n- [ ] real\n",  // the list's first item is no task
      "    - [ ] example\nsome text\n- [ ] real\n",     // text, not a list, follows it
      "    $ wildplan add x\n- [ ] real\n",             // the code's last line is no task
      "    - [P] tasks = files\n- [ ] real\n",          // nor is a letter in brackets
      "```\n- [ ] example\n```\n- [ ] real\n",          // fenced code is always an example
      "~~~\n- [ ] example\n~~~\n- [ ] real\n",
      "-     [ ] x\n- [ ] real\n",  // an item holding code, as before
  };
  for (const char* text : cases) {
    const auto p = parse(text);
    ASSERT_EQ(p.plan.tasks.size(), 1u) << text;
    EXPECT_EQ(p.plan.tasks[0].title, "real") << text;
    EXPECT_TRUE(p.diagnostics.empty()) << text;
  }
  // Only the code's last line joins the list; the lines before it stay code.
  const auto two = parse("    - [ ] a\n    - [ ] b\n- [ ] c\n");
  ASSERT_EQ(two.plan.tasks.size(), 2u);
  EXPECT_EQ(two.plan.tasks[0].title, "b");
}

TEST(AgentShapes, EditsOnAnIndentedFirstItemAreByteExact) {
  const std::string original = read_file(fixture("template-indent-leak"));
  const Source src("tasks.md", original);
  const Plan plan = *parse_plan(src).value;
  const std::string unchecked = apply_edits(original, {set_box(plan.tasks[0], ' ')});
  EXPECT_EQ(unchecked, std::string(original).replace(original.find("[x] Read"), 3, "[ ]"));
  // A task added after it takes the list's indentation (none), not the template's tabs.
  Placement after_first;
  after_first.after = 0;
  const NewTask added = add_task(src, plan, "Measure the hit rate", after_first);
  EXPECT_EQ(added.edit.text, "- [ ] Measure the hit rate\n");
  const auto after = parse(apply_edits(original, {added.edit}));
  ASSERT_EQ(after.plan.tasks.size(), 6u);
  EXPECT_EQ(after.plan.tasks[1].title, "Measure the hit rate");
}

// front-matter.md: no section titled by the YAML; the title is "Tasks", `## Tasks` is found,
// 3 tasks; parse --json carries the front matter's raw text and span.
TEST(AgentShapes, FrontMatterIsKeptApartFromTheSections) {
  const auto p = parse_fixture("front-matter");
  EXPECT_EQ(p.plan.title, "Tasks");
  ASSERT_EQ(p.plan.sections.size(), 2u);
  EXPECT_EQ(p.plan.sections[0].title, "Tasks");
  EXPECT_EQ(p.plan.sections[0].pos, (SourcePos{7, 1}));
  ASSERT_NE(p.plan.section("tasks"), nullptr);
  EXPECT_EQ(p.plan.tasks.size(), 3u);
  EXPECT_EQ(p.plan.tasks[0].section, 1u);
  ASSERT_TRUE(p.plan.front_matter);
  const FrontMatter& fm = *p.plan.front_matter;
  EXPECT_EQ(fm.text, "title: Cache rework\nstatus: in-progress\nowner: platform\n");
  EXPECT_EQ(p.src.text(fm.span), "---\n" + fm.text + "---\n");
  EXPECT_EQ(p.src.text(fm.body), fm.text);
  EXPECT_EQ(fm.pos, (SourcePos{1, 1}));
  EXPECT_EQ(fm.end_line, 5u);
  ASSERT_EQ(p.diagnostics.size(), 1u);
  EXPECT_EQ(p.diagnostics[0].rule, "front-matter");
  EXPECT_EQ(p.diagnostics[0].severity, Severity::Note);
  EXPECT_EQ(p.diagnostics[0].begin, (SourcePos{1, 1}));
  EXPECT_EQ(p.diagnostics[0].message,
            "lines 1-5 are read as YAML front matter, apart from the Markdown (which would read "
            "a thematic break and text)");
}

TEST(AgentShapes, ParseJsonCarriesTheFrontMatter) {
  const auto r = test::run_cli("parse --json '" + fixture("front-matter").string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["title"], "Tasks");
  const auto& fm = doc["front_matter"];
  EXPECT_EQ(fm["text"], "title: Cache rework\nstatus: in-progress\nowner: platform\n");
  EXPECT_EQ(fm["line"], 1);
  EXPECT_EQ(fm["end_line"], 5);
  EXPECT_EQ(fm["span"], nlohmann::json::array({0, 64}));
  EXPECT_EQ(fm["body"], nlohmann::json::array({4, 60}));
  EXPECT_EQ(doc["sections"].size(), 2u);
  EXPECT_EQ(doc["counts"]["total"], 3);
  EXPECT_EQ(nlohmann::json::parse(test::run_cli("parse --json -", "- [ ] a\n").out)["front_matter"],
            nullptr);
}

TEST(AgentShapes, FrontMatterShapes) {
  // YAML's own end marker, comments, nested values, lists, a BOM, CRLF, no final line end.
  const auto fm = [](const std::string& text) { return parse(text).plan.front_matter; };
  EXPECT_TRUE(fm("---\nk: v\n...\n# T\n"));
  EXPECT_TRUE(fm("---\n# a comment\ntags:\n  - a\n  - b\nlist:\n- x\n\nk: |\n  text\n---\n"));
  EXPECT_TRUE(fm("\xEF\xBB\xBF---\r\nk: v\r\n---\r\n- [ ] a\r\n"));
  EXPECT_TRUE(fm("---\nk: v\n---"));
  EXPECT_TRUE(fm("\n---\nk: v\n---\n"));  // a <plan> body starts with its tag's line end
  const auto crlf = parse("\xEF\xBB\xBF---\r\nk: v\r\n---\r\n- [ ] a\r\n");
  EXPECT_EQ(crlf.plan.front_matter->text, "k: v\r\n");
  ASSERT_EQ(crlf.plan.tasks.size(), 1u);
  EXPECT_EQ(crlf.plan.tasks[0].pos, (SourcePos{4, 1}));
  // Not front matter: a thematic break and Markdown, read as CommonMark reads them.
  EXPECT_FALSE(fm("---\nk: v\n"));                  // never closed
  EXPECT_FALSE(fm("---\nSome intro text\n---\n"));  // prose, no keys
  EXPECT_FALSE(fm("---\n\n# Tasks\n---\n"));        // a heading, no keys
  EXPECT_FALSE(fm("---\n---\n"));                   // two thematic breaks
  EXPECT_FALSE(fm("# Tasks\n---\nk: v\n---\n"));    // not at the start
  EXPECT_FALSE(fm("***\nk: v\n***\n"));
  EXPECT_FALSE(fm("----\nk: v\n----\n"));
  EXPECT_FALSE(fm("  ---\nk: v\n---\n"));
  EXPECT_FALSE(fm("---\nk: v\nintro: text\nA sentence.\n---\n"));
  // Checklist items inside front matter are YAML, not tasks.
  const Source src("x", "---\nk: v\n---\n- [ ] a\n");
  EXPECT_EQ(parse_plan(src).value->tasks.size(), 1u);
}

TEST(AgentShapes, FrontMatterInAPlanBlock) {
  const std::string reply = "<plan>\n---\nk: v\n---\n# Tasks\n- [ ] a\n</plan>\n";
  const Source src("reply.txt", reply);
  const auto parsed = parse_plan(src, Span{6, reply.find("</plan>")});
  ASSERT_TRUE(parsed.value->front_matter);
  EXPECT_EQ(parsed.value->front_matter->pos, (SourcePos{2, 1}));
  EXPECT_EQ(parsed.value->title, "Tasks");
  EXPECT_EQ(parsed.value->tasks.size(), 1u);
}

// The counts each file's author meant, as `status --json` on the built binary reports them.
TEST(AgentShapes, StatusCountsWhatTheAuthorMeant) {
  struct Row {
    const char* file;
    int total, done, cancelled;
  };
  for (const Row& row : {Row{"glued-boxes", 5, 2, 1}, Row{"template-indent-leak", 5, 2, 0},
                         Row{"front-matter", 3, 0, 0}}) {
    const auto r = test::run_cli("status --json -f '" + fixture(row.file).string() + "'");
    ASSERT_EQ(r.exit_code, 0) << row.file << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["total"], row.total) << row.file;
    EXPECT_EQ(doc["done"], row.done) << row.file;
    EXPECT_EQ(doc["cancelled"], row.cancelled) << row.file;
  }
}

}  // namespace
}  // namespace wildplan
