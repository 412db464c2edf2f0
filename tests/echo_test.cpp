// Signals only from what the agent said: every row of fixtures/echo-signals/EXPECTED.md (copied
// from ../shared/cases/echo-signals/), with the prompt and without it; the echo finder; the
// signal policy's placeholders, menus and examples.
#include <gtest/gtest.h>

#include <ctime>

#include "extract/echo.hpp"
#include "test_util.hpp"
#include "wildplan/extract.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;
using test::read_file;

const fs::path kDir = test::kSourceDir / "fixtures/echo-signals";

struct Extracted {
  std::unique_ptr<Source> src, prompt;
  Reply reply;
};

Extracted extract(std::string reply, const std::string* prompt = nullptr,
                  std::vector<std::string> tags = {}) {
  Extracted e;
  e.src = std::make_unique<Source>("reply.txt", std::move(reply));
  ExtractOptions o;
  if (prompt) {
    e.prompt = std::make_unique<Source>("prompt.txt", *prompt);
    o.prompt = e.prompt.get();
  }
  o.tags = std::move(tags);
  e.reply = extract_reply(*e.src, o);
  return e;
}

std::vector<std::string> rules(const Reply& r, Severity at_least = Severity::Note) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) {
    if (d.severity >= at_least) out.push_back(d.rule);
  }
  return out;
}

bool has_rule(const Reply& r, std::string_view rule) {
  for (const auto& d : r.diagnostics) {
    if (d.rule == rule) return true;
  }
  return false;
}

/// A row, with the prompt (true) and without it (false).
class EchoRow : public testing::TestWithParam<bool> {
 protected:
  Extracted run(const char* reply, const char* prompt) {
    prompt_ = read_file(kDir / prompt);
    return extract(read_file(kDir / reply), GetParam() ? &prompt_ : nullptr);
  }
  std::string prompt_;
};

TEST_P(EchoRow, IterationEchoWithoutSignalsHasNone) {
  const auto e = run("iteration-echo-no-signals.txt", "iteration-prompt.txt");
  EXPECT_FALSE(e.reply.signals.summary);  // not the prompt's placeholder sentence
  EXPECT_FALSE(e.reply.signals.promise);  // not WAITING, the last of the prompt's menu
  EXPECT_FALSE(e.reply.signals.reflection);
  EXPECT_FALSE(e.reply.signals.continue_);
  EXPECT_FALSE(e.reply.signals.memories);
  EXPECT_FALSE(has_rule(e.reply, "signal-from-example"));
}

TEST_P(EchoRow, IterationEchoThenSignalsTakesTheAgentsOwn) {
  const auto e = run("iteration-echo-then-signals.txt", "iteration-prompt.txt");
  EXPECT_EQ(e.reply.signals.summary,
            "Finished the tokenizer cache (Task 3) and queued three learning-rate runs in a new "
            "sweep.");
  EXPECT_EQ(e.reply.signals.promise, "WAITING");
  EXPECT_FALSE(e.reply.signals.reflection);
  EXPECT_FALSE(e.reply.signals.continue_);
  EXPECT_FALSE(e.reply.signals.memories);
  EXPECT_FALSE(has_rule(e.reply, "signal-from-example"));
}

TEST_P(EchoRow, ReflectionEchoStopHasNoSampleLessons) {
  const auto e = run("reflection-echo-stop.txt", "reflection-prompt.txt");
  EXPECT_FALSE(e.reply.signals.summary);
  EXPECT_FALSE(e.reply.signals.promise);
  ASSERT_TRUE(e.reply.signals.reflection);
  EXPECT_TRUE(e.reply.signals.reflection->starts_with("The classifier reaches 91.2%"));
  EXPECT_TRUE(e.reply.signals.reflection->ends_with("which is not worth another day."));
  EXPECT_EQ(e.reply.signals.continue_, false);
  EXPECT_FALSE(e.reply.signals.memories);  // none of the three sample lessons
}

TEST_P(EchoRow, ReflectionEchoContinueTakesTheAgentsMemories) {
  const auto e = run("reflection-echo-continue-memories.txt", "reflection-prompt.txt");
  EXPECT_EQ(e.reply.signals.reflection,
            "Accuracy is 88.4%, short of the 90% target; the class imbalance is the likely cause.");
  EXPECT_EQ(e.reply.signals.continue_, true);
  ASSERT_TRUE(e.reply.signals.memories);
  ASSERT_EQ(e.reply.signals.memories->size(), 2u);
  EXPECT_EQ((*e.reply.signals.memories)[0].tag, "gotcha");
  EXPECT_EQ((*e.reply.signals.memories)[0].text,
            "The review scores are skewed 4:1 toward positive; stratify every split");
  EXPECT_EQ((*e.reply.signals.memories)[1].tag, "general");
  EXPECT_EQ((*e.reply.signals.memories)[1].text,
            "Re-weighting the loss helped more than oversampling");
}

