// The built binary on what counts as the agent's words: --prompt, --input-format, transcripts
// and extra tags, through every command that reads a reply (extract, parse, validate, diff).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.hpp"

namespace wildplan {
namespace {

using test::run_cli;

std::string fixture(const std::string& path) {
  return "'" + (test::kSourceDir / "fixtures" / path).string() + "'";
}

const std::string kIteration = fixture("echo-signals/iteration-echo-then-signals.txt");
const std::string kIterationPrompt = fixture("echo-signals/iteration-prompt.txt");
const std::string kReflectionStop = fixture("echo-signals/reflection-echo-stop.txt");
const std::string kReflectionPrompt = fixture("echo-signals/reflection-prompt.txt");
const std::string kCodexExec = fixture("transcripts/codex-exec-signals.jsonl");
const std::string kClaudeCut = fixture("transcripts/claude-stream-truncated-unicode.jsonl");
const std::string kPlanAscii = fixture("transcripts/plan-ascii.md");

TEST(ReplyCli, ExtractWithThePromptReportsTheEcho) {
  const auto r = run_cli("extract --json --prompt " + kReflectionPrompt + " " + kReflectionStop);
  EXPECT_EQ(r.exit_code, 1);  // no plan in a reflection
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["prompt"], true);
  EXPECT_EQ(doc["signals"]["continue"], false);
  EXPECT_EQ(doc["signals"]["memories"], nullptr);
  int echoed = 0;
  for (const auto& b : doc["blocks"]) echoed += b["echoed"].get<bool>();
  EXPECT_EQ(echoed, 4);
}

TEST(ReplyCli, ExtractTagPrintsTheAgentsSignalNotThePrompts) {
  auto r = run_cli("extract --tag promise " + kIteration);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "WAITING\n");
  r = run_cli("extract --tag summary --prompt " + kIterationPrompt + " " + kIteration);
  EXPECT_EQ(r.out,
            "Finished the tokenizer cache (Task 3) and queued three learning-rate runs in a new "
            "sweep.\n");
  // Plan diagnostics are not news when a signal is asked for; the notes on examples are.
  EXPECT_EQ(r.err.find("plan-missing"), std::string::npos);
  EXPECT_NE(r.err.find("[tag-echoed]"), std::string::npos);
  // Only the prompt's examples: no signal, and the last line says why there is none.
  r = run_cli("extract --tag promise " + fixture("echo-signals/iteration-echo-no-signals.txt"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(r.err.ends_with("wildplan: error: no <promise> block in the reply is the agent's "
                              "own (the notes say why)\n"))
      << r.err;
}

TEST(ReplyCli, AMissingPromptIsExitTwoNamingIt) {
  const auto r = run_cli("extract --prompt no-such-prompt.txt " + kIteration);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wildplan: error: cannot open 'no-such-prompt.txt': No such file or directory\n");
}

TEST(ReplyCli, ExtractReadsATranscriptByItsLines) {
  const auto r = run_cli("extract " + kClaudeCut);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, test::read_file(test::kSourceDir / "fixtures/transcripts/plan-unicode.md"));
  EXPECT_NE(r.err.find("claude-stream-truncated-unicode.jsonl:14: warning: line 14 is not JSON "
                       "(a stream cut off?): it is skipped, the other lines are read "
                       "[transcript-line-invalid]\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("claude-stream-truncated-unicode.jsonl:10: text 3:1 (<plan> block 1 of "
                       "1, 6 tasks, rule last-closed-with-tasks)"),
            std::string::npos)
      << r.err;
}

TEST(ReplyCli, ATranscriptOnStandardInputReadsTheSame) {
  const auto r = run_cli("extract --json -", test::read_file(test::kSourceDir /
                                                             "fixtures/transcripts/"
                                                             "opencode-run-json.jsonl"));
  EXPECT_EQ(r.exit_code, 0);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["format"], "opencode-run");
  EXPECT_EQ(doc["signals"]["promise"], "WAITING");
  EXPECT_EQ(doc["blocks"][0]["open"]["line"], 5);  // the JSON line
  EXPECT_EQ(doc["blocks"][0]["open"]["text_line"], 3);
}

TEST(ReplyCli, InputFormatTextReadsTheJsonAsText) {
  const auto r = run_cli("extract --input-format text " + kCodexExec);
  EXPECT_EQ(r.exit_code, 1);  // the <plan> strings are inside JSON strings, on one line each
  EXPECT_NE(r.err.find("[plan-missing]"), std::string::npos);
}

TEST(ReplyCli, AnUnknownShapeIsExitOneListingTheKnownOnes) {
  const auto r = run_cli("extract -", "{\"level\":\"info\",\"msg\":\"<plan>\"}\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("<stdin>: error: JSON lines of no known shape: wildplan reads Claude Code "
                       "(and Amp) stream-json"),
            std::string::npos)
      << r.err;
}

