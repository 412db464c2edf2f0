// The installed pre-commit hook under every form of `git commit`, in linked worktrees, and with
// git's environment variables: the real git CLI on throwaway repositories.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "git_fixture.hpp"

namespace wildplan::test {
namespace {

namespace fs = std::filesystem;

/// The built wildplan first on the PATH, as the installed hook looks for it there.
const std::string kPath =
    "PATH='" + fs::path(WILDPLAN_BINARY).parent_path().string() + "':\"$PATH\" ";

/// A good task list that differs from kGoodTasks (and from the other `n`).
std::string good(int n) {
  return kGoodTasks + "- [ ] Task 6: Record the timing of run " + std::to_string(n) + "\n";
}

class HookTest : public GitTest {
 protected:
  void SetUp() override {
    GitTest::SetUp();
    ASSERT_EQ(wildplan("hook install").exit_code, 0);
    write("tasks.md", kGoodTasks);
    write("README.md", "readme\n");
    ASSERT_EQ(status(kPath + "git add -A && git commit -qm base"), 0);
  }
};

// git commit -a, PATH, --only, --include and --amend run the hook with GIT_INDEX_FILE naming the
// index they are about to commit (index.lock, next-index-*.lock), not .git/index: a bad tasks.md
// that was never `git add`ed is refused all the same, and a good one goes through.
TEST_F(HookTest, EveryFormOfGitCommitIsJudgedOnWhatItCommits) {
  const char* forms[] = {"commit -a -m x",
                         "commit -m x tasks.md",
                         "commit --only -m x tasks.md",
                         "commit --include -m x tasks.md",
                         "commit --amend -a -m x",
                         "commit --amend -m x tasks.md"};
  int n = 0;
  for (const char* form : forms) {
    SCOPED_TRACE(form);
    write("tasks.md", kBadTasks);  // modified, not staged
    const std::string before = head();
    const std::string index_before = sh("git ls-files -s");
    int code = 0;
    const std::string out = sh(kPath + "git " + form, &code);
    EXPECT_NE(code, 0) << out;
    EXPECT_NE(out.find("tasks.md:7:15: error: the task is the prompt's placeholder text"),
              std::string::npos)
        << out;
    EXPECT_EQ(head(), before);
    EXPECT_EQ(sh("git ls-files -s"), index_before);  // the real index as it was
    write("tasks.md", good(++n));
    EXPECT_EQ(status(kPath + "git " + form), 0);
    EXPECT_NE(head(), before);
    EXPECT_EQ(sh("git show HEAD:tasks.md"), good(n));
  }
}

// A plain --amend commits the index: a bad tasks.md left unstaged is not part of it, and is not
// held against it.
TEST_F(HookTest, AnAmendOfTheIndexIgnoresAnUnstagedTaskFile) {
  write("README.md", "more\n");
  sh("git add README.md");
  write("tasks.md", kBadTasks);
  EXPECT_EQ(status(kPath + "git commit --amend -m amended"), 0);
  EXPECT_EQ(sh("git show HEAD:tasks.md"), kGoodTasks);
}

// The minimal form from the issue: a temporary index that holds the bad file.
TEST_F(HookTest, ValidateStagedReadsTheIndexGitIndexFileNames) {
  write("tasks.md", kBadTasks);
  const std::string tmp = (dir_.parent_path() / "tmp-index").string();
  sh("cp .git/index '" + tmp + "' && GIT_INDEX_FILE='" + tmp + "' git add tasks.md");
  EXPECT_EQ(wildplan("validate --staged", "GIT_INDEX_FILE='" + tmp + "'").exit_code, 1);
  EXPECT_EQ(wildplan("validate --staged").exit_code, 0);  // .git/index still holds the good one
  // relative to the work tree's top, as git reads it, wherever the command starts
  fs::create_directories(dir_ / "sub");
  sh("cp '" + tmp + "' .git/other-index");
  EXPECT_EQ(
      wildplan("validate --staged", "GIT_INDEX_FILE=.git/other-index", (dir_ / "sub").string())
          .exit_code,
      1);
}

// One install serves every linked worktree: git reads the common directory's hooks/.
TEST_F(HookTest, OneInstallServesEveryLinkedWorktree) {
  const std::string wt = (dir_.parent_path() / "wt").string();
  ASSERT_EQ(status("git worktree add -q '" + wt + "'"), 0);
  ASSERT_EQ(wildplan("hook uninstall", "", wt).exit_code, 0);
  EXPECT_FALSE(fs::exists(dir_ / ".git" / "hooks" / "pre-commit"));
  const auto r = wildplan("hook install", "", wt);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "installed " + (dir_ / ".git" / "hooks" / "pre-commit").string() + "\n");
  EXPECT_FALSE(fs::exists(dir_ / ".git" / "worktrees" / "wt" / "hooks"));
  // git in the worktree runs it (GIT_DIR names the worktree's git directory)
  write_file(fs::path(wt) / "tasks.md", kBadTasks);
  const std::string before = sh("git rev-parse HEAD", nullptr, wt);
  EXPECT_NE(status("cd '" + wt + "' && " + kPath + "git commit -qam bad"), 0);
  EXPECT_EQ(sh("git rev-parse HEAD", nullptr, wt), before);
  // and so does wildplan's own commit --verify there
  const auto c = wildplan("commit --verify -m bad", kPath, wt);
  EXPECT_EQ(c.exit_code, 1) << c.out << c.err;
  EXPECT_NE(c.err.find("the pre-commit hook '" + (dir_ / ".git" / "hooks").string() +
                       "/pre-commit' refused the commit"),
            std::string::npos)
      << c.err;
  EXPECT_EQ(sh("git rev-parse HEAD", nullptr, wt), before);
  write_file(fs::path(wt) / "tasks.md", good(1));
  EXPECT_EQ(wildplan("commit --verify -m good", kPath, wt).exit_code, 0);
  EXPECT_EQ(sh("git show HEAD:tasks.md", nullptr, wt), good(1));
}

// core.hooksPath relative to the work tree's top, wherever the command runs.
TEST_F(HookTest, CoreHooksPathIsRelativeToTheTop) {
  ASSERT_EQ(wildplan("hook uninstall").exit_code, 0);
  sh("git config core.hooksPath .githooks && mkdir -p deep/er");
  EXPECT_EQ(wildplan("hook install", "", (dir_ / "deep" / "er").string()).exit_code, 0);
  EXPECT_TRUE(fs::exists(dir_ / ".githooks" / "pre-commit"));
  write("tasks.md", kBadTasks);
  EXPECT_NE(status("cd deep && " + kPath + "git commit -qam bad"), 0);
  EXPECT_EQ(wildplan("commit --verify -m bad --repo deep/er", kPath).exit_code, 1);
}

// The hook runs the wildplan on the PATH; without one, the binary that installed it; without
// either, it refuses and says how to go on.
TEST_F(HookTest, TheHookFallsBackToItsInstallerThenSaysWhatToDo) {
  write("tasks.md", kBadTasks);
  // a wildplan on the PATH is the one run
  write_script("../bin/wildplan", "#!/bin/sh\necho \"path wildplan: $*\" >&2\nexit 0\n");
  const std::string fake = "PATH='" + (dir_.parent_path() / "bin").string() + "':/usr/bin:/bin ";
  int code = 0;
  std::string out = sh(fake + "git commit -qam x", &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("path wildplan: validate --staged"), std::string::npos) << out;
  sh("git reset -q --soft HEAD~1");
  // none on the PATH: the installer's
  out = sh("PATH=/usr/bin:/bin git commit -qam x", &code);
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("tasks.md:7:15: error"), std::string::npos) << out;
  // neither: a refusal that says what to do
  const std::string copy = (dir_.parent_path() / "wildplan-copy").string();
  fs::copy_file(WILDPLAN_BINARY, copy);
  ASSERT_EQ(wildplan("hook uninstall").exit_code, 0);
  ASSERT_EQ(status("'" + copy + "' hook install"), 0);
  fs::remove(copy);
  write("tasks.md", good(1));
  out = sh("PATH=/usr/bin:/bin git commit -qam x", &code);
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("wildplan pre-commit hook: cannot run wildplan (not on the PATH, and not "
                     "at " +
                     copy + ")"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("git commit --no-verify"), std::string::npos) << out;
}

