// Git: throwaway repositories made and checked with the git CLI; wildplan reads them with libgit2.
#include "wildplan/git.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

const std::string kGood =
    "# Tasks\n\n## Goal\nFix the flaky io test\n\n## Analysis\nThe cache races.\n\n## Tasks\n"
    "- [ ] Task 1: Reproduce the flake with pytest twenty times\n"
    "- [ ] Task 2: Add a lock around the shared cache\n"
    "- [ ] Task 3: Add a regression test for the race\n"
    "- [ ] Task 4: Run the whole suite three times\n"
    "- [ ] Task 5: Write the change log entry for it\n";
const std::string kBad = "# Tasks\n\n## Goal\nFix it\n\n## Tasks\n- [ ] Task 1: TBD\n";

class GitRepo : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::scratch_dir(testing::UnitTest::GetInstance()->current_test_info()->name());
    git("init -q -b main");
    git("config user.name 'wildplan test'");
    git("config user.email test@example.invalid");
    git("config commit.gpgsign false");
  }
  /// Runs git in the repository; its exit code.
  int git(const std::string& args) const {
    const std::string cmd = "git -C '" + dir_.string() + "' " + args + " >/dev/null 2>&1";
    return WEXITSTATUS(std::system(cmd.c_str()));
  }
  /// Runs wildplan in the repository.
  test::CliResult wildplan(const std::string& args, const std::string& env = "",
                           const std::string& sub = "") const {
    const std::string cmd = "cd '" + (dir_ / sub).string() + "' && " + env + " '" WILDPLAN_BINARY
                            "' " + args +
                            " </dev/null >'" + (dir_ / ".out").string() + "' 2>'" +
                            (dir_ / ".err").string() + "'";
    test::CliResult r;
    r.exit_code = WEXITSTATUS(std::system(cmd.c_str()));
    r.out = test::read_file(dir_ / ".out");
    r.err = test::read_file(dir_ / ".err");
    fs::remove(dir_ / ".out");
    fs::remove(dir_ / ".err");
    return r;
  }
  void write(const std::string& path, const std::string& text) const {
    fs::create_directories((dir_ / path).parent_path());
    test::write_file(dir_ / path, text);
  }
  fs::path dir_;
};

TEST_F(GitRepo, StagedJudgesTheStagedBlobNotTheWorkTree) {
  write("tasks.md", kBad);
  git("add tasks.md");
  write("tasks.md", kGood);
  auto r = wildplan("validate --staged");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("tasks.md:7:15: error: the task is the prompt's placeholder text"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(wildplan("validate tasks.md").exit_code, 0);
  // and the reverse
  git("add tasks.md");
  write("tasks.md", kBad);
  r = wildplan("validate --staged");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "tasks.md: ok (profile v2-planning: Goal and Tasks sections)\n");
}

TEST_F(GitRepo, StagedFindsTheLoopsLayoutAndSkipsOtherFiles) {
  write(".agents/wild/s1/tasks.md", kBad);
  write("notes/tasks.md", kBad);  // not matched by the default globs
  git("add -A");
  const auto r = wildplan("validate --staged");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(".agents/wild/s1/tasks.md:7:15: error"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("notes/tasks.md"), std::string::npos);
}

TEST_F(GitRepo, NothingStagedExitsZeroAtOnce) {
  write("README.md", "hi\n");
  git("add README.md");
  const auto r = wildplan("validate --staged");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
}

TEST_F(GitRepo, TheStagedConfigurationDecides) {
  write("tasks.md", kBad);
  write(".wildplan.json", R"({"rules": {"task-placeholder": "off"}, "profile": "generic"})");
  git("add -A");
  write(".wildplan.json", "{}");  // the work tree's copy is not what is being committed
  EXPECT_EQ(wildplan("validate --staged").exit_code, 0);
}

TEST_F(GitRepo, OutsideARepositoryIsExitTwo) {
  fs::remove_all(dir_ / ".git");
  const auto r = wildplan("validate --staged");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.err.starts_with("wildplan: error: cannot open a git repository at '.'")) << r.err;
}

TEST_F(GitRepo, TheHookBlocksABadPlanAndLetsAGoodOneThrough) {
  ASSERT_EQ(wildplan("hook install").exit_code, 0);
  EXPECT_TRUE(fs::exists(dir_ / ".git" / "hooks" / "pre-commit"));
  write("tasks.md", kBad);
  git("add tasks.md");
  EXPECT_NE(git("commit -qm bad"), 0);
  EXPECT_NE(git("rev-parse -q --verify HEAD"), 0);  // nothing was committed
  write("tasks.md", kGood);
  git("add tasks.md");
  EXPECT_EQ(git("commit -qm good"), 0);
  EXPECT_EQ(git("rev-parse -q --verify HEAD"), 0);
  // installing again updates it; uninstall removes it
  EXPECT_EQ(wildplan("hook install").out.substr(0, 8), "updated ");
  EXPECT_EQ(wildplan("hook uninstall").exit_code, 0);
  EXPECT_FALSE(fs::exists(dir_ / ".git" / "hooks" / "pre-commit"));
  EXPECT_EQ(wildplan("hook uninstall").out.substr(0, 19), "no pre-commit hook ");
}

