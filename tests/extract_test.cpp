#include "wildplan/extract.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "test_util.hpp"

namespace wildplan {
namespace {

struct Extracted {
  Source src;
  Reply reply;
};

Extracted extract(std::string text) {
  Source src("reply.txt", std::move(text));
  Reply r = extract_reply(src);
  return {std::move(src), std::move(r)};
}

std::vector<std::string> rules(const Reply& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.rule);
  return out;
}

std::string chosen(const Extracted& e) {
  return e.reply.plan_block() ? plan_markdown(e.src, *e.reply.plan_block()) : "<none>";
}

TEST(ExtractPlan, SkipsPlaceholderInsideFenceAndTakesTheRealPlan) {
  const auto e = extract(
      "Output your plan:\n```\n<plan>\n(Copy of the task list you wrote to "
      "tasks.md)\n</plan>\n```\n"
      "Exploring...\n<plan>\n# Tasks\n- [ ] Task 1: real\n</plan>\n");
  ASSERT_EQ(e.reply.blocks.size(), 2u);
  EXPECT_TRUE(e.reply.blocks[0].in_fence);
  EXPECT_TRUE(e.reply.blocks[0].placeholder);
  EXPECT_EQ(e.reply.selected, 1u);
  EXPECT_EQ(e.reply.choice, Choice::LastClosedWithTasks);
  EXPECT_EQ(chosen(e), "# Tasks\n- [ ] Task 1: real\n");
  EXPECT_EQ(rules(e.reply), (std::vector<std::string>{"plan-placeholder"}));
  EXPECT_EQ(e.reply.diagnostics[0].begin, (SourcePos{3, 1}));
}

TEST(ExtractPlan, TakesARealPlanWrappedInAFence) {
  const auto e = extract("```\n<plan>\n- [ ] Task 1: fenced but real\n</plan>\n```\n");
  ASSERT_TRUE(e.reply.plan_block());
  EXPECT_TRUE(e.reply.plan_block()->in_fence);
  EXPECT_EQ(chosen(e), "- [ ] Task 1: fenced but real\n");
}

TEST(ExtractPlan, TakesTheLastOfTwoRealPlans) {
  const auto e = extract("<plan>\n- [ ] old\n</plan>\ntext\n<plan>\n- [ ] new\n</plan>\n");
  EXPECT_EQ(e.reply.selected, 1u);
  EXPECT_EQ(chosen(e), "- [ ] new\n");
  EXPECT_EQ(rules(e.reply), (std::vector<std::string>{"plan-superseded"}));
  EXPECT_EQ(e.reply.diagnostics[0].message, "<plan> block superseded by the one at line 5");
}

TEST(ExtractPlan, PrefersAnEarlierPlanWithTasksOverALaterOneWithout) {
  const auto e = extract("<plan>\n- [ ] a task\n</plan>\n<plan>\nI will plan later.\n</plan>\n");
  EXPECT_EQ(e.reply.selected, 0u);
  EXPECT_EQ(e.reply.choice, Choice::LastClosedWithTasks);
}

TEST(ExtractPlan, FallsBackToTheLastPlanWithoutTasksWithAWarning) {
  const auto e = extract("<plan>\nfirst prose\n</plan>\n<plan>\nsecond prose\n</plan>\n");
  EXPECT_EQ(e.reply.selected, 1u);
  EXPECT_EQ(e.reply.choice, Choice::LastClosedWithoutTasks);
  EXPECT_EQ(rules(e.reply), (std::vector<std::string>{"plan-superseded", "plan-without-tasks"}));
}

TEST(ExtractPlan, ReportsAnUnclosedTagAtItsOpening) {
  const auto e = extract("intro\n  <plan>\n- [ ] Task 1: never closed\n");
  EXPECT_FALSE(e.reply.plan_block());
  ASSERT_EQ(e.reply.blocks.size(), 1u);
  EXPECT_FALSE(e.reply.blocks[0].closed);
  EXPECT_EQ(rules(e.reply), (std::vector<std::string>{"plan-missing", "plan-unclosed"}));
  const auto& unclosed = e.reply.diagnostics[1];
  EXPECT_EQ(unclosed.begin, (SourcePos{2, 3}));
  EXPECT_EQ(unclosed.end, (SourcePos{2, 9}));
  EXPECT_EQ(e.reply.diagnostics[0].message,
            "no closed <plan> block found: print the task list between <plan> and </plan>");
}

TEST(ExtractPlan, ReportsOnlyAPlaceholder) {
  const auto e = extract("```\n<plan>\n(full tasks markdown)\n</plan>\n```\n");
  EXPECT_FALSE(e.reply.plan_block());
  EXPECT_EQ(rules(e.reply), (std::vector<std::string>{"plan-missing", "plan-placeholder"}));
  EXPECT_EQ(e.reply.diagnostics[0].message,
            "only placeholder <plan> blocks found: print the task list between <plan> and </plan>");
}

TEST(ExtractPlan, ReportsNoPlanAtAll) {
  const auto e = extract("just text\n");
  EXPECT_FALSE(e.reply.plan_block());
  EXPECT_EQ(e.reply.choice, Choice::None);
  ASSERT_EQ(rules(e.reply), (std::vector<std::string>{"plan-missing"}));
  EXPECT_EQ(e.reply.diagnostics[0].begin, (SourcePos{0, 0}));
}

TEST(ExtractPlan, ATagInInlineCodeIsAMention) {
  const auto e = extract("Print it in `<plan>` tags, like ``<plan>x</plan>``.\n");
  EXPECT_TRUE(e.reply.blocks.empty());
}

TEST(ExtractPlan, UnmatchedBackticksAreLiteral) {
  const auto e = extract("a ` stray backtick\n<plan>\n- [ ] t\n</plan>\n");
  ASSERT_TRUE(e.reply.plan_block());
}

TEST(ExtractPlan, ACodeSpanEndsAtItsParagraph) {
  const auto e = extract("a `stray\n\n<plan>\n- [ ] t\n</plan> and ` here\n");
  ASSERT_TRUE(e.reply.plan_block());
}

TEST(ExtractPlan, HandlesCrlf) {
  const auto e = extract("x\r\n<plan>\r\n- [ ] Task 1: a\r\n- [x] Task 2: b\r\n</plan>\r\n");
  ASSERT_TRUE(e.reply.plan_block());
  EXPECT_EQ(e.reply.plan_block()->task_count, 2u);
  EXPECT_EQ(chosen(e), "- [ ] Task 1: a\r\n- [x] Task 2: b\r\n");
}

TEST(ExtractPlan, AcceptsUpperCaseTagsWithAttributes) {
  const auto e = extract("<PLAN version=\"2\" final>\n- [ ] a\n</Plan >\n");
  ASSERT_TRUE(e.reply.plan_block());
  EXPECT_EQ(e.reply.plan_block()->open.size(), 24u);
}

TEST(ExtractPlan, AnEmptyBlockIsAPlaceholder) {
  const auto e = extract("<plan></plan>\n<plan>\n  \n</plan>\n");
  EXPECT_FALSE(e.reply.plan_block());
  EXPECT_TRUE(e.reply.blocks[0].placeholder);
  EXPECT_TRUE(e.reply.blocks[1].placeholder);
}

TEST(ExtractPlan, ASingleParenthesisedLineIsAPlaceholder) {
  EXPECT_TRUE(is_placeholder("\n(paste the plan here)\n"));
  EXPECT_TRUE(is_placeholder("<the plan>"));
  EXPECT_TRUE(is_placeholder("{{plan}}"));
  EXPECT_TRUE(is_placeholder("(COPY OF THE TASK LIST YOU WROTE TO TASKS.MD)"));
  EXPECT_FALSE(is_placeholder("- [ ] (a task in parentheses)"));
  EXPECT_FALSE(is_placeholder("(one)\n(two)"));
}

TEST(ExtractPlan, AFenceOpenedInsideThePlanHidesItsCloseTag) {
  const auto e = extract(
      "<plan>\n- [ ] Task 1: document the tags\n```\nexample: <plan>...</plan>\n```\n"
      "- [ ] Task 2: after the fence\n</plan>\n");
  ASSERT_TRUE(e.reply.plan_block());
  EXPECT_EQ(e.reply.plan_block()->task_count, 2u);
  EXPECT_EQ(e.reply.plan_block()->close.begin, e.src.bytes().rfind("</plan>"));
}

TEST(ExtractPlan, ATildeFenceNeedsATildeClose) {
  const auto e = extract("<plan>\n- [ ] a\n~~~\n```\n</plan>\n~~~\n</plan>\n");
  ASSERT_TRUE(e.reply.plan_block());
  EXPECT_EQ(e.reply.plan_block()->close.begin, e.src.bytes().rfind("</plan>"));
}

TEST(ExtractPlan, AnUnclosedFenceRunsToTheEnd) {
  const auto e = extract("<plan>\n- [ ] a\n```\n</plan>\n");
  EXPECT_FALSE(e.reply.plan_block());
  EXPECT_FALSE(e.reply.blocks[0].closed);
}

TEST(ExtractPlan, ASecondOpeningLeavesTheFirstUnclosed) {
  const auto e = extract("<plan>\n<plan>\n- [ ] a\n</plan>\n");
  ASSERT_EQ(e.reply.blocks.size(), 2u);
  EXPECT_FALSE(e.reply.blocks[0].closed);
  EXPECT_EQ(e.reply.selected, 1u);
}

TEST(ExtractPlan, StrayTagFragmentsAreNotTags) {
  const auto e = extract(
      "a <pla\nn b </plan\nsection <planning> <plan\n> </p> <plan/>\n<plan>\n- [ ] a\n</plan>\n");
  ASSERT_EQ(e.reply.blocks.size(), 1u);
  EXPECT_TRUE(e.reply.plan_block());
}

TEST(ExtractPlan, CapsRepeatedDiagnostics) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "<plan>\n";
  const auto e = extract(text);
  EXPECT_EQ(e.reply.blocks.size(), 1000u);
  EXPECT_EQ(std::count_if(e.reply.diagnostics.begin(), e.reply.diagnostics.end(),
                          [](const Diagnostic& d) { return d.rule == "plan-unclosed"; }),
            21);  // 20 listed, one note for the rest
  EXPECT_TRUE(std::any_of(e.reply.diagnostics.begin(), e.reply.diagnostics.end(), [](auto& d) {
    return d.message == "980 more unclosed <plan> tags not listed";
  }));
}