// GIT_DIR and GIT_WORK_TREE from anywhere, GIT_DIR alone (the start directory is the work tree).
TEST_F(HookTest, GitDirAndWorkTreeFromTheEnvironment) {
  write("tasks.md", kBadTasks);
  sh("git add tasks.md");
  const std::string outside = dir_.parent_path().string();
  const std::string env =
      "GIT_DIR='" + (dir_ / ".git").string() + "' GIT_WORK_TREE='" + dir_.string() + "'";
  auto r = wildplan("validate --staged", env, outside);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("tasks.md:7:15: error"), std::string::npos) << r.out;
  EXPECT_EQ(wildplan("validate --staged", "GIT_DIR=.git").exit_code, 1);
  // commit --verify from outside, the repository named by relative paths: the hook, run in the
  // work tree's top, is handed absolute ones and judges the file (exit 1), not a lost repository
  const auto c =
      wildplan("commit --verify -m bad", kPath + "GIT_DIR=repo/.git GIT_WORK_TREE=repo", outside);
  EXPECT_EQ(c.exit_code, 1) << c.err;
  EXPECT_NE(c.err.find("refused the commit (exit 1)"), std::string::npos) << c.err;
  // a separate git directory, found through GIT_DIR alone
  sh("git commit -q --no-verify -m bad && mv .git ../separate.git");
  write("tasks.md", good(1));
  r = wildplan("commit --verify -m good", kPath + "GIT_DIR=../separate.git");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sh("GIT_DIR=../separate.git git show HEAD:tasks.md"), good(1));
}

