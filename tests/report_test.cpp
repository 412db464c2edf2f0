// Code scanning reports: SARIF as GitHub takes it (paths relative to the repository's root,
// regions, fingerprints, rule help) and GitHub Actions workflow commands (golden output, the
// Actions toolkit's escaping).
#include <gtest/gtest.h>

#include <cctype>

#include <nlohmann/json.hpp>

#include "test_util.hpp"
#include "wildplan/render.hpp"
#include "wildplan/rules.hpp"
#include "wildplan/wildplan.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = test::kSourceDir / "fixtures";

Diagnostic diag(std::string file, std::uint32_t line, std::uint32_t col, std::uint32_t end_line,
                std::uint32_t end_col, Severity s, std::string rule, std::string message) {
  Diagnostic d;
  d.file = std::move(file);
  d.begin = {line, col};
  d.end = {end_line, end_col};
  d.severity = s;
  d.rule = std::move(rule);
  d.message = std::move(message);
  return d;
}

std::string sarif_of(const Source& src, const Validation& v, const ReportRoot& where = {}) {
  std::string out;
  write_sarif({{&src, &v}}, [&](std::string_view s) { out += s; }, where);
  return out;
}

std::string github_of(const Source& src, const Validation& v, const ReportRoot& where = {}) {
  std::string out;
  write_github_annotations({{&src, &v}}, [&](std::string_view s) { out += s; }, where);
  return out;
}

nlohmann::json first_location(const std::string& sarif) {
  return nlohmann::json::parse(sarif)["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
}

TEST(GithubAnnotations, EscapesAsTheActionsToolkitDoes) {
  // File names and messages holding every character the toolkit escapes: % CR LF in data, and
  // also : and , in properties. Golden: fixtures/github/escaping/expected.txt.
  const Source src("odd,name: 100%.md", "- [ ] Task 1: caf\xC3\xA9 x\n- [ ] Task 2\n");
  Validation v;
  v.diagnostics = {
      diag(src.name(), 1, 15, 1, 19, Severity::Error, "task-placeholder",
           "100% done: a, b\r\nsecond line"),
      diag(src.name(), 2, 7, 2, 7, Severity::Warning, "task-vague", "::error ::not a command"),
      diag(src.name(), 1, 7, 2, 13, Severity::Note, "task-duplicate", "spans lines"),
      diag(src.name(), 0, 0, 0, 0, Severity::Warning, "too-few-tasks", "the whole file"),
  };
  const std::string out = github_of(src, v);
  const fs::path golden = kFixtures / "github" / "escaping" / "expected.txt";
  if (std::getenv("UPDATE_FIXTURES")) test::write_file(golden, out);
  EXPECT_EQ(out, test::read_file(golden));
  // Each annotation is one line: a line break in the input cannot start another command.
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 4);
}

TEST(GithubAnnotations, PathsAreRelativeToTheRepositoryRoot) {
  const Source src("tasks.md", "- [ ] Task 1: x\n");
  Validation v;
  v.diagnostics = {diag("tasks.md", 1, 7, 1, 8, Severity::Error, "task-vague", "m")};
  EXPECT_EQ(github_of(src, v, {"/repo/sub", "/repo"}),
            "::error file=sub/tasks.md,line=1,col=7,endLine=1,endColumn=7,title=task-vague::m\n");
}

