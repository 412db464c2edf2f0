// A <plan> whose whole body is one fenced code block: the plan is inside the fence.
#include <gtest/gtest.h>

#include "test_util.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/plan.hpp"

namespace wildplan {
namespace {

struct Chosen {
  std::string markdown;
  int tasks = -1;
  std::vector<std::string> rules;
};

Chosen choose(const std::string& text) {
  const Source src("reply.txt", text);
  const Reply r = extract_reply(src);
  Chosen c;
  for (const auto& d : r.diagnostics) c.rules.push_back(d.rule);
  if (!r.plan_block()) return c;
  c.markdown = plan_markdown(src, *r.plan_block());
  c.tasks = static_cast<int>(r.plan->plan.tasks.size());
  return c;
}

TEST(FencedPlan, TheContentOfAFenceThatIsTheWholeBodyIsThePlan) {
  const auto c = choose(
      "I wrote it.\n<plan>\n```markdown\n# Tasks\n- [ ] Task 1: a\n- [ ] Task 2: "
      "b\n```\n</plan>\n");
  EXPECT_EQ(c.markdown, "# Tasks\n- [ ] Task 1: a\n- [ ] Task 2: b\n");
  EXPECT_EQ(c.tasks, 2);
  EXPECT_EQ(c.rules, std::vector<std::string>{"plan-fence"});
}

TEST(FencedPlan, TildesBlankLinesIndentationAndCrlf) {
  EXPECT_EQ(choose("<plan>\n\n  ~~~~\n- [ ] Task 1: a\n~~~~~  \n\n</plan>").markdown,
            "- [ ] Task 1: a\n");
  EXPECT_EQ(choose("<plan>\r\n```md\r\n- [ ] Task 1: a\r\n- [ ] Task 2: b\r\n```\r\n</plan>\r\n")
                .markdown,
            "- [ ] Task 1: a\r\n- [ ] Task 2: b\r\n");
}

TEST(FencedPlan, AFenceInsideThePlanIsKept) {
  // A fence that closes before the end, text before it, two fences: each is part of the plan.
  for (const std::string body : {
           "```\n- [ ] Task 1: a\n```\n- [ ] Task 2: b\n",
           "- [ ] Task 1: a\n```\nexample\n```\n",
           "```\n- [ ] Task 1: a\n```\n\n```\nmore\n```\n",
       }) {
    const Source src("reply.txt", "<plan>\n" + body + "</plan>\n");
    const Reply r = extract_reply(src);
    ASSERT_TRUE(r.plan_block()) << body;
    EXPECT_FALSE(fenced_plan(src, r.plan_block()->body)) << body;
    EXPECT_EQ(plan_body(src, *r.plan_block()), r.plan_block()->body) << body;
  }
}

TEST(FencedPlan, TheNotePointsAtTheFence) {
  const Source src("reply.txt", "text\n<plan>\n  ```markdown\n- [ ] Task 1: a\n  ```\n</plan>\n");
  const Reply r = extract_reply(src);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::Note);
  EXPECT_EQ(r.diagnostics[0].begin, (SourcePos{3, 1}));
  EXPECT_EQ(r.diagnostics[0].end, (SourcePos{3, 14}));
}

TEST(FencedPlan, APlaceholderInAFenceIsStillAPlaceholder) {
  const auto c = choose(
      "<plan>\n```\n(Copy of the task list you wrote to tasks.md)\n```\n</plan>\n"
      "<plan>\n- [ ] Task 1: real\n</plan>\n");
  EXPECT_EQ(c.markdown, "- [ ] Task 1: real\n");
  EXPECT_EQ(c.rules, std::vector<std::string>{"plan-placeholder"});
}

TEST(FencedPlan, ParseReplyAndExtractReadTheInsideToo) {
  const std::string reply =
      (test::kSourceDir / "fixtures/apply/iterations/reply-fenced-plan-body.txt").string();
  auto r = test::run_cli("parse --reply --json '" + reply + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"total\": 6"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"line\": 14, \"column\": 1"), std::string::npos);  // reply positions
  r = test::run_cli("extract '" + reply + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("# Tasks\n\n## Goal\n")) << r.out;
  EXPECT_NE(r.err.find("[plan-fence]"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace wildplan
