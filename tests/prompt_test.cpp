// Prompt templates (prompt.hpp, grammars/prompt_template_grammar.hpp): the seed's planning
// prompt, the checks with their positions, the rendering, and the CLI verb.
#include "wildplan/prompt.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

const fs::path kSeed = test::kSharedDir / "seed/wild_v2_planning.prompt.md";

std::vector<TemplateValue> vars(std::initializer_list<std::pair<const char*, const char*>> v) {
  std::vector<TemplateValue> out;
  for (auto [n, x] : v) out.push_back({n, x, "--var", {}});
  return out;
}

const std::vector<TemplateValue> kSeedValues = vars(
    {{"goal", "Train a small text classifier"}, {"workdir", "/home/user/project"},
     {"tasks_path", ".agents/wild/s1/tasks.md"}, {"server_url", "http://127.0.0.1:8000"},
     {"session_id", "s1"}, {"steer_section", ""}, {"api_catalog", "(none)"},
     {"auth_header", "-H 'X-Auth: t'"}});

TEST(PromptTemplate, TheSeedsPlanningPromptParses) {
  WILDPLAN_NEEDS_SHARED(kSeed);
  const Source src("wild_v2_planning.prompt.md", test::read_file(kSeed));
  const Parsed<PromptTemplate> t = parse_prompt_template(src);
  ASSERT_TRUE(t) << (t.diagnostics.empty() ? "" : t.diagnostics[0].message);
  ASSERT_EQ(t.value->variables.size(), 8u);
  EXPECT_EQ(t.value->variables[0].name, "goal");
  EXPECT_EQ(t.value->variables[0].pos, (SourcePos{6, 5}));
  EXPECT_EQ(t.value->placeholders.size(), 14u);
  EXPECT_EQ(t.value->variables_pos, (SourcePos{5, 1}));
  // Checked alone: session_id is declared and never used.
  const auto ds = check_prompt_template(src, *t.value, nullptr);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].rule, "template-variable-unused");
  EXPECT_EQ(ds[0].severity, Severity::Warning);
  EXPECT_EQ(ds[0].begin, (SourcePos{10, 5}));
  // Rendered: the text after the front matter, trimmed, each placeholder replaced.
  const Source out = render_prompt_template(src, *t.value, kSeedValues, "prompt");
  EXPECT_TRUE(out.bytes().starts_with("You are an autonomous research engineer"));
  EXPECT_NE(out.bytes().find("Start every iteration with `cd /home/user/project`."),
            std::string_view::npos);
  EXPECT_NE(out.bytes().find("curl -X POST http://127.0.0.1:8000/sweeps/wild"),
            std::string_view::npos);
  EXPECT_EQ(out.bytes().find("{{"), std::string_view::npos);
  EXPECT_TRUE(out.bytes().ends_with("Your changes are auto-committed after this iteration."));
}

Parsed<PromptTemplate> parse(const std::string& text) {
  static std::unique_ptr<Source> keep;
  keep = std::make_unique<Source>("t.md", text);
  return parse_prompt_template(*keep);
}

TEST(PromptTemplate, SyntaxErrorsArePositioned) {
  struct Case {
    const char* text;
    SourcePos at;
    const char* message_start;
  };
  const Case cases[] = {
      {"Hello {{goal}}\n", {1, 1}, "a prompt template starts with front matter"},
      {"---\nvariables:\n  - goal\nHello\n", {4, 1}, "expected `key: value`"},
      {"---\nvariables:\n  - 1goal\n---\nx\n", {3, 5}, "a variable's name is"},
      {"---\nvariables:\n  - goal extra\n---\nx\n", {3, 10}, "expected the end of the line"},
      {"---\nvariables: [goal, work dir]\n---\nx\n", {2, 24}, "expected `,` or `]`"},
      {"---\nname: x\n", {3, 1}, "expected `key: value`"},
  };
  for (const Case& c : cases) {
    const auto t = parse(c.text);
    EXPECT_FALSE(t) << c.text;
    ASSERT_EQ(t.diagnostics.size(), 1u) << c.text;
    EXPECT_EQ(t.diagnostics[0].rule, "template-syntax");
    EXPECT_EQ(t.diagnostics[0].begin, c.at) << c.text;
    EXPECT_TRUE(t.diagnostics[0].message.starts_with(c.message_start))
        << c.text << ": " << t.diagnostics[0].message;
  }
}

TEST(PromptTemplate, FlowListsCommentsOtherKeysCrlfAndABom) {
  const auto t = parse(
      "\xEF\xBB\xBF---\r\nname: x\r\ndescription: >\r\n  two\r\n  lines\r\n# note\r\n"
      "variables: [goal, workdir]\r\ncategory: prompt\r\n---\r\n\r\n{{goal}} in {{workdir}}\r\n");
  ASSERT_TRUE(t) << t.diagnostics[0].message;
  ASSERT_EQ(t.value->variables.size(), 2u);
  EXPECT_EQ(t.value->variables[1].name, "workdir");
  EXPECT_EQ(t.value->variables[1].pos, (SourcePos{7, 19}));
  ASSERT_EQ(t.value->placeholders.size(), 2u);
}

