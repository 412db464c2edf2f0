// JSON-lines transcripts: every row of fixtures/transcripts/EXPECTED.md (copied from
// ../shared/cases/transcripts/), the readers one by one, and what a reader must never take.
#include "wildplan/transcript.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "test_util.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;
using test::read_file;

const fs::path kDir = test::kSourceDir / "fixtures/transcripts";

constexpr const char* kAsciiFirst =
    "Task 1: Create a virtual environment with uv and install requirements.txt";
constexpr const char* kAsciiLast =
    "Task 6: Compare the runs and record the best learning rate in RESULTS.md";
constexpr const char* kUnicodeFirst =
    "Task 1: Create a virtual environment with uv \u2014 then install requirements.txt";
constexpr const char* kUnicodeLast =
    "Task 6: Write a r\u00e9sum\u00e9 of the runs \u2014 best rate and accuracy \u2014 to "
    "RESULTS.md";
constexpr const char* kSummary =
    "Read train.py and the ticket data, then wrote a six-task plan with a learning-rate sweep "
    "and one run per rate to .agents/wild/s1/tasks.md.";
constexpr const char* kUnicodeSummary =
    "Read train.py and the tickets (\u2248 400 per label), then wrote a six-task plan \u2014 "
    "na\u00efve Bayes baseline, sweep, runs, r\u00e9sum\u00e9 \u2014 to .agents/wild/s1/tasks.md.";

/// One row of EXPECTED.md's two tables.
struct Row {
  const char* file;
  TranscriptFormat format;
  bool unicode;  // which of the two plans, which first and last task
  const char* summary;
  const char* promise;
  std::uint32_t invalid_line;            // the line that is not JSON, 0: none
  std::uint32_t records;                 // lines (or SSE events) in the file
  std::set<std::uint32_t> answer_lines;  // the lines the answer text comes from
};

void PrintTo(const Row& row, std::ostream* os) { *os << row.file; }

// clang-format off
const Row kRows[] = {
  {"claude-stream-signals.jsonl", TranscriptFormat::ClaudeStream, false, kSummary, "DONE", 0, 9, {3, 8}},
  {"claude-stream-split-nosignals.jsonl", TranscriptFormat::ClaudeStream, false, nullptr, nullptr, 0, 13, {3, 8, 9, 12}},
  {"claude-stream-truncated-unicode.jsonl", TranscriptFormat::ClaudeStream, true, kUnicodeSummary, "WAITING", 14, 14, {10}},
  {"claude-session-signals-split.jsonl", TranscriptFormat::ClaudeSession, false, kSummary, "DONE", 0, 7, {3, 6, 7}},
  {"claude-session-unicode-nosignals.jsonl", TranscriptFormat::ClaudeSession, true, nullptr, nullptr, 0, 8, {8}},
  {"codex-rollout-signals.jsonl", TranscriptFormat::CodexRollout, false, kSummary, "DONE", 0, 14, {13}},
  {"codex-rollout-unicode-nosignals.jsonl", TranscriptFormat::CodexRollout, true, nullptr, nullptr, 0, 15, {14}},
  {"codex-exec-signals.jsonl", TranscriptFormat::CodexExec, false, kSummary, "DONE", 0, 14, {4, 12}},
  {"codex-exec-truncated-unicode.jsonl", TranscriptFormat::CodexExec, true, nullptr, nullptr, 8, 8, {7}},
  {"opencode-events-signals.jsonl", TranscriptFormat::OpenCodeEvents, false, kSummary, "DONE", 0, 16, {13}},
  {"opencode-events-split-nosignals.jsonl", TranscriptFormat::OpenCodeEvents, true, nullptr, nullptr, 0, 18, {13, 15}},
  {"opencode-sse-signals-unicode.txt", TranscriptFormat::OpenCodeEvents, true, kUnicodeSummary, "DONE", 0, 23, {37}},
  {"opencode-run-json.jsonl", TranscriptFormat::OpenCodeRun, false, nullptr, "WAITING", 0, 12, {5, 6, 10}},
};
// clang-format on