TEST_P(EchoRow, EveryBlockOfThePromptIsReported) {
  const auto e = run("reflection-echo-stop.txt", "reflection-prompt.txt");
  // The prompt's reflection, two continues and memories: each passed over with a note.
  std::size_t passed_over = 0;
  for (const Block& b : e.reply.blocks) {
    const bool example = GetParam() ? b.echoed : (b.placeholder || b.example);
    passed_over += example;
    if (example) {
      EXPECT_LT(b.open.begin, e.src->bytes().find("Only list memories"));
    }
  }
  EXPECT_EQ(passed_over, 4u);
  const auto notes = rules(e.reply);
  EXPECT_EQ(std::count(notes.begin(), notes.end(), GetParam() ? "tag-echoed" : "tag-example"),
            GetParam() ? 4 : 3);
}

INSTANTIATE_TEST_SUITE_P(Expected, EchoRow, testing::Bool(),
                         [](const testing::TestParamInfo<bool>& info) {
                           return info.param ? "WithPrompt" : "WithoutPrompt";
                         });

TEST(Echo, TheEchoNoteNamesTheStretch) {
  const std::string prompt = read_file(kDir / "iteration-prompt.txt");
  const auto e = extract(read_file(kDir / "iteration-echo-no-signals.txt"), &prompt);
  ASSERT_TRUE(has_rule(e.reply, "tag-echoed"));
  for (const Diagnostic& d : e.reply.diagnostics) {
    if (d.rule != "tag-echoed") continue;
    EXPECT_EQ(d.severity, Severity::Note);
    EXPECT_NE(d.message.find("in the echo of the prompt (lines 1-36 repeat the prompt's lines "
                             "1-36): not a signal"),
              std::string::npos)
        << d.message;
  }
}

TEST(Echo, ToleratesCrlfAndTrailingBlanks) {
  const std::string prompt = read_file(kDir / "iteration-prompt.txt");
  std::string reply;
  for (const char c : read_file(kDir / "iteration-echo-no-signals.txt")) {
    if (c == '\n') reply += "  \r";
    reply += c;
  }
  const auto e = extract(reply, &prompt);
  std::size_t echoed = 0;
  for (const Block& b : e.reply.blocks) echoed += b.echoed;
  EXPECT_EQ(echoed, 3u);
}

TEST(Echo, APrefixOfThePromptCutMidLineIsAnEcho) {
  const std::string prompt = read_file(kDir / "reflection-prompt.txt");
  // A tool printed the prompt's first 28 lines and half of the 29th, then the agent answered.
  const std::size_t cut = prompt.find("- [convention]") + 8;
  const auto e = extract(prompt.substr(0, cut) + "\n\nMy answer.\n<continue>no</continue>\n",
                         &prompt);
  EXPECT_EQ(e.reply.signals.continue_, false);
  EXPECT_FALSE(e.reply.signals.memories);  // opened in the echo, never closed by the answer
  EXPECT_FALSE(has_rule(e.reply, "tag-unclosed"));
}

TEST(Echo, AStretchFromTheMiddleOfThePromptIsAnEcho) {
  const std::string prompt = read_file(kDir / "iteration-prompt.txt");
  const std::size_t from = prompt.find("## Output Format");
  const auto e = extract("Quoting the instructions:\n\n" + prompt.substr(from) + "\nDone.\n", &prompt);
  EXPECT_FALSE(e.reply.signals.summary);
  EXPECT_FALSE(e.reply.signals.promise);
  for (const Block& b : e.reply.blocks) EXPECT_TRUE(b.echoed);
}

TEST(Echo, OneRepeatedLineIsNotAnEcho) {
  const std::string prompt = read_file(kDir / "iteration-prompt.txt");
  const auto e = extract("Waiting on the runs.\n\n```\n<promise>WAITING</promise>\n```\n", &prompt);
  EXPECT_EQ(e.reply.signals.promise, "WAITING");
  EXPECT_FALSE(has_rule(e.reply, "signal-from-example"));  // the prompt was given
}

