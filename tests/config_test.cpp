#include <gtest/gtest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar_test_util.hpp"
#include "suppression_grammar.hpp"
#include "test_util.hpp"
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
            "task_files, tags, commit)");
  EXPECT_EQ(c.diagnostics[1].begin, (SourcePos{5, 3}));
}

TEST(ParseConfig, ReadsTheCommitsExcludePatterns) {
  const auto c = config(R"({"commit": {"exclude": ["notes/", "**/*.log", "scratch[0-9].md"]}})");
  ASSERT_TRUE(c) << c.diagnostics.front().message;
  EXPECT_EQ(c.value->commit_exclude,
            (std::vector<std::string>{"notes/", "**/*.log", "scratch[0-9].md"}));
  EXPECT_TRUE(config("{}").value->commit_exclude.empty());
}

TEST(ParseConfig, ABadCommitSettingNamesItsPathAndPosition) {
  auto c = config("{\n  \"commit\": {\"exclude\": [\"ok/**\", \"[bad\", 3]}\n}\n");
  ASSERT_EQ(c.diagnostics.size(), 2u);
  EXPECT_EQ(c.diagnostics[0].message, "$.commit.exclude[1]: '[bad': a '[' is not closed by ']'");
  EXPECT_EQ(c.diagnostics[0].begin, (SourcePos{2, 35}));
  EXPECT_EQ(c.diagnostics[0].end, (SourcePos{2, 41}));
  EXPECT_EQ(c.diagnostics[1].message, "$.commit.exclude[2]: expected a string");
  EXPECT_EQ(c.diagnostics[1].begin, (SourcePos{2, 43}));
  EXPECT_EQ(config(R"({"commit": {"exclud": []}})").diagnostics.at(0).message,
            "$.commit.exclud: unknown key (known: exclude)");
  EXPECT_EQ(config(R"({"commit": {"exclude": "notes/"}})").diagnostics.at(0).message,
            "$.commit.exclude: expected an array of patterns");
  EXPECT_EQ(config(R"({"commit": ["notes/"]})").diagnostics.at(0).message,
            "$.commit: expected an object: {\"exclude\": [...]}");
  EXPECT_EQ(config(R"({"commit": {"exclude": [""]}})").diagnostics.at(0).message,
            "$.commit.exclude[0]: '': an empty pattern matches nothing");
}

TEST(ParseConfig, WrongTypesAndValues) {
  EXPECT_EQ(config(R"({"profile": "strict"})").diagnostics.at(0).message,
            "$.profile: expected one of \"auto\", \"v2-planning\", \"v2-phased\", \"v2-compact\", "
            "\"generic\"");
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

namespace wildplan {
namespace {

// fuzz/validate, a crash: a number beyond a double made nlohmann throw out_of_range, which
// nothing caught, and the run aborted. It is a config-invalid error now.
TEST(ParseConfig, FuzzCrashFce9c8c1ANumberBeyondADoubleIsAnError) {
  for (const std::string& text :
       {std::string("{\"limits\": {\"min_tasks\": 1e999}}"),
        test::read_file(test::kSourceDir / "fixtures/fuzz/validate-crash-fce9c8c1")}) {
    const auto parsed = parse_config(Source(".wildplan.json", text));
    EXPECT_FALSE(parsed);
    ASSERT_EQ(parsed.diagnostics.size(), 1u);
    EXPECT_EQ(parsed.diagnostics[0].rule, "config-invalid");
    EXPECT_NE(parsed.diagnostics[0].message.find("not valid JSON"), std::string::npos)
        << parsed.diagnostics[0].message;
  }
  // and through the CLI: exit 2 with the reason, not an abort
  const auto dir = test::scratch_dir("config-overflow");
  test::write_file(dir / ".wildplan.json", "{\"limits\": {\"min_tasks\": 1e999}}");
  test::write_file(dir / "tasks.md", "- [ ] Task 1: a\n");
  const auto r = test::run_cli("validate --config '" + (dir / ".wildplan.json").string() + "' '" +
                               (dir / "tasks.md").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("number overflow"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace wildplan