TEST(Sarif, UrisAreRelativeToTheRepositoryRoot) {
  const Source src("../plans/tasks.md", "- [ ] Task 1: x\n");
  Validation v;
  v.diagnostics = {diag(src.name(), 1, 7, 1, 8, Severity::Error, "task-vague", "m")};
  const std::string sarif = sarif_of(src, v, {"/work/repo/sub", "/work/repo"});
  const auto loc = first_location(sarif);
  EXPECT_EQ(loc["artifactLocation"]["uri"], "plans/tasks.md");
  EXPECT_EQ(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(nlohmann::json::parse(sarif)["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///work/repo/");
}

TEST(Sarif, AnAbsolutePathInsideTheRootIsMadeRelative) {
  const Source src("/work/repo/a b/t\xC3\xA9.md", "- [ ] Task 1: x\n");
  Validation v;
  v.diagnostics = {diag(src.name(), 1, 7, 1, 8, Severity::Error, "task-vague", "m")};
  const auto loc = first_location(sarif_of(src, v, {"/elsewhere", "/work/repo"}));
  EXPECT_EQ(loc["artifactLocation"]["uri"], "a%20b/t%C3%A9.md");
  EXPECT_EQ(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
}

TEST(Sarif, AFileOutsideTheRootIsAnAbsoluteFileUri) {
  const Source src("/tmp/x/tasks.md", "- [ ] Task 1: x\n");
  Validation v;
  v.diagnostics = {diag(src.name(), 1, 7, 1, 8, Severity::Error, "task-vague", "m")};
  const auto loc = first_location(sarif_of(src, v, {"/work/repo", "/work/repo"}));
  EXPECT_EQ(loc["artifactLocation"]["uri"], "file:///tmp/x/tasks.md");
  EXPECT_FALSE(loc["artifactLocation"].contains("uriBaseId"));
}

TEST(Sarif, AWholeFileFindingIsOnLineOne) {
  const Source src("tasks.md", "no tasks\n");
  Validation v;
  v.diagnostics = {diag("tasks.md", 0, 0, 0, 0, Severity::Error, "no-tasks", "m")};
  const auto loc = first_location(sarif_of(src, v));
  EXPECT_EQ(loc["region"], nlohmann::json::parse(R"({"startLine": 1})"));
}

std::string fingerprint(const std::string& sarif, std::size_t i) {
  return nlohmann::json::parse(sarif)["runs"][0]["results"][i]["partialFingerprints"]
      ["wildplanLineHash/v1"];
}

TEST(Sarif, FingerprintsSurviveALineMoveAndACheckedBox) {
  const Source before("tasks.md", "# Tasks\n- [ ] Task 1: TBD\n- [ ] Task 2: TBD\n");
  const Source after("tasks.md", "# Tasks\n\nIntro.\n\n- [x] Task 1: TBD\n-   [ ] Task 2:  TBD\n");
  Validation a, b;
  a.diagnostics = {diag("tasks.md", 2, 7, 2, 16, Severity::Error, "task-placeholder", "m1"),
                   diag("tasks.md", 3, 7, 3, 16, Severity::Error, "task-placeholder", "m2")};
  b.diagnostics = {diag("tasks.md", 5, 7, 5, 16, Severity::Error, "task-placeholder", "m1"),
                   diag("tasks.md", 6, 9, 6, 19, Severity::Error, "task-placeholder", "m2")};
  const std::string sa = sarif_of(before, a), sb = sarif_of(after, b);
  EXPECT_EQ(fingerprint(sa, 0), fingerprint(sb, 0));
  EXPECT_EQ(fingerprint(sa, 1), fingerprint(sb, 1));
  EXPECT_NE(fingerprint(sa, 0), fingerprint(sa, 1));
  // The same text twice: told apart by the occurrence.
  const Source twice("tasks.md", "- [ ] TBD\n- [ ] TBD\n");
  Validation t;
  t.diagnostics = {diag("tasks.md", 1, 7, 1, 10, Severity::Error, "task-placeholder", "m"),
                   diag("tasks.md", 2, 7, 2, 10, Severity::Error, "task-placeholder", "m")};
  const std::string st = sarif_of(twice, t);
  EXPECT_TRUE(fingerprint(st, 0).ends_with(":1"));
  EXPECT_TRUE(fingerprint(st, 1).ends_with(":2"));
}

TEST(Sarif, EveryRuleHasANameHelpAndTheReadmesAnchor) {
  const Source src("tasks.md", "- [ ] x\n");
  const Validation v;
  const auto doc = nlohmann::json::parse(sarif_of(src, v));
  const auto& driver = doc["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["semanticVersion"], version());
  EXPECT_TRUE(driver["informationUri"].get<std::string>().starts_with("https://"));
  const std::string readme = test::read_file(test::kSourceDir / "README.md");
  for (const auto& rule : driver["rules"]) {
    const std::string id = rule["id"];
    SCOPED_TRACE(id);
    EXPECT_FALSE(rule["name"].get<std::string>().empty());
    EXPECT_FALSE(rule["fullDescription"]["text"].get<std::string>().empty());
    EXPECT_FALSE(rule["help"]["text"].get<std::string>().empty());
    EXPECT_NE(rule["help"]["markdown"].get<std::string>().find(id), std::string::npos);
    const std::string uri = rule["helpUri"];
    const std::string anchor = uri.substr(uri.find('#') + 1);
    // A rule's anchor is an id in the README's rule table; the others are its headings, as
    // GitHub makes their anchors (lower case, punctuation dropped, blanks to '-').
    bool found = readme.find("<a id=\"" + anchor + "\"></a>") != std::string::npos;
    for (std::size_t at = readme.find("\n#"); !found && at != std::string::npos;
         at = readme.find("\n#", at + 1)) {
      std::size_t b = readme.find_first_not_of('#', at + 1);
      const std::string heading = readme.substr(b, readme.find('\n', b) - b);
      std::string slug;
      for (const char c : heading) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') {
          slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (c == ' ') {
          slug += '-';
        }
      }
      while (!slug.empty() && slug.front() == '-') slug.erase(0, 1);
      found = slug == anchor;
    }
    EXPECT_TRUE(found) << anchor;
  }
  EXPECT_EQ(driver["rules"].size(), all_rules().size());
}

}  // namespace
}  // namespace wildplan