TEST(Echo, APromptTheReplyDoesNotEchoChangesNothing) {
  const std::string reply = read_file(kDir / "iteration-echo-then-signals.txt");
  const std::string other = "An unrelated prompt.\nWith <plan> in it.\n";
  const auto with = extract(reply, &other);
  const auto without = extract(reply);
  EXPECT_EQ(with.reply.signals.summary, without.reply.signals.summary);
  EXPECT_EQ(with.reply.signals.promise, without.reply.signals.promise);
  EXPECT_EQ(with.reply.blocks.size(), without.reply.blocks.size());
  for (const Block& b : with.reply.blocks) EXPECT_FALSE(b.echoed);
}

TEST(Echo, APlanInTheEchoIsNotThePlan) {
  const std::string prompt =
      "Plan the work.\nPrint the plan in tags, exactly like this example:\n\n<plan>\n# Tasks\n"
      "- [ ] Task 1: Explore the repository and its tests\n</plan>\n\nThen stop.\n";
  const auto e = extract(prompt + "\nI explored it.\n<plan>\n- [ ] Task 1: Real\n</plan>\n",
                         &prompt);
  ASSERT_TRUE(e.reply.plan_block());
  EXPECT_EQ(e.reply.selected, 1u);
  EXPECT_TRUE(e.reply.blocks[0].echoed);
  EXPECT_EQ(rules(e.reply), (std::vector<std::string>{"tag-echoed"}));
  // Only the echo holds a plan: said so.
  const auto only = extract(prompt, &prompt);
  EXPECT_FALSE(only.reply.plan_block());
  EXPECT_EQ(only.reply.diagnostics[0].message,
            "only the echo of the prompt holds <plan> blocks: print the task list between <plan> "
            "and </plan>");
}

TEST(Echo, TheAgentsOwnGoalLineIsNotAnEcho) {
  // An answer repeats the prompt's goal sentence inside its plan: one line, not an echo.
  const std::string prompt = "## Goal\n\nTrain a small classifier on the reviews data set.\n";
  const auto e = extract(
      "<plan>\n## Goal\nTrain a small classifier on the reviews data set.\n- [ ] Task 1: x\n"
      "</plan>\n",
      &prompt);
  ASSERT_TRUE(e.reply.plan_block());
  EXPECT_FALSE(e.reply.plan_block()->echoed);
}

TEST(Echo, IsLinearInReplyAndPrompt) {
  // A prompt of many distinct lines, a reply that repeats one of them before a million tags: the
  // finder answers each tag's line from the hash of its line, never by searching.
  std::string prompt;
  for (int i = 0; i < 2000; ++i) prompt += "line " + std::to_string(i) + " of the prompt\n";
  prompt += "<promise>DONE</promise>\n";
  std::string reply;
  for (int i = 0; i < 200000; ++i) reply += "<promise>DONE</promise>\nline 7 of the prompt\n";
  const std::clock_t t0 = std::clock();
  const auto e = extract(reply, &prompt);
  EXPECT_EQ(e.reply.blocks.size(), 200000u);
  EXPECT_LT(test::cpu_seconds_since(t0), 5.0);  // quadratic would be hours
}

TEST(EchoFinder, GivesUpOnRepeatsBuiltToCostTime) {
  std::string prompt;
  for (int i = 0; i < 500; ++i) prompt += "same line of the prompt\n";
  detail::EchoFinder f(prompt);
  std::string reply;
  for (int i = 0; i < 20000; ++i) reply += "same line of the prompt\n";
  std::size_t found = 0;
  for (std::size_t at = 0; at < reply.size(); at += 24 * 501) found += f.find(reply, at) != nullptr;
  EXPECT_GT(found, 0u);
  EXPECT_TRUE(f.gave_up());
}

// The signal policy without the prompt: placeholders, menus, examples, and warnings.

TEST(SignalPolicy, InstructionalTextIsAPlaceholder) {
  for (const char* body : {"A short paragraph on what you did", "One paragraph describing it",
                           "Your reflection here, covering the points above.",
                           "(what you did)", "<what you did>", "...", "TBD"}) {
    const auto e = extract(std::string("<summary>") + body + "</summary>\n");
    EXPECT_FALSE(e.reply.signals.summary) << body;
    EXPECT_TRUE(has_rule(e.reply, "tag-placeholder")) << body;
  }
  for (const char* body : {"Finished Task 3 and queued the runs.", "I stopped here.",
                           "Accuracy is up; more data would help here"}) {
    EXPECT_EQ(extract(std::string("<summary>") + body + "</summary>\n").reply.signals.summary,
              body);
  }
}

