#include "wildplan/render.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <span>

#include "test_util.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/rules.hpp"

namespace wildplan {
namespace {

TEST(EscapeForTerminal, EscapesControlsBidiAndInvalidUtf8) {
  EXPECT_EQ(escape_for_terminal("plain \xC3\xA9 text"), "plain \xC3\xA9 text");
  EXPECT_EQ(escape_for_terminal("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(escape_for_terminal("\x1b]8;;http://x\x07link"), "\\x1b]8;;http://x\\x07link");
  EXPECT_EQ(escape_for_terminal("a\bb\rc\nd"), "a\\x08b\\rc\\nd");
  EXPECT_EQ(escape_for_terminal("\xE2\x80\xAE"
                                "evil"),
            "\\u202eevil");
  EXPECT_EQ(escape_for_terminal("\xC2\x9B"
                                "csi"),
            "\\u009bcsi");
  EXPECT_EQ(escape_for_terminal("\xFF\xC0\x80"), "\\xff\\xc0\\x80");
  EXPECT_EQ(escape_for_terminal(std::string("nul\0", 4)), "nul\\x00");
}

// Every byte value, at every place in a run of text, is seen.
TEST(EscapeForTerminal, EveryByteAtEveryOffsetOfAWord) {
  for (int b = 0; b < 256; ++b) {
    const std::string alone = escape_for_terminal(std::string(1, static_cast<char>(b)));
    for (std::size_t at = 0; at < 16; ++at) {
      std::string text(24, 'a');
      text[at] = static_cast<char>(b);
      const std::string want = std::string(at, 'a') + alone + std::string(23 - at, 'a');
      ASSERT_EQ(escape_for_terminal(text), want) << "byte " << b << " at " << at;
    }
  }
}

TEST(RenderDiagnostic, CutsALongLineAroundTheCaret) {
  std::string line = "- [ ] Task 1: ";
  line += std::string(300, 'a') + "TARGET" + std::string(300, 'b');
  const Source src("tasks.md", line + "\n");
  Diagnostic d;
  d.file = "tasks.md";
  d.begin = {1, 315};
  d.end = {1, 321};
  d.severity = Severity::Warning;
  d.rule = "r";
  d.message = "m";
  const std::string out = render_diagnostic(&src, d);
  // 40 bytes of context before the caret, 160 shown, "..." on each side that was cut.
  const std::string shown = std::string(40, 'a') + "TARGET" + std::string(114, 'b');
  EXPECT_EQ(out, "tasks.md:1:315: warning: m [r]\n 1 | ..." + shown + "...\n   |    " +
                     std::string(40, ' ') + "^~~~~~\n");
}

TEST(RenderDiagnostic, ShowsAShortLineWhole) {
  const Source src("tasks.md", "- [ ] Task 1: short\n");
  Diagnostic d;
  d.file = "tasks.md";
  d.begin = d.end = {1, 7};
  d.rule = "r";
  d.message = "m";
  EXPECT_EQ(render_diagnostic(&src, d),
            "tasks.md:1:7: error: m [r]\n 1 | - [ ] Task 1: short\n   |       ^\n");
}

TEST(RenderDiagnostic, NeverCutsACharacterInTwo) {
  std::string line;
  for (int i = 0; i < 200; ++i) line += "\xC3\xA9";  // é, two bytes each
  const Source src("tasks.md", line);
  Diagnostic d;
  d.file = "tasks.md";
  d.begin = d.end = {1, 201};
  d.rule = "r";
  d.message = "m";
  const std::string out = render_diagnostic(&src, d);
  const std::size_t bar = out.find(" | ...");
  ASSERT_NE(bar, std::string::npos) << out;
  const std::string shown = out.substr(bar + 6, out.find("...\n", bar + 6) - bar - 6);
  ASSERT_FALSE(shown.empty());
  EXPECT_EQ(shown.size() % 2, 0u);
  EXPECT_EQ(static_cast<unsigned char>(shown[0]), 0xC3u) << out;
}

TEST(RenderDiagnostic, TwentyDiagnosticsOnA100MbLinePrintKilobytes) {
  // Regression: each diagnostic printed its whole source line (2 GB for these twenty).
  const std::string line(std::size_t{100} << 20, 'x');
  const Source src("reply.txt", line);
  std::vector<Diagnostic> ds;
  for (std::uint32_t i = 0; i < 20; ++i) {
    Diagnostic d;
    d.file = "reply.txt";
    d.begin = d.end = {1, 1 + i * 5'000'000};
    d.rule = "r";
    d.message = "m";
    ds.push_back(d);
  }
  const std::clock_t start = std::clock();
  std::string out;
  append_diagnostics(out, &src, ds);
  EXPECT_LT(out.size(), 20u * 400u);
  EXPECT_LT(test::cpu_seconds_since(start), 1.0);
}

TEST(RenderDiagnostic, ManyAtOnceEqualOneByOne) {
  // CR line ends before the diagnostics' lines, among them (lone and CRLF), and none: where a
  // CR ends a line, lines are looked up, not followed.
  std::string text = "# Tasks\r\n", lf = "# Tasks\n", mixed = "# Tasks\n";
  for (int i = 0; i < 300; ++i) {
    const std::string line = "- [ ] Task 1: the \x1b[31msame\tthing " + std::to_string(i % 7);
    text += line + "\n";
    lf += line + "\n";
    mixed += line + (i % 10 == 3 ? "\r" : i % 10 == 7 ? "\r\n" : "\n");
  }
  for (const std::string& bytes : {text, lf, mixed}) {
    const Source src("tasks.md", bytes);
    const auto parsed = parse_plan(src);
    const Validation v = validate(test::document(src));
    ASSERT_GT(v.diagnostics.size(), 290u);
    std::string one_by_one, at_once;
    for (const Diagnostic& d : v.diagnostics) one_by_one += render_diagnostic(&src, d);
    append_diagnostics(at_once, &src, v.diagnostics);
    EXPECT_EQ(at_once, one_by_one);
    // and from the middle on, as the second half of a long list is rendered
    const std::span<const Diagnostic> all(v.diagnostics);
    std::string tail, tail_one_by_one;
    append_diagnostics(tail, &src, all.subspan(150));
    for (const Diagnostic& d : all.subspan(150)) tail_one_by_one += render_diagnostic(&src, d);
    EXPECT_EQ(tail, tail_one_by_one);
  }
}

TEST(RenderDiagnostic, PrintsLocationSourceLineAndCaret) {
  const Source src("tasks.md", "# T\n- [+] Task 3: write the parser\n");
  const Diagnostic d = make_diagnostic(src, {6, 9}, Severity::Warning, "task-unknown-status",
                                       "unknown status '[+]'");
  EXPECT_EQ(render_diagnostic(&src, d),
            "tasks.md:2:3: warning: unknown status '[+]' [task-unknown-status]\n"
            " 2 | - [+] Task 3: write the parser\n"
            "   |   ^~~\n");
}

TEST(RenderDiagnostic, WholeFileDiagnosticsHaveNoPosition) {
  Diagnostic d;
  d.file = "reply.txt";
  d.rule = "plan-missing";
  d.message = "no <plan> block found";
  EXPECT_EQ(render_diagnostic(nullptr, d),
            "reply.txt: error: no <plan> block found [plan-missing]\n");
}

TEST(RenderDiagnostic, EscapesTheSourceLineAndKeepsTheCaretAligned) {
  const Source src("t.md", "\x1b[2J- [?] x\n");
  const Diagnostic d = make_diagnostic(src, {6, 9}, Severity::Warning, "r", "m");
  EXPECT_EQ(render_diagnostic(&src, d),
            "t.md:1:7: warning: m [r]\n"
            " 1 | \\x1b[2J- [?] x\n"
            "   |          ^~~\n");
}

TEST(RenderDiagnostic, ColorsOnlyWhenAsked) {
  const Source src("t.md", "x\n");
  const Diagnostic d = make_diagnostic(src, {0, 1}, Severity::Error, "r", "m");
  EXPECT_EQ(render_diagnostic(&src, d).find('\x1b'), std::string::npos);
  EXPECT_NE(render_diagnostic(&src, d, {true}).find("\x1b[1;31merror"), std::string::npos);
}

TEST(PlanJson, IsValidJsonForAnyBytes) {
  static constexpr char kText[] = "- [ ] bad \xFF utf8 \0 nul \"q\" \\ \x01\n";
  const Source src("t.md", std::string(kText, sizeof kText - 1));
  const std::string json = plan_to_json(test::document(src));
  const auto doc = nlohmann::json::parse(json);  // throws on invalid JSON or UTF-8
  static constexpr char kWant[] = "bad \xEF\xBF\xBD utf8 \0 nul \"q\" \\ \x01";
  EXPECT_EQ(doc["tasks"][0]["text"], std::string(kWant, sizeof kWant - 1));
}

TEST(PlanJson, PutsVersionFirstAndKeepsKeyOrder) {
  const Source src("t.md", "# T\n## Phase 1 - A\n- [x] [P1-T1] a | done-when: b\n");
  const auto doc = nlohmann::ordered_json::parse(plan_to_json(test::document(src)));
  std::vector<std::string> keys;
  for (auto it = doc.begin(); it != doc.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{"version", "kind", "file", "title", "front_matter",
                                      "sections", "phases", "tasks", "counts", "diagnostics"}));
  EXPECT_EQ(doc["version"], 1);
  const auto& t = doc["tasks"][0];
  EXPECT_EQ(t["id"], "P1-T1");
  EXPECT_EQ(t["status"], "done");
  EXPECT_EQ(t["phase"], "1");
  EXPECT_EQ(t["fields"][0]["key"], "done-when");
  EXPECT_EQ(t["box_span"], nlohmann::ordered_json::array({21, 24}));
  EXPECT_EQ(doc["counts"]["total"], 1);
  EXPECT_EQ(doc["counts"]["done"], 1);
}

TEST(ReplyJson, NamesTheChoiceAndTheBlocks) {
  const Source src("r.txt",
                   "```\n<plan>\n(full tasks markdown)\n</plan>\n```\n<plan>\n- [ ] a\n</plan>\n");
  const Reply r = extract_reply(src);
  const auto doc = nlohmann::ordered_json::parse(reply_to_json(r));
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["selected"], 1);
  EXPECT_EQ(doc["rule"], "last-closed-with-tasks");
  EXPECT_EQ(doc["blocks"][0]["placeholder"], true);
  EXPECT_EQ(doc["blocks"][0]["in_fence"], true);
  EXPECT_EQ(doc["blocks"][1]["tasks"], 1);
  EXPECT_EQ(doc["blocks"][1]["open"]["line"], 6);
  EXPECT_EQ(doc["plan"], "- [ ] a\n");
  EXPECT_EQ(doc["diagnostics"][0]["rule"], "plan-placeholder");
}

}  // namespace
}  // namespace wildplan
