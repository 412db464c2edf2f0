// The snapshot's promise (issue 28, story 5): a path a person had changed when the session's
// snapshot was taken stays out of the loop's commits until a person commits it, whatever later
// edits it gets; and --exclude / "commit": {"exclude": [...]} keep paths out of them. The built
// binary on throwaway repositories, checked with the git CLI, as the loop meets it.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "git_fixture.hpp"
#include "wildplan/git.hpp"

namespace wildplan::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kCases = kSourceDir / "fixtures/apply/iterations";
constexpr const char* kAgent =
    "GIT_AUTHOR_NAME=Agent GIT_AUTHOR_EMAIL=agent@example.invalid GIT_COMMITTER_NAME=Agent "
    "GIT_COMMITTER_EMAIL=agent@example.invalid";

// The exclude patterns: git's :(top,glob) pathspecs (wildmatch with WM_PATHNAME), a match of a
// leading directory taking what is under it.
TEST(ExcludePattern, MatchesAsGitsTopGlobPathspecs) {
  struct Case {
    const char* pattern;
    std::string path;
    bool match;
  };
  // clang-format off
  const Case cases[] = {
      {"*.md", "a.md", true},           {"*.md", "d/a.md", false},
      {"**/*.md", "d/e/a.md", true},    {"**/*.md", "a.md", true},
      {"notes", "notes/a/b.md", true},  {"notes", "notes", true},
      {"notes", "notesx", false},       {"note", "notes/a", false},
      {"notes/", "notes/a.md", true},   {"notes/", "notes", false},
      {"a/**/b", "a/b", true},          {"a/**/b", "a/x/y/b", true},
      {"a/**/b", "a/xb", false},        {"a/**", "a/x/y", true},
      {"a/**", "a", false},             {"**", "any/thing", true},
      {"a**b", "axxb", true},           {"a**b", "ax/b", false},
      {"?.txt", "a.txt", true},         {"a?b", "a/b", false},
      {"[ab].txt", "b.txt", true},      {"[!ab].txt", "c.txt", true},
      {"[!ab].txt", "a.txt", false},    {"[^ab].txt", "a.txt", false},
      {"[a-c]x", "bx", true},           {"[a-c]x", "dx", false},
      {"[[:digit:]]*", "1abc", true},   {"[[:digit:]]*", "abc", false},
      {"[]]", "]", true},               {"a[/]b", "a/b", false},
      {"\\*", "*", true},               {"\\*", "a", false},
      {"/build", "build/x.o", true},    {"./notes", "notes/a", true},
      {"*", "a/b", true},               {"*.log", ".x.log", true},
      {"src/*.py", "src/a.py", true},   {"src/*.py", "src/d/a.py", false},
      {"*a*a*a*a*a*a*a*a*b", std::string(4000, 'a'), false},
  };
  // clang-format on
  for (const Case& c : cases) {
    EXPECT_EQ(exclude_pattern_error(c.pattern), std::nullopt) << c.pattern;
    EXPECT_EQ(exclude_pattern_matches(c.pattern, c.path), c.match) << c.pattern << " " << c.path;
  }
}

TEST(ExcludePattern, SaysWhyAPatternIsNotOne) {
  EXPECT_EQ(exclude_pattern_error(""), "an empty pattern matches nothing");
  EXPECT_EQ(exclude_pattern_error("/"), "an empty pattern matches nothing");
  EXPECT_EQ(exclude_pattern_error("[abc"), "a '[' is not closed by ']'");
  EXPECT_EQ(exclude_pattern_error("a\\"), "it ends with a '\\' that quotes nothing");
  EXPECT_EQ(exclude_pattern_error("../x"), "a pattern names paths inside the work tree: no '..'");
  EXPECT_EQ(exclude_pattern_error("[[:alhpa:]]"),
            "'[:alhpa:]' is not a character class (known: alpha, alnum, digit, lower, upper, "
            "xdigit, space, blank, cntrl, graph, print, punct)");
  EXPECT_FALSE(exclude_pattern_matches("[abc", "a"));
}