// Objects somewhere else: the staged blob is read from GIT_OBJECT_DIRECTORY.
TEST_F(HookTest, ObjectsFromGitObjectDirectory) {
  write("tasks.md", kBadTasks);
  const std::string objects = (dir_.parent_path() / "objects").string();
  sh("cp -a .git/objects '" + objects + "' && GIT_OBJECT_DIRECTORY='" + objects +
     "' git add tasks.md");
  EXPECT_EQ(wildplan("validate --staged").exit_code, 2);  // the blob is not in .git/objects
  const auto r = wildplan("validate --staged", "GIT_OBJECT_DIRECTORY='" + objects + "'");
  EXPECT_EQ(r.exit_code, 1) << r.err;
}

// GIT_COMMON_DIR that agrees with the worktree is followed; another is refused, not ignored.
TEST_F(HookTest, GitCommonDirIsFollowedOrRefused) {
  const std::string wt = (dir_.parent_path() / "wt").string();
  ASSERT_EQ(status("git worktree add -q '" + wt + "'"), 0);
  write_file(fs::path(wt) / "tasks.md", kBadTasks);
  sh("git add tasks.md", nullptr, wt);
  const std::string env = "GIT_DIR='" + (dir_ / ".git" / "worktrees" / "wt").string() +
                          "' GIT_COMMON_DIR='" + (dir_ / ".git").string() + "'";
  EXPECT_EQ(wildplan("validate --staged", env, wt).exit_code, 1);
  const auto r = wildplan("validate --staged", "GIT_COMMON_DIR=/tmp", wt);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("GIT_COMMON_DIR='/tmp' names another common directory"), std::string::npos)
      << r.err;
}

// A commit that stages no task file never starts libgit2: git names what is staged, and wildplan
// reads the repository only when a task file is among the names (strace: no process of the commit
// opens libgit2). One that stages tasks.md is judged as before.
// The hook's sieve (the task-file globs written into it at install): a commit that stages no task
// file starts no wildplan; one that does starts it, and it reads the repository; a configuration
// newer than the hook has wildplan decide every commit, without libgit2 when no task file is
// staged (--names-from).
TEST_F(HookTest, ACommitThatStagesNoTaskFileStartsNoWildplan) {
  if (std::system("strace -qq -o /dev/null true >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "strace cannot trace here (not installed, or ptrace not allowed)";
  const std::string log = (dir_.parent_path() / "strace.log").string();
  // LeakSanitizer cannot run under ptrace: in the sanitizer build, wildplan skips its leak check.
  const std::string traced =
      "ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=openat,execve -o '" + log + "' ";
  write("README.md", "changed\n");
  write("tasks.md", kBadTasks);  // changed in the work tree, not staged
  sh("git add README.md");
  int code = 0;
  std::string out = sh(kPath + traced + "git commit -qm readme", &code);
  EXPECT_EQ(code, 0) << out;
  std::string trace = read_file(log);
  EXPECT_EQ(trace.find("validate"), std::string::npos) << trace.substr(0, 2000);  // no wildplan
  EXPECT_EQ(trace.find("libgit2"), std::string::npos) << trace.substr(0, 2000);
  // a configuration changed since the install: wildplan decides, from git's names alone
  write(".wildplan.json", "{\"task_files\": [\"tasks.md\", \"plans/*.md\"]}\n");
  fs::last_write_time(
      dir_ / ".wildplan.json",
      fs::last_write_time(dir_ / ".git" / "hooks" / "pre-commit") + std::chrono::seconds(5));
  write("README.md", "changed again\n");
  sh("git add README.md");
  out = sh(kPath + traced + "git commit -qm readme2", &code);
  EXPECT_EQ(code, 0) << out;
  trace = read_file(log);
  EXPECT_NE(trace.find("\"--names-from=-\""), std::string::npos) << trace.substr(0, 2000);
  EXPECT_EQ(trace.find("libgit2"), std::string::npos) << trace.substr(0, 2000);
  sh("git add tasks.md");
  out = sh(kPath + traced + "git commit -qm bad", &code);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("tasks.md:7:15: error"), std::string::npos) << out;
  EXPECT_NE(out.find("wildplan pre-commit hook: commit refused"), std::string::npos) << out;
  EXPECT_NE(read_file(log).find("libgit2"), std::string::npos);
}

// The sieve's globs as the configuration says them (fnmatch's, `*` within one directory).
TEST_F(HookTest, TheSieveKnowsTheConfiguredTaskFiles) {
  ASSERT_EQ(wildplan("hook uninstall").exit_code, 0);
  write(".wildplan.json", "{\"task_files\": [\"TODO.md\", \"docs/*/TODO.md\"]}\n");
  sh("git add .wildplan.json && git commit -qm config --no-verify");
  ASSERT_EQ(wildplan("hook install").exit_code, 0);
  for (const char* name : {"TODO.md", "docs/deep/TODO.md"}) {
    SCOPED_TRACE(name);
    write(name, kBadTasks);
    int code = 0;
    const std::string out = sh(kPath + "git add -A && git commit -qm bad", &code);
    EXPECT_EQ(code, 1) << out;
    EXPECT_NE(out.find("TODO.md:7:15: error"), std::string::npos) << out;
    sh("git reset -q && rm -f '" + std::string(name) + "'");
  }
  write("notes/TODO.txt", kBadTasks);  // not a task file: the sieve lets the commit through
  EXPECT_EQ(status(kPath + "git add -A && git commit -qm notes"), 0);
}

// The names as git prints them: a task file under a directory whose name git quotes is still one.
TEST_F(HookTest, QuotedNamesAreTaskFilesToo) {
  write(".agents/wild/séance 1/tasks.md", kBadTasks);
  int code = 0;
  const std::string out = sh(kPath + "git add -A && git commit -qm bad", &code);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("séance 1/tasks.md:7:15: error"), std::string::npos) << out;
}