class TranscriptCase : public testing::TestWithParam<Row> {
 protected:
  void SetUp() override {
    src_ = std::make_unique<Source>(GetParam().file, read_file(kDir / GetParam().file));
    reply_ = extract_reply(*src_);
  }
  std::unique_ptr<Source> src_;
  Reply reply_;
};

TEST_P(TranscriptCase, IsReadAsItsFormat) {
  const Row& row = GetParam();
  ASSERT_TRUE(reply_.transcript);
  EXPECT_EQ(reply_.transcript->format, row.format);
  EXPECT_EQ(reply_.transcript->sse, std::string_view(row.file).ends_with(".txt"));
  EXPECT_EQ(reply_.transcript->records, row.records);
}

TEST_P(TranscriptCase, ThePlanIsTheAnswersPlanByteForByte) {
  const Row& row = GetParam();
  ASSERT_TRUE(reply_.plan_block());
  const Source& text = reply_.text();
  EXPECT_EQ(plan_markdown(text, *reply_.plan_block()),
            read_file(kDir / (row.unicode ? "plan-unicode.md" : "plan-ascii.md")));
  const auto plan = parse_plan(text, reply_.plan_block()->body);
  ASSERT_EQ(plan.value->tasks.size(), 6u);
  EXPECT_EQ(plan.value->tasks.front().text, row.unicode ? kUnicodeFirst : kAsciiFirst);
  EXPECT_EQ(plan.value->tasks.back().text, row.unicode ? kUnicodeLast : kAsciiLast);
}

TEST_P(TranscriptCase, SignalsComeOnlyFromTheAnswer) {
  const Row& row = GetParam();
  const Signals& s = reply_.signals;
  EXPECT_EQ(s.summary, row.summary ? std::optional<std::string>(row.summary) : std::nullopt);
  EXPECT_EQ(s.promise, row.promise ? std::optional<std::string>(row.promise) : std::nullopt);
  EXPECT_FALSE(s.reflection);
  EXPECT_FALSE(s.continue_);
  EXPECT_FALSE(s.memories);
}

TEST_P(TranscriptCase, TheAnswerTextComesFromTheAnswerLinesOnly) {
  std::set<std::uint32_t> lines;
  for (const TextPiece& p : reply_.transcript->pieces) lines.insert(p.line);
  EXPECT_EQ(lines, GetParam().answer_lines);
}

TEST_P(TranscriptCase, ALineThatIsNotJsonIsNamedAndTheRestIsRead) {
  const Row& row = GetParam();
  std::vector<Diagnostic> invalid;
  for (const Diagnostic& d : reply_.diagnostics) {
    EXPECT_NE(d.severity, Severity::Error) << d.message;
    if (d.rule == "transcript-line-invalid") invalid.push_back(d);
  }
  if (row.invalid_line == 0) {
    EXPECT_TRUE(invalid.empty());
    return;
  }
  ASSERT_EQ(invalid.size(), 1u);
  EXPECT_EQ(invalid[0].begin, (SourcePos{row.invalid_line, 0}));
  EXPECT_EQ(invalid[0].severity, Severity::Warning);
  EXPECT_EQ(invalid[0].message, "line " + std::to_string(row.invalid_line) +
                                    " is not JSON (a stream cut off?): it is skipped, the other "
                                    "lines are read");
}

TEST_P(TranscriptCase, AStreamReadsAsTheFileDoes) {
  std::ifstream in(kDir / GetParam().file, std::ios::binary);
  auto streamed = std::make_shared<const Transcript>(read_transcript(in, GetParam().file));
  EXPECT_EQ(streamed->text.bytes(), reply_.transcript->text.bytes());
  EXPECT_EQ(streamed->records, reply_.transcript->records);
  ExtractOptions options;
  options.transcript = streamed;
  const Reply r = extract_reply(streamed->text, options);
  EXPECT_EQ(reply_to_json(r), reply_to_json(reply_));
}

std::string row_name(const testing::TestParamInfo<Row>& info) {
  std::string name = info.param.file;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Expected, TranscriptCase, testing::ValuesIn(kRows), row_name);