TEST(PromptTemplate, OnlyExactPlaceholdersAreReplaced) {
  const std::string text =
      "---\nvariables:\n- goal\n---\n{{goal}} {{ goal }} {{\"context\": 1}} {{{goal}}} {{goal\n";
  const Source src("t.md", text);
  const auto t = parse_prompt_template(src);
  ASSERT_TRUE(t);
  EXPECT_EQ(t.value->placeholders.size(), 2u);
  // One pass: a value holding a placeholder stays as it is.
  const Source out = render_prompt_template(src, *t.value, vars({{"goal", "{{goal}}!"}}), "p");
  EXPECT_EQ(out.bytes(), "{{goal}}! {{ goal }} {{\"context\": 1}} {{{goal}}!} {{goal");
}

TEST(PromptTemplate, EachCheckNamesItsPlace) {
  const std::string text =
      "---\nvariables:\n  - goal\n  - workdir\n  - goal\n  - unused\n---\n"
      "{{goal}} {{workdir}} {{extra}}\n";
  const Source src("t.md", text);
  const auto t = parse_prompt_template(src);
  ASSERT_TRUE(t);
  const auto given = vars({{"goal", "g"}, {"typo", "x"}});
  const auto ds = check_prompt_template(src, *t.value, &given);
  std::vector<std::pair<std::string, SourcePos>> got;
  for (const Diagnostic& d : ds) got.emplace_back(d.rule, d.begin);
  const std::vector<std::pair<std::string, SourcePos>> want = {
      {"template-variable-undeclared", {2, 1}},  // at `variables:`
      {"template-variable-missing", {4, 5}},     // workdir
      {"template-variable-duplicate", {5, 5}},
      {"template-variable-missing", {6, 5}},  // unused
      {"template-variable-unused", {6, 5}},
      {"template-placeholder-undeclared", {8, 22}},
  };
  EXPECT_EQ(got, want);
}

TEST(PromptTemplate, ValuesFileIsAnObjectOfStrings) {
  const auto ok = read_template_values(Source("v.json", R"({"goal": "g", "n": 3, "b": true})"));
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok.value->size(), 3u);
  EXPECT_EQ((*ok.value)[1].value, "3");
  EXPECT_EQ((*ok.value)[0].pos, (SourcePos{1, 2}));
  const auto bad = read_template_values(Source("v.json", "{\n  \"goal\": null\n}"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.diagnostics[0].rule, "template-vars-invalid");
  EXPECT_EQ(bad.diagnostics[0].begin, (SourcePos{2, 3}));
  EXPECT_FALSE(read_template_values(Source("v.json", "[1]")));
  EXPECT_FALSE(read_template_values(Source("v.json", "{\"a\": ")));
}

TEST(PromptCli, RenderPrintsThePromptAndErrorsAreExitTwo) {
  const fs::path dir = test::scratch_dir("prompt-cli");
  test::write_file(dir / "t.md", "---\nvariables:\n  - goal\n  - workdir\n---\n\ncd {{workdir}}: {{goal}}\n");
  const std::string t = (dir / "t.md").string();
  auto r = test::run_cli("prompt render " + t + " --var goal=Ship --var workdir=/w");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "cd /w: Ship\n");
  r = test::run_cli("prompt render " + t + " --var goal=Ship");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("t.md:4:5: error: variable 'workdir' is declared but not given"),
            std::string::npos)
      << r.err;
  r = test::run_cli("prompt check " + t);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, t + ": 2 variables, 2 placeholders\n");
  r = test::run_cli("prompt render " + t + " --var 'bad name=1'");
  EXPECT_EQ(r.exit_code, 2);
  test::write_file(dir / "v.json", "{\"goal\": \"From file\", \"workdir\": \"/f\"}");
  r = test::run_cli("prompt render " + t + " --vars " + (dir / "v.json").string() +
                    " --var goal=Override");
  EXPECT_EQ(r.out, "cd /f: Override\n");
}

TEST(PromptCli, ExtractMasksTheEchoOfTheRenderedTemplate) {
  const fs::path dir = test::scratch_dir("prompt-echo");
  const std::string body =
      "Plan the work for {{goal}}.\nWrite the plan to tasks.md.\nThen print it in plan tags, "
      "like this:\n<plan>\n- [ ] Task 1: an example task from the prompt\n</plan>\nNothing "
      "else.\n";
  test::write_file(dir / "t.md", "---\nvariables:\n  - goal\n---\n" + body);
  std::string echoed = body;
  echoed.replace(echoed.find("{{goal}}"), 8, "the classifier");
  test::write_file(dir / "reply.txt", echoed + "\nDone.\n<summary>wrote it</summary>\n");
  const std::string args = "extract --tag plan --json " + (dir / "reply.txt").string();
  auto r = test::run_cli(args + " --prompt-template " + (dir / "t.md").string() +
                         " --var 'goal=the classifier'");
  EXPECT_NE(r.out.find("\"echoed\": true"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"plan\": null"), std::string::npos);
  EXPECT_EQ(r.exit_code, 1);  // the only plan is the prompt's
  r = test::run_cli(args + " --prompt-template " + (dir / "t.md").string());
  EXPECT_EQ(r.exit_code, 2);  // goal not given
  EXPECT_NE(r.err.find("declared but not given"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace wildplan