TEST(ExtractSignals, ReadsTheLastClosedBlockOfEachTag) {
  const auto e = extract(
      "```\n<promise>DONE</promise>\n```\n"
      "<summary>\n  Ran the sweep.  \n</summary>\n<promise> waiting </promise>\n"
      "<reflection>lr too high</reflection>\n<continue> Yes </continue>\n"
      "<memories>\n- [Server] runs on :8080\n- no tag\n* [pref]  short runs\nprose\n</memories>\n");
  const Signals& s = e.reply.signals;
  EXPECT_EQ(s.summary, "Ran the sweep.");
  EXPECT_EQ(s.promise, "WAITING");
  EXPECT_EQ(s.reflection, "lr too high");
  EXPECT_EQ(s.continue_, true);
  ASSERT_TRUE(s.memories);
  ASSERT_EQ(s.memories->size(), 3u);
  EXPECT_EQ((*s.memories)[0].tag, "server");  // lower-cased
  EXPECT_EQ((*s.memories)[0].text, "runs on :8080");
  EXPECT_EQ((*s.memories)[1].tag, "general");  // the loop keeps a line without a tag
  EXPECT_EQ((*s.memories)[1].text, "no tag");
  EXPECT_EQ((*s.memories)[2].tag, "pref");
  EXPECT_EQ((*s.memories)[2].text, "short runs");
}