TEST(SignalPolicy, AMenuInOneBlockIsAPlaceholder) {
  EXPECT_FALSE(extract("<promise>DONE|WAITING</promise>").reply.signals.promise);
  EXPECT_FALSE(extract("<promise>DONE or WAITING</promise>").reply.signals.promise);
  EXPECT_FALSE(extract("<continue>yes/no</continue>").reply.signals.continue_);
  EXPECT_EQ(extract("<promise>done</promise>").reply.signals.promise, "DONE");
}

TEST(SignalPolicy, AMenuOfFencedAlternativesIsAnExample) {
  const auto e = extract(
      "Say how it went.\n\n```\n<promise>DONE</promise>\n```\n\n```\n<promise>WAITING</promise>\n"
      "```\n");
  EXPECT_FALSE(e.reply.signals.promise);
  EXPECT_TRUE(e.reply.blocks[0].example);
  EXPECT_TRUE(e.reply.blocks[1].example);
}

TEST(SignalPolicy, AFencedSignalUnderAnInstructionIsAnExample) {
  const auto e = extract("If you are done, print:\n\n```\n<promise>DONE</promise>\n```\n");
  EXPECT_FALSE(e.reply.signals.promise);
  EXPECT_TRUE(e.reply.blocks[0].example);
}

TEST(SignalPolicy, AFencedSignalIsTakenWithAWarningThatNamesPrompt) {
  const auto e = extract("All tasks are checked.\n\n```\n<promise>DONE</promise>\n```\n");
  EXPECT_EQ(e.reply.signals.promise, "DONE");
  ASSERT_EQ(rules(e.reply, Severity::Warning),
            (std::vector<std::string>{"plan-missing", "signal-from-example"}));
  const Diagnostic& d = e.reply.diagnostics.back();
  EXPECT_EQ(d.begin, (SourcePos{4, 1}));
  EXPECT_EQ(d.message,
            "<promise> is taken from a fenced block, which may be the prompt's example: pass "
            "--prompt with the prompt the loop sent so that its echo is known");
  // With the prompt given, the echo is known: no doubt left to report.
  const std::string prompt = "Unrelated prompt text.\n";
  const auto with = extract("All tasks are checked.\n\n```\n<promise>DONE</promise>\n```\n",
                            &prompt);
  EXPECT_FALSE(has_rule(with.reply, "signal-from-example"));
}

TEST(SignalPolicy, ASignalBesideAPlaceholderIsTakenWithAWarning) {
  const auto e = extract(
      "## Output Format\n\n<summary>One paragraph describing what you accomplished</summary>\n"
      "<promise>WAITING</promise>\n");
  EXPECT_FALSE(e.reply.signals.summary);
  EXPECT_EQ(e.reply.signals.promise, "WAITING");
  EXPECT_TRUE(has_rule(e.reply, "signal-from-example"));
}

TEST(SignalPolicy, AnyTagIsReadByTheSameRules) {
  const auto e = extract(
      "```\n<evo_sweep>(the sweep id)</evo_sweep>\n```\nprint <replan>yes</replan> if needed\n"
      "<EVO_SWEEP id=\"2\">sweep-42</EVO_SWEEP>\n<other>x</other>\n",
      nullptr, {"evo_sweep", "replan", "Human_Signal", "plan", "bad name"});
  ASSERT_EQ(e.reply.other_tags, (std::vector<std::string>{"evo_sweep", "replan", "human_signal"}));
  ASSERT_EQ(e.reply.signals.others.size(), 3u);
  EXPECT_EQ(e.reply.signals.others[0].first, "evo_sweep");
  EXPECT_EQ(e.reply.signals.others[0].second, "sweep-42");
  EXPECT_FALSE(e.reply.signals.others[1].second);  // a mention in a sentence
  EXPECT_FALSE(e.reply.signals.others[2].second);
  EXPECT_TRUE(has_rule(e.reply, "tag-mention"));
  EXPECT_TRUE(has_rule(e.reply, "tag-placeholder"));
  EXPECT_EQ(e.reply.tag_name(e.reply.blocks[0]), "evo_sweep");
}

}  // namespace
}  // namespace wildplan
