#include <gtest/gtest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar_test_util.hpp"
#include "suppression_grammar.hpp"
#include "wildplan/rules.hpp"

namespace wildplan {
namespace {

Parsed<Config> config(std::string json) {
  return parse_config(Source(".wildplan.json", std::move(json)));
}

TEST(ParseConfig, ReadsEveryKey) {
  const auto c = config(R"({
    "profile": "v2-phased",
    "rules": {"task-vague": "off", "too-many-tasks": "error"},
    "limits": {"max_tasks": 30, "min_words": 2},
    "experiment_words": ["benchmark"],
    "statuses": {"-": "in_progress", "+": "in_progress"},
    "task_files": ["plans/*.md"]
  })");
  ASSERT_TRUE(c) << c.diagnostics.front().message;
  EXPECT_EQ(c.value->profile, Profile::V2Phased);
  EXPECT_EQ(c.value->rules.at("task-vague"), std::nullopt);
  EXPECT_EQ(c.value->rules.at("too-many-tasks"), Severity::Error);
  EXPECT_EQ(c.value->limits.at("max_tasks"), 30);
  EXPECT_EQ(c.value->experiment_words, std::vector<std::string>{"benchmark"});
  EXPECT_EQ(c.value->statuses['-'], Status::InProgress);
  EXPECT_EQ(c.value->task_files, std::vector<std::string>{"plans/*.md"});
}

TEST(ParseConfig, UnknownKeysAreErrorsWithTheirPathAndPosition) {
  const auto c =
      config("{\n  \"rules\": {\n    \"task-vauge\": \"off\"\n  },\n  \"colour\": true\n}\n");
  EXPECT_FALSE(c);
  ASSERT_EQ(c.diagnostics.size(), 2u);
  EXPECT_EQ(c.diagnostics[0].message, "$.rules.task-vauge: unknown rule");
  EXPECT_EQ(c.diagnostics[0].begin, (SourcePos{3, 5}));
  EXPECT_EQ(c.diagnostics[0].rule, "config-invalid");
  EXPECT_EQ(c.diagnostics[1].message,
            "$.colour: unknown key (known: profile, rules, limits, experiment_words, statuses, "
            "task_files)");
  EXPECT_EQ(c.diagnostics[1].begin, (SourcePos{5, 3}));
}

TEST(ParseConfig, WrongTypesAndValues) {
  EXPECT_EQ(config(R"({"profile": "strict"})").diagnostics.at(0).message,
            "$.profile: expected one of \"auto\", \"v2-planning\", \"v2-phased\", \"generic\"");
  EXPECT_EQ(config(R"({"rules": {"task-vague": "loud"}})").diagnostics.at(0).message,
            "$.rules.task-vague: expected \"off\", \"note\", \"warning\" or \"error\"");
  EXPECT_EQ(config(R"({"limits": {"max_tasks": -1}})").diagnostics.at(0).message,
            "$.limits.max_tasks: expected a whole number from 0 to 1000000");
  EXPECT_EQ(config(R"({"statuses": {"ab": "done"}})").diagnostics.at(0).message,
            "$.statuses.ab: a box holds exactly one character");
  EXPECT_EQ(config(R"({"task_files": "tasks.md"})").diagnostics.at(0).message,
            "$.task_files: expected an array of strings");
  EXPECT_EQ(config("[1]").diagnostics.at(0).message, "$: the configuration is a JSON object");
}

TEST(ParseConfig, BadJsonIsPositioned) {
  const auto c = config("{\n  \"profile\": \"generic\",\n}\n");
  ASSERT_EQ(c.diagnostics.size(), 1u);
  EXPECT_TRUE(c.diagnostics[0].message.starts_with("not valid JSON: syntax error"))
      << c.diagnostics[0].message;
  EXPECT_EQ(c.diagnostics[0].begin.line, 3u);
}

TEST(SuppressionGrammar, Table) {
  using test::consumed;
  EXPECT_EQ(tao::pegtl::analyze<grammar::suppression>(-1), 0u);
  EXPECT_EQ(consumed<grammar::suppression>("<!-- wildplan-disable -->"), 25u);
  EXPECT_EQ(consumed<grammar::suppression>("<!-- wildplan-disable task-vague -->"), 36u);
  EXPECT_EQ(consumed<grammar::suppression>("<!--wildplan-disable task-vague-->"), 34u);
  EXPECT_EQ(consumed<grammar::suppression>("<!-- wildplan-disable-next-line a-b, c d -->"), 44u);
  EXPECT_EQ(consumed<grammar::suppression>("<!-- wildplan-disable Task -->"), std::nullopt);
  EXPECT_EQ(consumed<grammar::suppression>("<!-- wildplan-disabled -->"), std::nullopt);
}

}  // namespace
}  // namespace wildplan
