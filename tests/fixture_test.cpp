// Golden fixtures: fixtures/<area>/<case>/ holds an input and the expected output beside it.
//   extract/<case>/reply.txt or reply.jsonl [+ prompt.txt] -> expected.json (the reply
//     document), expected.txt (diagnostics, then the plan as a terminal shows it)
//   parse/<case>/input.md    -> expected.json (the plan document), expected.txt (diagnostics)
//   validate/<case>/input.md -> expected.txt (diagnostics), expected.json, expected.sarif,
//                               expected.github (GitHub Actions workflow commands)
// An empty expected.txt of a parse or validate case says it has no diagnostics: the test fails
// when one appears. UPDATE_FIXTURES=1 rewrites the expected files; review that diff like code.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "test_util.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/render.hpp"
#include "wildplan/rules.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;
using test::read_file;

const fs::path kFixtures = test::kSourceDir / "fixtures";

std::vector<std::string> cases(const std::string& area) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(kFixtures / area)) {
    if (entry.is_directory()) out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string diagnostics_text(const Source& src, const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const Diagnostic& d : ds) out += render_diagnostic(&src, d);
  return out;
}

void check_golden(const fs::path& path, const std::string& actual) {
  if (std::getenv("UPDATE_FIXTURES")) {
    test::write_file(path, actual);
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " is missing; run with UPDATE_FIXTURES=1";
  EXPECT_EQ(read_file(path), actual) << path;
}

std::string case_name(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class ExtractFixture : public testing::TestWithParam<std::string> {};

TEST_P(ExtractFixture, MatchesExpectedOutput) {
  const fs::path dir = kFixtures / "extract" / GetParam();
  const char* input = fs::exists(dir / "reply.jsonl") ? "reply.jsonl" : "reply.txt";
  const Source src(input, read_file(dir / input));
  ExtractOptions options;
  std::optional<Source> prompt;
  if (fs::exists(dir / "prompt.txt")) {  // the prompt the loop sent
    prompt.emplace("prompt.txt", read_file(dir / "prompt.txt"));
    options.prompt = &*prompt;
  }
  const Reply r = extract_reply(src, options);
  check_golden(dir / "expected.json", reply_to_json(r));
  // The diagnostics, then the plan as `extract` shows it on a terminal: each line escaped.
  std::string shown = diagnostics_text(r.text(), r.diagnostics);
  if (r.plan_block()) {
    shown += "--- the plan on a terminal ---\n";
    const std::string md = plan_markdown(r.text(), *r.plan_block());
    for (std::size_t at = 0; at < md.size();) {
      const std::size_t nl = std::min(md.find('\n', at), md.size());
      shown += escape_for_terminal(std::string_view(md).substr(at, nl - at)) + "\n";
      at = nl + 1;
    }
  }
  check_golden(dir / "expected.txt", shown);
}

INSTANTIATE_TEST_SUITE_P(Golden, ExtractFixture, testing::ValuesIn(cases("extract")), case_name);

class ParseFixture : public testing::TestWithParam<std::string> {};

TEST_P(ParseFixture, MatchesExpectedOutput) {
  const fs::path dir = kFixtures / "parse" / GetParam();
  const Source src("input.md", read_file(dir / "input.md"));
  const Document doc = test::document(src);
  check_golden(dir / "expected.json", plan_to_json(doc));
  check_golden(dir / "expected.txt", diagnostics_text(src, doc.diagnostics));
}

INSTANTIATE_TEST_SUITE_P(Golden, ParseFixture, testing::ValuesIn(cases("parse")), case_name);

class ValidateFixture : public testing::TestWithParam<std::string> {};

TEST_P(ValidateFixture, MatchesExpectedOutput) {
  const fs::path dir = kFixtures / "validate" / GetParam();
  const Source src("input.md", read_file(dir / "input.md"));
  const auto parsed = parse_plan(src);
  const Validation v = validate(test::document(src));
  const std::vector<ValidatedFile> files = {{&src, &v}};
  std::string json, sarif, github;
  // As the CLI run at the root of a repository checked out at /src/project would write them.
  const ReportRoot root{"/src/project", "/src/project"};
  write_validation_json(files, [&](std::string_view s) { json += s; });
  write_sarif(files, [&](std::string_view s) { sarif += s; }, root);
  write_github_annotations(files, [&](std::string_view s) { github += s; }, root);
  check_golden(dir / "expected.txt", diagnostics_text(src, v.diagnostics));
  check_golden(dir / "expected.json", json);
  check_golden(dir / "expected.sarif", sarif);
  check_golden(dir / "expected.github", github);
}

INSTANTIATE_TEST_SUITE_P(Golden, ValidateFixture, testing::ValuesIn(cases("validate")), case_name);

}  // namespace
}  // namespace wildplan