TEST(ExtractSignals, ContinueIsFalseUnlessYesTrueOrOne) {
  for (const char* v : {"no", "false", "0", "maybe"}) {
    const auto e = extract(std::string("<continue>") + v + "</continue>");
    EXPECT_EQ(e.reply.signals.continue_, false) << v;
  }
  for (const char* v : {"yes", "TRUE", "1"}) {
    const auto e = extract(std::string("<continue>") + v + "</continue>");
    EXPECT_EQ(e.reply.signals.continue_, true) << v;
  }
  EXPECT_FALSE(extract("no tag").reply.signals.continue_);
  // An empty block says nothing, as an empty <plan> does: a placeholder, not "no".
  EXPECT_FALSE(extract("<continue></continue>").reply.signals.continue_);
  EXPECT_FALSE(extract("<continue>yes|no</continue>").reply.signals.continue_);
}

TEST(ExtractSignals, ReportsAnUnclosedSignalTag) {
  const auto e = extract("<summary>half");
  EXPECT_FALSE(e.reply.signals.summary);
  ASSERT_EQ(rules(e.reply), (std::vector<std::string>{"plan-missing", "tag-unclosed"}));
}

TEST(ExtractMentions, APlanTagInAProseSentenceIsAMention) {
  // ../shared/cases/agent-shapes/prose-mention.txt, copied to fixtures/extract/prose-mention/.
  const Source src("reply.txt",
                   test::read_file(test::kSourceDir / "fixtures/extract/prose-mention/reply.txt"));
  const Reply r = extract_reply(src);
  ASSERT_TRUE(r.plan_block());
  EXPECT_EQ(src.position(r.plan_block()->open.begin), (SourcePos{4, 1}));
  EXPECT_EQ(r.plan_block()->task_count, 5u);
  ASSERT_EQ(r.diagnostics.size(), 1u);  // at most a note, never plan-unclosed
  EXPECT_EQ(r.diagnostics[0].rule, "tag-mention");
  EXPECT_EQ(r.diagnostics[0].severity, Severity::Note);
  EXPECT_EQ(r.diagnostics[0].begin, (SourcePos{1, 60}));
  EXPECT_EQ(r.diagnostics[0].message,
            "<plan> in a sentence is a mention, not a block: put the tag on a line of its own to "
            "open one");
}