// --names-from decides from the names alone, with the work tree's configuration; when
// .wildplan.json itself is among them, the staged one decides (the index is read).
TEST_F(HookTest, NamesFromDecidesWithoutTheRepositoryUnlessTheConfigurationIsStaged) {
  // a wildplan run fed its names on standard input
  const auto fed = [&](const std::string& names, const std::string& in = "") {
    CliResult c;
    const std::string cmd = "cd '" + (in.empty() ? dir_.string() : in) + "' && printf '" + names +
                            "' | '" WILDPLAN_BINARY "' validate --staged --names-from=- >'" +
                            out_path("wo").string() + "' 2>'" + out_path("we").string() + "'";
    const int st = std::system(cmd.c_str());
    c.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    c.out = read_file(out_path("wo"));
    c.err = read_file(out_path("we"));
    return c;
  };
  // no repository is read for names that are no task file: a broken .git goes unnoticed
  const fs::path broken = dir_.parent_path() / "broken";
  fs::create_directories(broken / ".git");
  auto r = fed("README.md\\nsrc/a.c\\n", broken.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = fed("tasks.md\\n", broken.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;  // a task file: now the repository is read, and it is not one
  // the work tree's configuration names the task files
  write(".wildplan.json", R"({"task_files": ["plans/*.md"]})");
  write("plans/a.md", kBadTasks);
  sh("git add plans/a.md");
  r = fed("plans/a.md\\n");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("plans/a.md:7:15: error"), std::string::npos) << r.out;
  EXPECT_EQ(fed("README.md\\n").exit_code, 0);
  // a staged configuration rules: with .wildplan.json among the names the index decides, with
  // the staged one (plans/ again), not the work tree's (tasks.md alone)
  write(".wildplan.json", R"({"task_files": ["tasks.md"]})");
  sh("git add .wildplan.json && git commit -q --no-verify -m config .wildplan.json");
  write(".wildplan.json", R"({"task_files": ["plans/*.md"]})");
  sh("git add .wildplan.json");
  write(".wildplan.json", R"({"task_files": ["tasks.md"]})");  // the work tree's: not plans/
  r = fed(".wildplan.json\\nplans/a.md\\n");
  EXPECT_EQ(r.exit_code, 1) << r.err;  // judged: the staged configuration makes it a task file
  // names git could not have printed are a usage error
  EXPECT_EQ(fed("\"unclosed\\n").exit_code, 2);
  EXPECT_EQ(wildplan("validate --staged --names-from=- --all").exit_code, 2);
}

}  // namespace
}  // namespace wildplan::test
