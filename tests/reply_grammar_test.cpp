#include "reply_grammar.hpp"

#include <gtest/gtest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar_test_util.hpp"

namespace wildplan {
namespace {

using test::consumed;
using test::RuleCase;
constexpr auto kNo = std::nullopt;

TEST(ReplyGrammar, HasNoLeftRecursionOrEmptyLoops) {
  EXPECT_EQ(tao::pegtl::analyze<grammar::open_tag>(-1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<grammar::close_tag>(-1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<grammar::fence_open>(-1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<grammar::fence_close>(-1), 0u);
  EXPECT_EQ(tao::pegtl::analyze<grammar::memory_item>(-1), 0u);
}

TEST(ReplyGrammar, OpenTag) {
  const RuleCase cases[] = {
      {"<plan>", 6},
      {"<PLAN>", 6},
      {"<Plan id=\"final\">", 17},
      {"<plan   >", 9},
      {"<plan\tversion=2>rest", 16},
      {"<summary>", 9},
      {"<promise>", 9},
      {"<reflection>", 12},
      {"<continue>", 10},
      {"<memories>", 10},
      {"<plan/>", kNo},  // opens nothing
      {"<plan />", kNo},
      {"<planning>", 10},  // another name: the scanner keeps only the names it is asked for
      {"<plan-v2>", 9},
      {"<evo_sweep>", 11},
      {"<1plan>", kNo},  // a name starts with a letter
      {"<plan\n>", kNo},  // a tag never spans lines
      {"<plan", kNo},
      {"< plan>", kNo},
      {"<pla", kNo},
      {"<plan a=\"x/y\">", 14},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(consumed<grammar::open_tag>(c.input), c.consumed) << c.input;
  }
}

TEST(ReplyGrammar, CloseTag) {
  const RuleCase cases[] = {
      {"</plan>", 7},     {"</PLAN>", 7},     {"</plan  >", 9},
      {"</summary>", 10}, {"</plan", kNo},    {"</plan\nsection", kNo},
      {"</ plan>", kNo},  {"</plan x>", kNo}, {"</planning>", 11},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(consumed<grammar::close_tag>(c.input), c.consumed) << c.input;
  }
}

TEST(ReplyGrammar, FenceOpen) {
  const RuleCase cases[] = {
      {"```\n", 3},
      {"```markdown\n", 11},
      {"~~~~ text ` ok\n", 14},
      {"   ```\n", 6},
      {"      ```py\n", 11},
      {"```", 3},
      {"``\n", kNo},
      {"~~\n", kNo},
      {"``` a ` b\n", kNo},  // a backtick fence's info string holds no backtick
      {"x```\n", kNo},
      {"```\r\n", 3},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(consumed<grammar::fence_open>(c.input), c.consumed) << c.input;
  }
}

TEST(ReplyGrammar, FenceClose) {
  const RuleCase cases[] = {
      {"```\n", 3}, {"````  \n", 6}, {"  ~~~", 5}, {"``` x\n", kNo}, {"text\n", kNo},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(consumed<grammar::fence_close>(c.input), c.consumed) << c.input;
  }
}

TEST(ReplyGrammar, MemoryItem) {
  const RuleCase cases[] = {
      {"- [fact] the server runs on :8080", 33},
      {"  * [pref] short runs first", 27},
      {"- plain item", 12},      // no tag: "general"
      {"- [] empty tag", 14},    // the brackets are text
      {"- [gotcha]", kNo},       // a tag and no text
      {"-   ", kNo},
      {"-no blank", kNo},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(consumed<grammar::memory_item>(c.input), c.consumed) << c.input;
  }
}

}  // namespace
}  // namespace wildplan