TEST(ExtractMentions, AnUnclosedTagOnALineOfItsOwnIsStillAWarning) {
  const auto e = extract("I will print the list inside <plan> tags.\n<plan>\n- [ ] a\n");
  EXPECT_EQ(rules(e.reply),
            (std::vector<std::string>{"plan-missing", "tag-mention", "plan-unclosed"}));
}

TEST(ExtractMentions, TheRuleAppliesToEveryTag) {
  const auto e = extract(
      "If done, print <promise>DONE</promise> at once.\nList them in <memories> tags, one a "
      "line.\n<promise>WAITING</promise>\n");
  EXPECT_EQ(e.reply.signals.promise, "WAITING");
  EXPECT_FALSE(e.reply.signals.memories);
  EXPECT_EQ(e.reply.blocks.size(), 1u);
  EXPECT_EQ(rules(e.reply),
            (std::vector<std::string>{"plan-missing", "tag-mention", "tag-mention"}));
}

TEST(ExtractMentions, TagsThatStartOrEndTheirLineAreBlocks) {
  const char* blocks[] = {
      "Here is my plan: <plan>\n- [ ] a\n</plan>\n",  // nothing after the tag
      "Status: <promise>DONE</promise>\n",             // nothing after the block
      "<summary>a</summary><promise>DONE</promise>\n",  // right after another tag
      "- <promise>DONE</promise> \n",                   // a list marker is not text
      "> **<promise>DONE</promise>**\n",                // nor a quote marker, nor emphasis
      "1. <promise>DONE</promise>\n",
  };
  for (const char* text : blocks) {
    const auto e = extract(text);
    EXPECT_FALSE(e.reply.blocks.empty()) << text;
    for (const Diagnostic& d : e.reply.diagnostics) EXPECT_NE(d.rule, "tag-mention") << text;
  }
}

TEST(ExtractMentions, AMentionInsideAPlanLeavesThePlanWhole) {
  const auto e = extract(
      "<plan>\n- [ ] Task 1: read the prompt\n- [ ] Task 2: wrap the list in <plan> tags\n"
      "- [ ] Task 3: check the result\n</plan>\n");
  ASSERT_TRUE(e.reply.plan_block());
  EXPECT_EQ(e.reply.blocks.size(), 1u);
  EXPECT_EQ(e.reply.plan_block()->task_count, 3u);
}

TEST(ExtractMentions, AMillionMentionsOnOneLineTakeLinearTime) {
  std::string line;
  for (int i = 0; i < 1000000; ++i) line += "x <plan> y ";
  const auto e = extract(line + "\n<plan>\n- [ ] a\n</plan>\n");
  ASSERT_TRUE(e.reply.plan_block());
  EXPECT_EQ(e.reply.blocks.size(), 1u);
  const auto found = rules(e.reply);
  EXPECT_EQ(std::count(found.begin(), found.end(), "tag-mention"), 21);  // 20, and a note
}