/// A repository with a committed README.md and the loop's task file, as a session starts.
class Snapshot : public GitTest {
 protected:
  void SetUp() override {
    GitTest::SetUp();
    write("README.md", "# Project\n");
    write(".agents/wild/s7/tasks.md", read_file(kCases / "tasks-iter1.md"));
    ASSERT_EQ(status("git add -A && git commit -qm base"), 0);
  }
  /// One loop iteration's `apply --commit --paths-from-snapshot --json`: its document.
  json apply(int iteration, const std::string& more = "") const {
    const auto r = wildplan("apply --reply '" + (kCases / "reply-iter2-no-plan.txt").string() +
                                "' --session s7 --iteration " + std::to_string(iteration) +
                                " --commit --paths-from-snapshot --json " + more,
                            kAgent);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }
  json commit(const std::string& more = "") const {
    const auto r = wildplan("commit -m iteration --json " + more, kAgent);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }
  /// The paths HEAD's commit changed, one a line.
  std::string committed() const { return sh("git show --name-only --format= HEAD"); }
};

// The way the user met it: a person's draft of README.md, uncommitted when the snapshot was
// taken, edited again between iterations, was committed whole (both drafts) by the next commit.
TEST_F(Snapshot, APersonsFileEditedAgainAfterTheSnapshotStaysOutOfTheCommit) {
  write("README.md", "# Project\n\nA person's first draft.\n");
  ASSERT_EQ(wildplan("snapshot").exit_code, 0);
  write("train.py", "print('the agent')\n");                                    // the agent
  write("README.md", "# Project\n\nA person's first draft.\nAnd a second.\n");  // the person
  const json doc = commit("--paths-from-snapshot");
  EXPECT_EQ(doc["commit"]["staged"], json::array({"train.py"}));
  EXPECT_EQ(doc["commit"]["left_out"], json::array({"README.md"}));
  EXPECT_EQ(doc["commit"]["left_out_reasons"], json::parse(R"({"README.md": "before-snapshot"})"));
  EXPECT_EQ(committed(), "train.py\n");
  EXPECT_EQ(sh("git show HEAD:README.md"), "# Project\n");
  EXPECT_EQ(sh("git status --porcelain"), " M README.md\n");
  EXPECT_EQ(read_file(dir_ / "README.md"), "# Project\n\nA person's first draft.\nAnd a second.\n");
}

// The loop's form: one snapshot, then apply at every iteration. apply renews the snapshot after
// its commit, and the renewal carries the held path forward: edited again at any iteration, it
// is never committed by the loop.
TEST_F(Snapshot, ApplyKeepsAPersonsFileOutOfEveryIterationWhateverItsLaterEdits) {
  write("README.md", "draft 1\n");
  ASSERT_EQ(wildplan("snapshot").exit_code, 0);
  for (int i = 1; i <= 3; ++i) {
    write("work" + std::to_string(i) + ".txt", "the agent's\n");
    write("README.md", "draft " + std::to_string(i + 1) + "\n");  // between iterations
    const json doc = apply(i);
    EXPECT_EQ(doc["commit"]["committed"], true) << i;
    EXPECT_EQ(doc["commit"]["staged"], json::array({"work" + std::to_string(i) + ".txt"})) << i;
    EXPECT_EQ(doc["commit"]["left_out_reasons"], json::parse(R"({"README.md": "before-snapshot"})"))
        << i;
    EXPECT_EQ(doc["commit"]["snapshot_renewed"], true);
  }
  EXPECT_EQ(sh("git log --format= --name-only HEAD~3.. | grep -c README || true"), "0\n");
  EXPECT_EQ(sh("git show HEAD:README.md"), "# Project\n");
  EXPECT_EQ(read_file(dir_ / "README.md"), "draft 4\n");
}

// Until a person commits it: once README.md is committed (by the person), the snapshot lets it
// go, and a later change to it is the loop's to commit.
TEST_F(Snapshot, APathIsNoLongerHeldOnceAPersonCommitsIt) {
  write("README.md", "draft 1\n");
  ASSERT_EQ(wildplan("snapshot").exit_code, 0);
  write("work1.txt", "w\n");
  EXPECT_EQ(apply(1)["commit"]["left_out"], json::array({"README.md"}));
  write("README.md", "draft 2\n");
  ASSERT_EQ(status("git commit -qm 'a person commits' README.md"), 0);
  write("work2.txt", "w\n");
  json doc = apply(2);  // README.md is clean now: the renewal drops it
  EXPECT_EQ(doc["commit"]["left_out"], json::array());
  EXPECT_EQ(read_file(dir_ / ".git/wildplan/snapshot").find("README.md"), std::string::npos);
  write("README.md", "draft 2\nthe agent's line\n");
  doc = apply(3);
  EXPECT_EQ(doc["commit"]["staged"], json::array({"README.md"}));
  EXPECT_EQ(sh("git show HEAD:README.md"), "draft 2\nthe agent's line\n");
}