TEST_F(GitRepo, TheHookRespectsCoreHooksPath) {
  git("config core.hooksPath .githooks");
  ASSERT_EQ(wildplan("hook install").exit_code, 0);
  EXPECT_TRUE(fs::exists(dir_ / ".githooks" / "pre-commit"));
  EXPECT_FALSE(fs::exists(dir_ / ".git" / "hooks" / "pre-commit"));
  write("tasks.md", kBad);
  git("add tasks.md");
  EXPECT_NE(git("commit -qm bad"), 0);
}

TEST_F(GitRepo, AForeignHookIsNeverOverwrittenOrRemoved) {
  write(".git/hooks/pre-commit", "#!/bin/sh\nexit 0\n");
  auto r = wildplan("hook install");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("a pre-commit hook that wildplan did not write is already at"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(test::read_file(dir_ / ".git" / "hooks" / "pre-commit"), "#!/bin/sh\nexit 0\n");
  r = wildplan("hook uninstall");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(fs::exists(dir_ / ".git" / "hooks" / "pre-commit"));
}

// --staged judges what the commit changes: a commit that touches only README.md is not refused
// because of an old session's tasks.md; --all judges every task file in the index.
TEST_F(GitRepo, StagedJudgesOnlyTheTaskFilesTheCommitChanges) {
  write("tasks.md", kBad);
  git("add tasks.md");
  git("commit -qm old");
  write("README.md", "hi\n");
  git("add README.md");
  auto r = wildplan("validate --staged");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "");
  r = wildplan("validate --staged --all");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("tasks.md:7:15: error"), std::string::npos) << r.out;
  // a mode change alone is a change
  git("update-index --chmod=+x tasks.md");
  EXPECT_EQ(wildplan("validate --staged").exit_code, 1);
  git("update-index --chmod=-x tasks.md");
  // renamed into the loop's layout: judged at its new path
  fs::create_directories(dir_ / ".agents" / "wild" / "s1");
  git("mv tasks.md .agents/wild/s1/tasks.md");
  r = wildplan("validate --staged");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(".agents/wild/s1/tasks.md:7:15: error"), std::string::npos) << r.out;
  // modified to good: passes
  write(".agents/wild/s1/tasks.md", kGood);
  git("add -A");
  EXPECT_EQ(wildplan("validate --staged").exit_code, 0);
}

// The pre-commit framework names the files: their staged content is judged, whatever the globs.
TEST_F(GitRepo, StagedJudgesTheFilesItIsGiven) {
  write("notes/plan.md", kBad);
  write("tasks.md", kGood);
  git("add -A");
  write("notes/plan.md", kGood);  // the work tree is not what is judged
  auto r = wildplan("validate --staged notes/plan.md tasks.md");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("notes/plan.md:7:15: error"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tasks.md: ok"), std::string::npos) << r.out;
  // from a subdirectory, named relative to it
  r = wildplan("validate --staged plan.md", "", "notes");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  write("unstaged.md", kGood);
  r = wildplan("validate --staged unstaged.md");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wildplan: error: 'unstaged.md' is not staged: there is nothing of it to judge\n");
  r = wildplan("validate --staged /etc/hostname");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is outside the work tree"), std::string::npos) << r.err;
  EXPECT_EQ(wildplan("validate --all").exit_code, 2);  // --all goes with --staged
  EXPECT_EQ(wildplan("validate --staged --all tasks.md").exit_code, 2);
}

// libgit2 is loaded on first use: a library that cannot be loaded is exit 2 with a message that
// names it and the package to install, on every git verb, never an abort; the verbs that do not
// need git still work.
TEST_F(GitRepo, AnUnloadableLibgit2IsExitTwoNamingIt) {
  const fs::path stub = dir_.parent_path() / "broken-lib";
  fs::create_directories(stub);
  test::write_file(stub / WILDPLAN_LIBGIT2_SONAME, "not a shared object\n");
  write("r.txt", "<plan>\n- [ ] a\n</plan>\n");
  const std::string env = "LD_LIBRARY_PATH='" + stub.string() + "'";
  for (const char* verb : {"validate --staged", "commit -m x", "snapshot", "hook install",
                           "diff HEAD:tasks.md tasks.md", "apply --reply r.txt --commit",
                           "merge-driver install", "merge-driver r.txt r.txt r.txt"}) {
    const auto r = wildplan(std::string(verb), env);
    EXPECT_EQ(r.exit_code, 2) << verb << ": " << r.err;
    // apply names the step that failed: "wildplan: error: repository: cannot load ..."
    EXPECT_NE(r.err.find("error: " + std::string(std::string_view(verb).starts_with("apply")
                                                     ? "repository: "
                                                     : "") +
                         "cannot load libgit2 (" WILDPLAN_LIBGIT2_SONAME
                         "), which every git command needs: "),
              std::string::npos)
        << verb << ": " << r.err;
    EXPECT_NE(r.err.find("file too short; install it (Debian: apt-get install libgit2-"),
              std::string::npos)
        << verb << ": " << r.err;
  }
  write("tasks.md", kGood);
  EXPECT_EQ(wildplan("validate tasks.md", env).exit_code, 0);
}

TEST(PathMatches, UsesShellGlobsThatDoNotCrossSlashes) {
  const std::vector<std::string> globs = {"tasks.md", ".agents/wild/*/tasks.md"};
  EXPECT_TRUE(path_matches("tasks.md", globs));
  EXPECT_TRUE(path_matches(".agents/wild/s-1/tasks.md", globs));
  EXPECT_FALSE(path_matches(".agents/wild/a/b/tasks.md", globs));
  EXPECT_FALSE(path_matches("docs/tasks.md", globs));
}

}  // namespace
}  // namespace wildplan