// Selection::ChosenOnly (the Python drop-in's extraction) walks each tag's blocks from the last
// back and makes no diagnostic; the choice must be the whole extraction's.
void expect_same_choice(const std::string& name, const std::string& text,
                        const Source* prompt = nullptr) {
  SCOPED_TRACE(name);
  const Source src("reply.txt", text);
  ExtractOptions options;
  options.prompt = prompt;
  const Reply full = extract_reply(src, options);
  options.selection = Selection::ChosenOnly;
  const Reply quick = extract_reply(src, options);
  EXPECT_EQ(quick.selected, full.selected);
  EXPECT_EQ(quick.choice, full.choice);
  EXPECT_TRUE(quick.signals == full.signals);
  EXPECT_EQ(quick.plan.has_value(), full.plan.has_value());
  if (!quick.transcript) {
    EXPECT_EQ(rules(quick), std::vector<std::string>{});
  }
}

TEST(ChosenOnly, PassesOverAMenuAtTheEndAsTheWholeExtractionDoes) {
  const std::string menu =
      "<promise>WAITING</promise>\n\nWhen done:\n\n```\n<promise>DONE</promise>\n```\n\n"
      "```\n<promise>WAITING</promise>\n```\n\n```\n<promise>BLOCKED</promise>\n```\n";
  expect_same_choice("menu", menu);
  Source src("reply.txt", menu);
  ExtractOptions options;
  options.selection = Selection::ChosenOnly;
  EXPECT_EQ(extract_reply(src, options).signals.promise, "WAITING");
  // The same value in every fence is no menu: the last block is the signal.
  expect_same_choice("no menu",
                     "```\n<promise>DONE</promise>\n```\n\n```\n<promise>DONE</promise>\n```\n");
  // A menu's first block, 7 lines from the one before: a chain of its own.
  expect_same_choice("far apart",
                     "```\n<summary>a</summary>\n```\n\n\n\n\n\n\n\n"
                     "```\n<summary>b</summary>\n```\n```\n<summary>c</summary>\n```\n");
}

TEST(ChosenOnly, AMenuOfFiftyThousandAlternativesIsFoundOnce) {
  std::string text = "<promise>WAITING</promise>\n";
  for (int i = 0; i < 50000; ++i)
    text += i % 2 ? "```\n<promise>A</promise>\n```\n" : "```\n<promise>B</promise>\n```\n";
  const std::clock_t start = std::clock();
  expect_same_choice("menu of 50,000", text);
  EXPECT_LT(test::cpu_seconds_since(start), 5.0);  // linear: well under a second here
}

TEST(ChosenOnly, ChoosesAsTheWholeExtractionOnEveryFixtureRepeatedAndMixed) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> replies;
  std::vector<fs::path> roots = {test::kSourceDir / "fixtures"};
  if (!test::missing_shared(test::kSharedDir / "cases")) {
    roots.push_back(test::kSharedDir / "cases");
    roots.push_back(test::kSharedDir / "corpus" / "outputs");
  }
  for (const fs::path& root : roots) {
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      const std::string ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".txt" || ext == ".jsonl" || ext == ".md") &&
          e.file_size() < 200000) {
        replies.emplace_back(e.path().string(), test::read_file(e.path()));
      }
    }
  }
  ASSERT_GT(replies.size(), 50u);
  std::sort(replies.begin(), replies.end());
  for (std::size_t i = 0; i < replies.size(); ++i) {
    const auto& [name, text] = replies[i];
    expect_same_choice(name, text);
    expect_same_choice(name + " x5", text + "\n" + text + "\n" + text + "\n" + text + "\n" + text);
    const auto& next = replies[(i + 1) % replies.size()];
    expect_same_choice(name + " + " + next.first, text + "\n" + next.second);
  }
  for (const std::string kind : {"iteration", "reflection"}) {  // with the prompt: the echo masked
    const fs::path dir = test::kSourceDir / "fixtures" / "echo-signals";
    const Source prompt("prompt.txt", test::read_file(dir / (kind + "-prompt.txt")));
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string file = e.path().filename().string();
      if (!file.starts_with(kind + "-echo")) continue;
      const std::string text = test::read_file(e.path());
      expect_same_choice(file + " with its prompt", text, &prompt);
      expect_same_choice(file + " x3 with its prompt", text + text + text, &prompt);
    }
  }
}

TEST(PlanMarkdown, TrimsBlankLinesAndKeepsIndentation) {
  const auto e = extract("<plan>  \n\n  - [ ] indented\n\n</plan>");
  EXPECT_EQ(chosen(e), "  - [ ] indented\n");
}

}  // namespace
}  // namespace wildplan