// Changed in the index counts as changed: a person's `git add` of a draft is not a commit, and
// the loop's commit leaves it out (HEAD's README.md stays), while the index keeps it staged.
TEST_F(Snapshot, APersonsStagedDraftStaysOutAndStaysStaged) {
  write("README.md", "a staged draft\n");
  ASSERT_EQ(status("git add README.md"), 0);
  ASSERT_EQ(wildplan("snapshot").exit_code, 0);
  write("train.py", "x\n");
  const json doc = commit("--paths-from-snapshot");
  EXPECT_EQ(doc["commit"]["staged"], json::array({"train.py"}));
  EXPECT_EQ(doc["commit"]["left_out_reasons"], json::parse(R"({"README.md": "before-snapshot"})"));
  EXPECT_EQ(committed(), "train.py\n");
  EXPECT_EQ(sh("git show HEAD:README.md"), "# Project\n");
  EXPECT_EQ(sh("git status --porcelain"), "M  README.md\n");
  EXPECT_EQ(sh("git show :README.md"), "a staged draft\n");
}

// A person's staged deletion and a new file they staged are theirs too.
TEST_F(Snapshot, APersonsStagedDeletionAndNewFileStayOut) {
  write("notes.md", "n\n");
  ASSERT_EQ(status("git add notes.md && git rm -q --cached README.md"), 0);
  ASSERT_EQ(wildplan("snapshot").exit_code, 0);
  write("train.py", "x\n");
  const json doc = commit("--paths-from-snapshot");
  EXPECT_EQ(doc["commit"]["staged"], json::array({"train.py"}));
  EXPECT_EQ(doc["commit"]["left_out_reasons"],
            json::parse(R"({"README.md": "before-snapshot", "notes.md": "before-snapshot"})"));
  EXPECT_EQ(sh("git ls-tree --name-only HEAD | grep -v agents"), "README.md\ntrain.py\n");
  EXPECT_EQ(sh("git status --porcelain | sort"), "?? README.md\nA  notes.md\nD  README.md\n");
}

// Nothing but a held path changed: nothing to commit, no empty commit.
TEST_F(Snapshot, OnlyAHeldPathChangedIsNothingToCommit) {
  write("README.md", "draft\n");
  ASSERT_EQ(status("git add README.md"), 0);
  ASSERT_EQ(wildplan("snapshot").exit_code, 0);
  write("README.md", "draft 2\n");
  const std::string head = this->head();
  const json doc = commit("--paths-from-snapshot");
  EXPECT_EQ(doc["commit"]["committed"], false);
  EXPECT_EQ(doc["commit"]["left_out"], json::array({"README.md"}));
  EXPECT_EQ(this->head(), head);
}