/// extract_reply of `bytes` named `name`; the source lives as long as the test program.
Reply extract_text(const std::string& name, std::string bytes, Source*& keep) {
  static std::vector<std::unique_ptr<Source>> sources;
  sources.push_back(std::make_unique<Source>(name, std::move(bytes)));
  keep = sources.back().get();
  return extract_reply(*keep);
}

TEST(Transcript, DiagnosticsNameTheLineAndThePositionInItsText) {
  Source* src = nullptr;
  const Reply r = extract_text("t.jsonl", read_file(kDir / "codex-exec-signals.jsonl"), src);
  ASSERT_GE(r.diagnostics.size(), 1u);
  const Diagnostic& d = r.diagnostics[0];
  EXPECT_EQ(d.rule, "plan-placeholder");
  EXPECT_EQ(d.begin, (SourcePos{4, 0}));       // the JSON line
  EXPECT_EQ(d.text_begin, (SourcePos{4, 1}));  // line 4 of the agent message's text
  EXPECT_EQ(d.text_end, (SourcePos{4, 7}));
  EXPECT_EQ(render_diagnostic(&r.text(), d),
            "t.jsonl:4: text 4:1: note: placeholder <plan> block ignored (the prompt's own "
            "example, not a plan) [plan-placeholder]\n");
}

TEST(Transcript, BlockPositionsNameTheirLineInTheJson) {
  Source* src = nullptr;
  const Reply r = extract_text("t.jsonl", read_file(kDir / "claude-stream-split-nosignals.jsonl"),
                               src);
  ASSERT_TRUE(r.plan_block());
  const TextOrigin open = r.transcript->origin(r.plan_block()->open.begin);
  const TextOrigin close = r.transcript->origin(r.plan_block()->close.begin);
  EXPECT_EQ(open.line, 8u);
  EXPECT_EQ(open.in_text, (SourcePos{3, 1}));
  EXPECT_EQ(close.line, 9u);  // the plan is split over two content items
  EXPECT_EQ(close.in_text, (SourcePos{4, 1}));
}

TEST(Transcript, ACutLineInTheMiddleIsSkippedAndNamed) {
  const std::string good =
      R"({"type":"item.completed","item":{"id":"a","type":"agent_message","text":"<plan>\n- [ ] Task 1: x\n</plan>"}})";
  Source* src = nullptr;
  const Reply r = extract_text(
      "t.jsonl", "{\"type\":\"thread.started\"}\n{\"type\":\"item.comp\n" + good + "\n", src);
  ASSERT_TRUE(r.plan_block());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].begin, (SourcePos{2, 0}));
  EXPECT_EQ(r.diagnostics[0].rule, "transcript-line-invalid");
}

TEST(Transcript, AnUnknownShapeIsAnErrorListingTheKnownOnes) {
  Source* src = nullptr;
  const Reply r = extract_text("log.jsonl", "{\"level\":\"info\",\"msg\":\"<plan>\"}\n", src);
  EXPECT_FALSE(r.plan_block());
  EXPECT_TRUE(r.blocks.empty());  // never raw JSON read as Markdown
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].rule, "transcript-unknown");
  EXPECT_EQ(r.diagnostics[0].severity, Severity::Error);
  EXPECT_EQ(r.diagnostics[0].message,
            "JSON lines of no known shape: wildplan reads Claude Code (and Amp) stream-json and "
            "session logs, Codex rollout files and `codex exec --json`, OpenCode server events "
            "(JSON lines or SSE) and `opencode run --format json`, Gemini CLI and Cursor CLI "
            "stream-json, GitHub Copilot CLI events; pass --input-format text to read it as "
            "text");
}

TEST(Transcript, TextIsTextUnlessItsFirstLineIsAJsonObject) {
  EXPECT_TRUE(looks_like_json_lines("\n  {\"type\":\"x\"}\nnot json"));
  EXPECT_TRUE(looks_like_json_lines("\xEF\xBB\xBF{}"));
  EXPECT_TRUE(looks_like_json_lines(": keep-alive\nevent: message\ndata: {\"a\":1}\n\n"));
  EXPECT_FALSE(looks_like_json_lines("{{goal}} is the goal\n<plan>\n"));
  EXPECT_FALSE(looks_like_json_lines("[1, 2]\n"));
  EXPECT_FALSE(looks_like_json_lines("data: not json\n"));
  EXPECT_FALSE(looks_like_json_lines("# Tasks\n{\"a\":1}\n"));
  EXPECT_FALSE(looks_like_json_lines(""));
}