TEST(ReplyCli, ParseReplyTakesATranscriptAndThePrompt) {
  auto r = run_cli("parse --reply " + kCodexExec);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("codex-exec-signals.jsonl:12: text 3:1 (rule last-closed-with-tasks)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("6 tasks: 6 todo"), std::string::npos);
  EXPECT_NE(r.err.find("codex-exec-signals.jsonl:4: text 4:1: note: placeholder <plan>"),
            std::string::npos)
      << r.err;
  r = run_cli("parse --reply --prompt " + kIterationPrompt + " " + kIteration);
  EXPECT_EQ(r.exit_code, 1);  // no plan in that reply
  EXPECT_NE(r.err.find("[tag-echoed]"), std::string::npos);
}

TEST(ReplyCli, ReplyFlagsWithoutAReplyAreUsageErrors) {
  EXPECT_EQ(run_cli("parse --prompt p.txt " + kPlanAscii).exit_code, 2);
  EXPECT_EQ(run_cli("validate --input-format jsonl " + kPlanAscii).exit_code, 2);
  EXPECT_EQ(run_cli("diff --prompt p.txt " + kPlanAscii + " " + kPlanAscii).exit_code, 2);
  EXPECT_EQ(run_cli("extract --input-format yaml " + kCodexExec).exit_code, 2);
}

TEST(ReplyCli, ValidateAndDiffReadATranscriptsPlan) {
  auto r = run_cli("validate --reply " + kCodexExec + " " + kPlanAscii);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.find("plan-differs"), std::string::npos) << r.out;
  r = run_cli("diff " + kPlanAscii + " --reply " + kCodexExec + " --prompt " + kIterationPrompt);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  r = run_cli("diff " + kPlanAscii + " --reply " + kClaudeCut);
  EXPECT_EQ(r.exit_code, 1);  // the unicode plan words three tasks differently
}

TEST(ReplyCli, ApplyWritesATranscriptsPlanNotItsJson) {
  const auto dir = test::scratch_dir("apply-transcript");
  const auto tasks = (dir / "tasks.md").string();
  const auto r = run_cli("apply --json --reply " + kCodexExec + " --tasks '" + tasks + "'");
  EXPECT_LE(r.exit_code, 1) << r.err;
  EXPECT_EQ(test::read_file(tasks),
            test::read_file(test::kSourceDir / "fixtures/transcripts/plan-ascii.md"));
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["reply"]["line"], 12);  // the JSON line of the answer
  EXPECT_EQ(doc["signals"]["promise"], "DONE");
}

TEST(ReplyCli, ExtraTagsFromTheFlagAndTheConfiguration) {
  const std::string reply = "<evo_sweep>sweep-7</evo_sweep>\n<replan>no</replan>\n";
  auto r = run_cli("extract --json --tag evo_sweep -", reply);
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["signals"]["evo_sweep"], "sweep-7");
  EXPECT_FALSE(doc["signals"].contains("replan"));
  r = run_cli("extract --json --config " + fixture("echo-signals/../transcripts/missing.json") +
                  " -",
              reply);
  EXPECT_EQ(r.exit_code, 2);  // a named configuration that is not there
  const auto dir = test::scratch_dir("extract-config-tags");
  test::write_file(dir / ".wildplan.json", "{\"tags\": [\"replan\", \"evo_sweep\"]}\n");
  test::write_file(dir / "reply.txt", reply);
  r = run_cli("extract --json --config '" + (dir / ".wildplan.json").string() + "' '" +
              (dir / "reply.txt").string() + "'");
  doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["signals"]["replan"], "no");
  EXPECT_EQ(doc["signals"]["evo_sweep"], "sweep-7");
  test::write_file(dir / ".wildplan.json", "{\"tags\": [\"not a tag\"]}\n");
  r = run_cli("extract --json --config '" + (dir / ".wildplan.json").string() + "' -", reply);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("'not a tag' is not a tag name"), std::string::npos) << r.err;
  r = run_cli("extract --tag evo_sweep --tag replan -", reply);
  EXPECT_EQ(r.exit_code, 2);  // one signal at a time without --json
}

}  // namespace
}  // namespace wildplan