// The task files (the configuration's task_files) are the loop's record, which its commits
// carry: the loop writes its placeholder tasks.md before it takes the snapshot, and the plan
// written over it at iteration 0 must be committed.
TEST_F(Snapshot, TheLoopsTaskFileIsNeverHeld) {
  write(".agents/wild/s7/tasks.md",
        "# Tasks\n\n- [ ] (Agent will decompose the goal into tasks on "
        "iteration 1)\n");
  write("README.md", "draft\n");
  auto r = wildplan("snapshot --json");
  EXPECT_EQ(json::parse(r.out)["held"], json::array({"README.md"}));
  write(".agents/wild/s7/tasks.md", read_file(kCases / "tasks-iter1.md") + "- [ ] Task 9: more\n");
  json doc = apply(1);
  EXPECT_EQ(doc["commit"]["staged"], json::array({".agents/wild/s7/tasks.md"}));
  EXPECT_EQ(doc["commit"]["left_out"], json::array({"README.md"}));
  // A layout of its own: the configuration's task_files say which files are the loop's.
  write(".wildplan.json", R"({"task_files": ["plans/*.md"]})");
  ASSERT_EQ(status("git add .wildplan.json && git commit -qm config"), 0);
  write("plans/now.md", "- [ ] Task 1: plan\n");
  r = wildplan("snapshot --json");
  EXPECT_EQ(json::parse(r.out)["held"], json::array({"README.md"}));
}

// A snapshot written before this format (hash and path lines, no header) held a path only while
// its content stayed as recorded: it is read so, and the next renewal writes the new format.
TEST_F(Snapshot, ASnapshotOfTheFirstFormatHoldsAPathOnlyWhileUnchanged) {
  write("README.md", "a person's draft\n");
  write("notes.md", "the loop's, changed later\n");
  const std::string readme = sh("git hash-object README.md");
  const std::string notes = sh("git hash-object notes.md");
  write(".git/wildplan/snapshot", readme.substr(0, readme.size() - 1) + " README.md\n" +
                                      notes.substr(0, notes.size() - 1) + " notes.md\n");
  write("notes.md", "the loop's, changed\n");
  const json doc = apply(1);
  EXPECT_EQ(doc["commit"]["staged"], json::array({"notes.md"}));
  EXPECT_EQ(doc["commit"]["left_out"], json::array({"README.md"}));
  EXPECT_EQ(read_file(dir_ / ".git/wildplan/snapshot"),
            "# wildplan snapshot 2\n" + readme.substr(0, readme.size() - 1) + " README.md\n");
}

// The snapshot records paths exactly, whatever bytes their names hold: a name with a line break
// cannot forge a second record.
TEST_F(Snapshot, APathWithALineBreakIsHeldExactly) {
  const std::string odd = "odd\n0000000000000000000000000000000000000000 work.txt";
  write(odd, "a person's\n");
  ASSERT_EQ(wildplan("snapshot").exit_code, 0);
  write("work.txt", "the agent's\n");
  const json doc = commit("--paths-from-snapshot");
  EXPECT_EQ(doc["commit"]["staged"], json::array({"work.txt"}));
  EXPECT_EQ(doc["commit"]["left_out"], json::array({odd}));
}

TEST_F(Snapshot, ItsDocumentListsTheHeldPathsAndThePatterns) {
  write("README.md", "draft\n");
  write("notes/a.md", "n\n");
  const auto r = wildplan("snapshot --exclude 'notes/**' --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["changed_paths"], 2);
  EXPECT_EQ(doc["held"], json::array({"README.md", "notes/a.md"}));
  EXPECT_EQ(doc["exclude"], json::array({"notes/**"}));
  EXPECT_EQ(wildplan("snapshot").out,
            "snapshot of 2 changed paths: commits from it leave them out until they are "
            "committed\n");
}

// What the snapshot cannot know: a file a person creates after it looks like the agent's work.
// --exclude keeps it out, given to commit, to apply, to the snapshot (for every commit from it)
// or in .wildplan.json; what it keeps out is reported with its own reason.
TEST_F(Snapshot, ExcludeKeepsAPersonsLaterFilesOut) {
  ASSERT_EQ(wildplan("snapshot").exit_code, 0);
  write("notes/today.md", "a person's notes, written after the snapshot\n");
  write("src/model.py", "the agent's\n");
  write("src/scratch.log", "x\n");
  const json doc = commit("--paths-from-snapshot --exclude 'notes/' --exclude '**/*.log'");
  EXPECT_EQ(doc["commit"]["staged"], json::array({"src/model.py"}));
  EXPECT_EQ(doc["commit"]["left_out_reasons"],
            json::parse(R"({"notes/today.md": "excluded", "src/scratch.log": "excluded"})"));
  const auto text = wildplan("commit -m again --exclude notes --exclude '**/*.log'", kAgent);
  EXPECT_EQ(text.out,
            "nothing to commit\n"
            "left out (matches an exclude pattern): notes/today.md\n"
            "left out (matches an exclude pattern): src/scratch.log\n");
}

// CLI11 reads `[a,b]` as a list of values; an exclude pattern in brackets is a bracket
// expression: `--exclude '[ab]'` leaves out a and b, not ab.
TEST_F(Snapshot, AnExcludePatternInBracketsIsABracketExpression) {
  write("a", "1\n");
  write("ab", "2\n");
  const json doc = commit("--exclude '[ab]'");
  EXPECT_EQ(doc["commit"]["staged"], json::array({"ab"}));
  EXPECT_EQ(doc["commit"]["left_out_reasons"], json::parse(R"({"a": "excluded"})"));
  const auto r = wildplan("snapshot --exclude '[[:digit:]]' --exclude '[ab]' --json");
  EXPECT_EQ(json::parse(r.out)["exclude"], json::array({"[[:digit:]]", "[ab]"}));
  EXPECT_EQ(wildplan("commit --exclude a b").exit_code, 2);  // one pattern an --exclude
}

TEST_F(Snapshot, ExcludeWorksWithoutASnapshotAndKeepsAStagedPathOut) {
  write("notes/a.md", "n\n");
  ASSERT_EQ(status("git add notes/a.md"), 0);
  write("train.py", "x\n");
  const json doc = commit("--exclude 'notes/*.md'");
  EXPECT_EQ(doc["commit"]["staged"], json::array({"train.py"}));
  EXPECT_EQ(doc["commit"]["left_out_reasons"], json::parse(R"({"notes/a.md": "excluded"})"));
  EXPECT_EQ(committed(), "train.py\n");
  EXPECT_EQ(sh("git status --porcelain"), "A  notes/a.md\n");
}

TEST_F(Snapshot, TheSnapshotsPatternsHoldForEveryCommitFromIt) {
  ASSERT_EQ(wildplan("snapshot --exclude 'notes/**'").exit_code, 0);
  for (int i = 1; i <= 2; ++i) {
    write("notes/n" + std::to_string(i) + ".md", "a person's\n");
    write("work" + std::to_string(i) + ".txt", "w\n");
    const json doc = apply(i);
    EXPECT_EQ(doc["commit"]["staged"], json::array({"work" + std::to_string(i) + ".txt"}));
  }
  EXPECT_EQ(sh("git status --porcelain"), "?? notes/\n");
}

TEST_F(Snapshot, TheConfigurationsExcludeKeepsPathsOutOfApplyAndCommit) {
  write(".wildplan.json", R"({"commit": {"exclude": ["notes/**", "*.draft"]}})");
  ASSERT_EQ(status("git add .wildplan.json && git commit -qm config"), 0);
  ASSERT_EQ(wildplan("snapshot").exit_code, 0);
  write("notes/a.md", "n\n");
  write("plan.draft", "d\n");
  write("work1.txt", "w\n");
  json doc = apply(1);
  EXPECT_EQ(doc["commit"]["staged"], json::array({"work1.txt"}));
  EXPECT_EQ(doc["commit"]["left_out_reasons"],
            json::parse(R"({"notes/a.md": "excluded", "plan.draft": "excluded"})"));
  write("work2.txt", "w\n");
  doc = commit();
  EXPECT_EQ(doc["commit"]["staged"], json::array({"work2.txt"}));
  // apply's own --exclude adds to the configuration's
  write("work3.txt", "w\n");
  write("work4.txt", "w\n");
  doc = apply(3, "--exclude work4.txt");
  EXPECT_EQ(doc["commit"]["staged"], json::array({"work3.txt"}));
  EXPECT_EQ(doc["commit"]["left_out"], json::array({"notes/a.md", "plan.draft", "work4.txt"}));
}

TEST_F(Snapshot, ABadExcludePatternIsAUsageError) {
  write("train.py", "x\n");
  const std::string before = head();
  for (const char* bad : {"'[abc'", "''", "'a\\'", "'../x'", "'[[:alhpa:]]'"}) {
    const auto r = wildplan(std::string("commit -m x --exclude ") + bad, kAgent);
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("--exclude"), std::string::npos) << r.err;
    EXPECT_EQ(head(), before) << bad;
  }
  auto r = wildplan("commit -m x --exclude '[abc'", kAgent);
  EXPECT_EQ(r.err.rfind("wildplan: error: --exclude '[abc': a '[' is not closed by ']'", 0), 0u)
      << r.err;
  r = wildplan("snapshot --exclude '[abc'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(dir_ / ".git/wildplan/snapshot"));
  r = wildplan("apply --reply '" + (kCases / "reply-iter2-no-plan.txt").string() +
                   "' --session s7 --iteration 1 --commit --exclude '[x' --json",
               kAgent);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(json::parse(r.out)["error"]["stage"], "request");
  EXPECT_EQ(sh("git status --porcelain"), "?? train.py\n");
}

TEST_F(Snapshot, ABadConfiguredPatternNamesItsJsonPath) {
  write(".wildplan.json", "{\n  \"commit\": {\"exclude\": [\"ok/**\", \"[bad\"]}\n}\n");
  write("train.py", "x\n");
  auto r = wildplan("commit -m x", kAgent);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(".wildplan.json:2:35: error: $.commit.exclude[1]: '[bad': a '[' is not "
                       "closed by ']' [config-invalid]"),
            std::string::npos)
      << r.err;
  write(".wildplan.json", "{\"commit\": {\"exclud\": []}}");
  r = wildplan("commit -m x", kAgent);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("$.commit.exclud: unknown key (known: exclude)"), std::string::npos)
      << r.err;
  EXPECT_EQ(sh("git status --porcelain"), "?? .wildplan.json\n?? train.py\n");
}

}  // namespace
}  // namespace wildplan::test