TEST(Transcript, TheFormatCanBeForced) {
  const Source src("r.jsonl", "{\"type\":\"thread.started\"}\n<plan>\n- [ ] a\n</plan>\n");
  ExtractOptions text;
  text.format = InputFormat::Text;
  EXPECT_TRUE(extract_reply(src, text).plan_block());
  EXPECT_FALSE(extract_reply(src).plan_block());  // auto: JSON lines, and the tags are in no answer
  const Source md("r.md", "<plan>\n- [ ] a\n</plan>\n");
  ExtractOptions jsonl;
  jsonl.format = InputFormat::JsonLines;
  const Reply r = extract_reply(md, jsonl);
  EXPECT_FALSE(r.plan_block());
  EXPECT_EQ(r.diagnostics.front().rule, "transcript-unknown");
  EXPECT_EQ(r.diagnostics.front().message.substr(0, 24), "no line is a JSON object");
}

TEST(Transcript, ClaudeResultIsTheAnswerOnlyWithoutAssistantLines) {
  // `claude -p --output-format json` prints one result object and nothing else.
  Source* src = nullptr;
  const Reply r = extract_text(
      "r.json",
      R"({"type":"result","subtype":"success","result":"<plan>\n- [ ] Task 1: a\n</plan>\n<promise>DONE</promise>","session_id":"s"})",
      src);
  ASSERT_TRUE(r.plan_block());
  EXPECT_EQ(r.signals.promise, "DONE");
}

TEST(Transcript, ClaudeSubagentsAndErrorsAreNotTheAnswer) {
  const std::string a =
      R"({"type":"assistant","message":{"id":"m1","role":"assistant","content":[{"type":"text","text":"<promise>DONE</promise>"}]},)";
  Source* src = nullptr;
  EXPECT_FALSE(
      extract_text("s.jsonl", a + R"("parent_tool_use_id":"toolu_1","session_id":"s"})", src)
          .signals.promise);
  // A session log whose every record is a sub-agent's is that sub-agent's own log (Claude
  // Code's agent-*.jsonl): its answer is the answer (SubagentLogs in todos_test.cpp). Beside a
  // record of the main agent, a sidechain record is not the answer.
  EXPECT_EQ(extract_text("s.jsonl", a + R"("isSidechain":true,"sessionId":"s"})", src)
                .signals.promise,
            "DONE");
  EXPECT_FALSE(extract_text("s.jsonl",
                            R"({"type":"summary","summary":"t","leafUuid":"x"})"
                            "\n" +
                                a + R"("isSidechain":true,"sessionId":"s"})" + "\n" +
                                R"({"parentUuid":"1","isSidechain":false,"sessionId":"s","type":"user","message":{"role":"user","content":"hi"}})",
                            src)
                   .signals.promise);
  EXPECT_FALSE(extract_text("s.jsonl", a + R"("isApiErrorMessage":true,"sessionId":"s"})", src)
                   .signals.promise);
  EXPECT_EQ(extract_text("s.jsonl", a + R"("parent_tool_use_id":null,"session_id":"s"})", src)
                .signals.promise,
            "DONE");
}

TEST(Transcript, ClaudeDeltasCountOnlyUntilTheirMessageArrives) {
  const std::string start =
      R"({"type":"stream_event","event":{"type":"message_start","message":{"id":"m1"}},"session_id":"s"})";
  const std::string delta =
      R"({"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"<promise>WAITING</promise>"}},"session_id":"s"})";
  const std::string message =
      R"({"type":"assistant","message":{"id":"m1","role":"assistant","content":[{"type":"text","text":"<promise>DONE</promise>"}]},"session_id":"s"})";
  Source* src = nullptr;
  // The message replaces its deltas (read once, not twice) ...
  EXPECT_EQ(extract_text("s.jsonl", start + "\n" + delta + "\n" + message + "\n", src)
                .transcript->text.bytes(),
            "<promise>DONE</promise>");
  // ... and a stream cut off before the message keeps what its deltas said.
  EXPECT_EQ(extract_text("s.jsonl", start + "\n" + delta + "\n", src).signals.promise, "WAITING");
}

TEST(Transcript, OpenCodeRemovedPartsAndUnknownSpeakersAreDropped) {
  const std::string user =
      R"({"type":"message.updated","properties":{"info":{"id":"u","role":"user"}}})";
  const std::string mine =
      R"({"type":"message.updated","properties":{"info":{"id":"a","role":"assistant"}}})";
  auto part = [](const char* msg, const char* id, const char* text) {
    return std::string(R"({"type":"message.part.updated","properties":{"part":{"id":")") + id +
           R"(","messageID":")" + msg + R"(","type":"text","text":")" + text + R"("}}})";
  };
  const std::string removed =
      R"({"type":"message.part.removed","properties":{"messageID":"a","partID":"p2"}})";
  Source* src = nullptr;
  const Reply r = extract_text(
      "e.jsonl",
      user + "\n" + part("u", "p0", "prompt") + "\n" + mine + "\n" + part("a", "p1", "kept") +
          "\n" + part("a", "p2", "dropped") + "\n" + removed + "\n" + part("x", "p3", "whose?") +
          "\n",
      src);
  EXPECT_EQ(r.transcript->text.bytes(), "kept");
}

TEST(Transcript, MessagesAreApartByABlankLine) {
  auto item = [](const char* event, const char* id, const char* text) {
    return std::string(R"({"type":")") + event + R"(","item":{"id":")" + id +
           R"(","type":"agent_message","text":")" + text + R"("}})";
  };
  Source* src = nullptr;
  const Reply r = extract_text(
      "e.jsonl",
      item("item.started", "a", "one") + "\n" +
          item("item.completed", "b", "<plan>\\n- [ ] x\\n</plan>") + "\n" +
          item("item.completed", "a", "ONE") + "\n" + item("item.updated", "a", "late") + "\n",
      src);
  EXPECT_EQ(r.transcript->text.bytes(), "ONE\n\n<plan>\n- [ ] x\n</plan>");  // a's last state
  ASSERT_TRUE(r.plan_block());
}

TEST(Transcript, HostileLinesGiveAResult) {
  const std::string deep(200000, '[');
  std::string nested = "{\"type\":\"item.completed\",\"item\":{\"id\":\"x\",\"deep\":";
  nested += std::string(100000, '[') + std::string(100000, ']') + "}}";
  std::string huge = R"({"type":"item.completed","item":{"id":"h","type":"command_execution",)"
                     R"("aggregated_output":")";
  huge.append(20'000'000, 'x');
  huge += "\"}}";
  const std::string answer =
      R"({"type":"item.completed","item":{"id":"a","type":"agent_message","text":"<promise>DONE</promise>"}})";
  Source* src = nullptr;
  const Reply r = extract_text("h.jsonl",
                               "{\"type\":\"thread.started\"}\n" + deep + "\n" + nested + "\n" +
                                   huge + "\n\x01\xff\xfe\n" + answer + "\n",
                               src);
  EXPECT_EQ(r.signals.promise, "DONE");
  std::vector<std::uint32_t> invalid;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.rule == "transcript-line-invalid") invalid.push_back(d.begin.line);
  }
  EXPECT_EQ(invalid, (std::vector<std::uint32_t>{2, 5}));  // the unclosed nesting, the bytes
}

TEST(Transcript, ManyBadLinesAreSummedUp) {
  std::string text = "{\"type\":\"turn.started\"}\n";
  for (int i = 0; i < 1000; ++i) text += "not json\n";
  Source* src = nullptr;
  const Reply r = extract_text("e.jsonl", std::move(text), src);
  std::size_t invalid = 0;
  for (const Diagnostic& d : r.diagnostics) invalid += d.rule == "transcript-line-invalid";
  EXPECT_EQ(invalid, 21u);  // 20, and a note for the rest
}

}  // namespace
}  // namespace wildplan
