// commit, snapshot, apply and diff on throwaway repositories, checked with the git CLI.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_util.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

class Repo : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::scratch_dir(testing::UnitTest::GetInstance()->current_test_info()->name());
    sh("git init -q -b main && git config user.name 'Loop Bot' && git config user.email "
       "bot@example.invalid "
       "&& git config commit.gpgsign false");
  }
  /// Runs a shell command in the repository; its stdout.
  std::string sh(const std::string& cmd, int* code = nullptr) const {
    const std::string full =
        "cd '" + dir_.string() + "' && ( " + cmd + " ) >'" + out_path("o").string() + "' 2>&1";
    const int status = std::system(full.c_str());
    if (code) *code = WEXITSTATUS(status);
    return test::read_file(out_path("o"));
  }
  test::CliResult wildplan(const std::string& args, const std::string& env = "") const {
    test::CliResult r;
    const std::string cmd = "cd '" + dir_.string() + "' && " + env + " '" WILDPLAN_BINARY "' " +
                            args + " </dev/null >'" + out_path("wo").string() + "' 2>'" +
                            out_path("we").string() + "'";
    r.exit_code = WEXITSTATUS(std::system(cmd.c_str()));
    r.out = test::read_file(out_path("wo"));
    r.err = test::read_file(out_path("we"));
    return r;
  }
  void write(const std::string& path, const std::string& text) const {
    fs::create_directories((dir_ / path).parent_path());
    test::write_file(dir_ / path, text);
  }
  /// The tree `git add -A && git commit` makes of the work tree as it is now, computed on a
  /// copy of the repository.
  std::string gits_tree() const {
    const std::string copy = "../" + dir_.filename().string() + "-copy";
    sh("rm -rf " + copy + " && cp -a . " + copy + " && cd " + copy +
       " && git add -A 2>/dev/null && git commit -qm theirs");
    return sh("cd " + copy + " && git rev-parse HEAD^{tree}");
  }
  /// Output files live beside the repository, never in it.
  fs::path out_path(const char* name) const {
    return dir_.parent_path() / (dir_.filename().string() + "." + name);
  }
  fs::path dir_;
};

TEST_F(Repo, FirstCommitOnAnUnbornBranch) {
  write("a.txt", "a\n");
  write(".gitignore", "build/\n");
  write("build/out.o", "binary\n");
  const auto r = wildplan("commit -m 'first'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("on refs/heads/main (the first commit): 2 paths staged"), std::string::npos)
      << r.out;
  EXPECT_EQ(sh("git log --format=%s%n%an"), "first\nLoop Bot\n");
  EXPECT_EQ(sh("git show --stat --format= HEAD | sort"),
            " .gitignore | 1 +\n 2 files changed, 2 insertions(+)\n a.txt      | 1 +\n");
  EXPECT_EQ(sh("git status --porcelain"), "");  // build/ is ignored, and stays out
}

TEST_F(Repo, TheTreeEqualsWhatGitAddAllMakes) {
  write("keep.txt", "k\n");
  write("gone.txt", "g\n");
  write("mod.txt", "m\n");
  sh("git add -A && git commit -qm base");
  fs::remove(dir_ / "gone.txt");
  write("mod.txt", "changed\n");
  write("new/dir/file.txt", "n\n");
  write(".git/info/exclude", "secret.txt\n");
  write("secret.txt", "s\n");
  const std::string theirs = gits_tree();
  EXPECT_EQ(wildplan("commit -m ours").exit_code, 0);
  EXPECT_EQ(sh("git rev-parse HEAD^{tree}"), theirs);
  EXPECT_EQ(sh("git status --porcelain"), "");
}

TEST_F(Repo, EveryKindOfChangeMatchesGit) {
  write("script.sh", "echo hi\n");
  write("link", "");
  fs::remove(dir_ / "link");
  fs::create_symlink("script.sh", dir_ / "link");
  write("was-file", "f\n");
  write("was-dir/inner.txt", "i\n");
  write("logs/.gitignore", "*.log\n");
  write("logs/keep.txt", "k\n");
  write("build/tracked.txt", "t\n");
  write(".gitignore", "build/\n");
  write("crlf.txt", "a\r\nb\r\n");
  sh("git add -A && git add -f build/tracked.txt && git commit -qm base");
  sh("chmod +x script.sh");  // the executable bit
  fs::remove(dir_ / "link");
  fs::create_symlink("crlf.txt", dir_ / "link");  // a symlink retargeted
  fs::remove(dir_ / "was-file");
  write("was-file/now-a-dir.txt", "d\n");  // a file became a directory
  fs::remove_all(dir_ / "was-dir");
  write("was-dir", "now a file\n");  // and the other way round
  write("logs/today.log", "ignored by a nested .gitignore\n");
  write("logs/new.txt", "n\n");
  write("build/tracked.txt", "changed, in an ignored directory\n");
  write("build/untracked.o", "ignored\n");
  write("crlf.txt", "a\r\nb\r\nc\r\n");
  sh("mkfifo fifo");  // never added
  const std::string theirs = gits_tree();
  const auto r = wildplan("commit -m ours");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sh("git rev-parse HEAD^{tree}"), theirs);
  EXPECT_EQ(sh("git status --porcelain"), "");  // git does not list the FIFO either
}

TEST_F(Repo, AttributesAndAutocrlfGoThroughGitsFilters) {
  write(".gitattributes", "*.txt text eol=lf\n");
  write("a.txt", "one\n");
  write("b.bin", "raw\r\n");
  sh("git add -A && git commit -qm base");
  write("a.txt", "one\r\ntwo\r\n");  // stored with LF
  write("b.bin", "raw\r\nstill raw\r\n");
  const std::string theirs = gits_tree();
  EXPECT_EQ(wildplan("commit -m ours").exit_code, 0);
  EXPECT_EQ(sh("git rev-parse HEAD^{tree}"), theirs);
  EXPECT_EQ(sh("git show HEAD:a.txt"), "one\ntwo\n");

  sh("git rm -q --cached .gitattributes && rm .gitattributes && git commit -qm plain && "
     "git config core.autocrlf input");
  write("c.txt", "x\r\ny\r\n");
  const std::string theirs2 = gits_tree();
  EXPECT_EQ(wildplan("commit -m ours").exit_code, 0);
  EXPECT_EQ(sh("git rev-parse HEAD^{tree}"), theirs2);
  EXPECT_EQ(sh("git show HEAD:c.txt"), "x\ny\n");
}

TEST_F(Repo, SparseAndAssumeUnchangedEntriesAreLeftAlone) {
  write("sparse.txt", "s\n");
  write("assumed.txt", "a\n");
  write("plain.txt", "p\n");
  sh("git add -A && git commit -qm base && git update-index --skip-worktree sparse.txt && "
     "git update-index --assume-unchanged assumed.txt");
  fs::remove(dir_ / "sparse.txt");  // a sparse checkout leaves it out of the work tree
  write("assumed.txt", "changed, but assumed unchanged\n");
  write("plain.txt", "changed\n");
  const std::string theirs = gits_tree();
  EXPECT_EQ(wildplan("commit -m ours").exit_code, 0);
  EXPECT_EQ(sh("git rev-parse HEAD^{tree}"), theirs);
  EXPECT_EQ(sh("git ls-files"), "assumed.txt\nplain.txt\nsparse.txt\n");
  EXPECT_EQ(sh("git show HEAD:assumed.txt"), "a\n");
}

// git 2.40+ with index.skipHash writes a null checksum that Debian's libgit2 1.5 rejects: the
// error says what happened and how to rewrite the index, not only "corrupt".
TEST_F(Repo, AnIndexWithoutChecksumIsExplained) {
  write("tasks.md", "- [ ] Task 1: a\n");
  sh("git add -A && git commit -qm base");
  sh("python3 -c \"import sys; p='.git/index'; b=open(p,'rb').read(); "
     "open(p,'wb').write(b[:-20] + bytes(20))\"");
  for (const char* args : {"validate --staged", "commit -m x"}) {
    const auto r = wildplan(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find("index.skipHash"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("git update-index --really-refresh"), std::string::npos) << r.err;
  }
}

TEST_F(Repo, ATouchedButUnchangedFileIsNotACommit) {
  write("a.txt", "a\n");
  sh("git add -A && git commit -qm base");
  sh("sleep 0.01 && touch a.txt && chmod 600 a.txt");
  auto r = wildplan("commit --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["commit"]["reason"], "nothing to commit") << r.out;
  EXPECT_EQ(sh("git rev-list --count HEAD"), "1\n");
  // core.filemode off: the executable bit alone is no change either
  sh("git config core.filemode false && chmod +x a.txt");
  r = wildplan("commit --json");
  EXPECT_EQ(nlohmann::json::parse(r.out)["commit"]["reason"], "nothing to commit") << r.out;
}

TEST_F(Repo, ARepositoryInsideIsNeverSweptIn) {
  write("a.txt", "a\n");
  sh("git add -A && git commit -qm base");
  write("vendor/lib/.git/HEAD", "ref: refs/heads/main\n");
  write("vendor/lib/code.c", "int x;\n");
  write("vendor/notes.txt", "n\n");
  EXPECT_EQ(wildplan("commit -m ours").exit_code, 0);
  EXPECT_EQ(sh("git ls-files"), "a.txt\nvendor/notes.txt\n");
}

TEST_F(Repo, NothingToCommitMakesNoEmptyCommit) {
  write("a.txt", "a\n");
  sh("git add -A && git commit -qm base");
  const auto r = wildplan("commit --json");
  EXPECT_EQ(r.exit_code, 0);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["commit"]["committed"], false);
  EXPECT_EQ(doc["commit"]["reason"], "nothing to commit");
  EXPECT_EQ(sh("git rev-list --count HEAD"), "1\n");
}

TEST_F(Repo, ADetachedHeadIsCommittedThereAndSaysSo) {
  write("a.txt", "a\n");
  sh("git add -A && git commit -qm base && git checkout -q --detach");
  write("a.txt", "b\n");
  const auto r = wildplan("commit -m detached");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("on a detached HEAD (on no branch)"), std::string::npos) << r.out;
  EXPECT_EQ(sh("git rev-list --count HEAD"), "2\n");
  EXPECT_EQ(sh("git rev-list --count main"), "1\n");
}

TEST_F(Repo, AHeldIndexLockWaitsThenNamesIt) {
  write("a.txt", "a\n");
  sh("git add -A && git commit -qm base");
  write("a.txt", "b\n");
  write(".git/index.lock", "");
  const auto r = wildplan("commit -m x --lock-timeout 0.1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("index.lock' is held: another git process is running"), std::string::npos)
      << r.err;
  EXPECT_EQ(sh("git rev-list --count HEAD"), "1\n");
  // released in time: the commit goes through
  fs::remove(dir_ / ".git" / "index.lock");
  sh("touch .git/index.lock; (sleep 0.2; rm .git/index.lock) &");
  EXPECT_EQ(wildplan("commit -m x --lock-timeout 5").exit_code, 0);
  EXPECT_EQ(sh("git rev-list --count HEAD"), "2\n");
}

TEST_F(Repo, BareRepositoriesMergesAndNoRepositoryAreRefused) {
  write("a.txt", "a\n");
  sh("git add -A && git commit -qm base && git checkout -qb side && echo side > a.txt && git "
     "commit -qam side && "
     "git checkout -q main && echo main > a.txt && git commit -qam main");
  int code = 0;
  sh("git merge side", &code);
  ASSERT_NE(code, 0);  // a conflict: MERGE_HEAD is there
  auto r = wildplan("commit -m x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("a merge is in progress"), std::string::npos) << r.err;
  sh("git merge --abort");
  sh("git init -q --bare ../" + dir_.filename().string() + "-bare.git");
  r = wildplan("commit -m x --repo ../" + dir_.filename().string() + "-bare.git");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bare repository"), std::string::npos) << r.err;
  r = wildplan("commit -m x --repo /");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(Repo, NoIdentityIsExitTwoNeverInvented) {
  sh("git config --unset user.name && git config --unset user.email");
  write("a.txt", "a\n");
  const auto r = wildplan("commit -m x",
                          "HOME=/nonexistent XDG_CONFIG_HOME=/nonexistent GIT_CONFIG_NOSYSTEM=1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no identity to commit as"), std::string::npos) << r.err;
  EXPECT_EQ(wildplan("commit -m x --author 'Ana <ana@example.invalid>'",
                     "HOME=/nonexistent XDG_CONFIG_HOME=/nonexistent GIT_CONFIG_NOSYSTEM=1")
                .exit_code,
            0);
  EXPECT_EQ(sh("git log --format='%an <%ae>'"), "Ana <ana@example.invalid>\n");
}

TEST_F(Repo, TheSnapshotLeavesAPersonsEditUncommitted) {
  write("person.txt", "p\n");
  write("agent.txt", "a\n");
  sh("git add -A && git commit -qm base");
  write("person.txt", "edited by a person before the iteration\n");
  ASSERT_EQ(wildplan("snapshot").exit_code, 0);
  write("agent.txt", "edited by the agent\n");
  write("new.txt", "created by the agent\n");
  const auto r = wildplan("commit -m iteration --paths-from-snapshot --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["commit"]["left_out"], nlohmann::json::array({"person.txt"}));
  EXPECT_EQ(sh("git show --name-only --format= HEAD"), "agent.txt\nnew.txt\n");
  EXPECT_EQ(sh("git status --porcelain"), " M person.txt\n");
}

TEST_F(Repo, VerifyRunsThePreCommitHook) {
  write("a.txt", "a\n");
  write(".git/hooks/pre-commit", "#!/bin/sh\necho refused >&2\nexit 1\n");
  fs::permissions(dir_ / ".git" / "hooks" / "pre-commit", fs::perms::owner_all);
  auto r = wildplan("commit -m x --verify");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the pre-commit hook"), std::string::npos) << r.err;
  int code = 0;
  sh("git rev-parse -q --verify HEAD", &code);
  EXPECT_NE(code, 0);
  EXPECT_EQ(wildplan("commit -m x").exit_code, 0);  // libgit2 runs no hook by itself
}

TEST_F(Repo, ApplyEndToEndTwice) {
  write(".agents/wild/s1/tasks.md",
        "# Tasks\n- [ ] (Agent will decompose the goal into tasks on iteration 1)\n");
  write("train.py", "print('hi')\n");
  const std::string reply =
      (test::kSourceDir / "fixtures/examples/echo-then-plan/reply.txt").string();
  const std::string goal =
      "Tune the learning rate and warmup of the nanoGPT char-level Shakespeare model to beat val "
      "loss 1.47";
  auto r = wildplan("apply --reply '" + reply + "' --session s1 --iteration 0 --goal '" + goal +
                    "' --commit --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["reply"]["plan_found"], true);
  EXPECT_EQ(doc["reply"]["line"], 140);
  EXPECT_EQ(doc["tasks"]["action"], "written");
  EXPECT_EQ(doc["signals"]["promise"], "WAITING");
  EXPECT_EQ(doc["validation"]["errors"], 0);
  EXPECT_EQ(doc["counts"]["total"], 7);
  EXPECT_EQ(doc["commit"]["committed"], true);
  EXPECT_EQ(sh("git log -1 --format=%B"),
            "wild-v2: iteration 0 \xE2\x80\x94 Tune the learning rate and warmup of the "
            "nanoGPT\xE2\x80\xA6\n\n"
            "Wild-Session: s1\nWild-Iteration: 0\nTasks: 0/7 done\n\n");
  EXPECT_NE(
      test::read_file(dir_ / ".agents/wild/s1/tasks.md").find("- [ ] Task 7: Write `report.md`"),
      std::string::npos);
  // The second run finds nothing to change.
  r = wildplan("apply --reply '" + reply + "' --session s1 --iteration 1 --goal '" + goal +
               "' --commit --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["tasks"]["action"], "kept");
  EXPECT_EQ(doc["tasks"]["written"], false);
  EXPECT_EQ(doc["commit"]["committed"], false);
  EXPECT_EQ(sh("git rev-list --count HEAD"), "1\n");
  // Without --goal, the subject takes the Goal section of tasks.md.
  write("notes.txt", "more work\n");
  r = wildplan("apply --reply '" + reply + "' --session s1 --iteration 2 --commit");
  EXPECT_EQ(sh("git log -1 --format=%s"),
            "wild-v2: iteration 2 \xE2\x80\x94 Tune the learning rate and warmup of the "
            "nanoGPT\xE2\x80\xA6\n");
}

TEST_F(Repo, ApplyKeepsDoneTasksOnAReplan) {
  write("tasks.md",
        "# Tasks\n\n## Tasks\n- [x] Task 1: Read the code\n- [/] Task 2: Write the fix\n");
  write("reply.txt",
        "<plan>\n# Tasks\n\n## Tasks\n- [ ] Task 1: Read the code\n- [ ] Task 2: Write the fix\n"
        "- [ ] Task 3: Add a regression test\n</plan>\n");
  const auto r = wildplan("apply --reply reply.txt --tasks tasks.md --replan --json");
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["tasks"]["action"], "merged");
  EXPECT_EQ(test::read_file(dir_ / "tasks.md"),
            "# Tasks\n\n## Tasks\n- [x] Task 1: Read the code\n- [/] Task 2: Write the fix\n- [ ] "
            "Task 3: Add a regression test\n");
}

TEST_F(Repo, ApplyWithoutAPlanKeepsTheFileAndSaysSo) {
  write("tasks.md", "- [x] Task 1: Read the code\n");
  write("reply.txt", "I ran out of time.\n");
  const auto r = wildplan("apply --reply reply.txt --tasks tasks.md");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("kept: the reply holds no usable plan: tasks.md is kept as it is"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(test::read_file(dir_ / "tasks.md"), "- [x] Task 1: Read the code\n");
}

TEST_F(Repo, ApplyFailOnErrorDoesNotCommit) {
  write("reply.txt", "<plan>\n# Tasks\n\n## Goal\nx\n\n## Tasks\n- [ ] Task 1: TBD\n</plan>\n");
  const auto r =
      wildplan("apply --reply reply.txt --tasks tasks.md --commit --fail-on-error --json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(r.out)["commit"]["reason"],
            "not committed: the validation found errors (--fail-on-error)");
  int code = 0;
  sh("git rev-parse -q --verify HEAD", &code);
  EXPECT_NE(code, 0);
}

TEST_F(Repo, DiffReadsRevisionsAndTheIndex) {
  write("tasks.md", "- [ ] Task 1: a\n- [ ] Task 2: b\n");
  sh("git add -A && git commit -qm base");
  write("tasks.md", "- [x] Task 1: a\n- [ ] Task 2: b\n- [ ] Task 3: c\n");
  sh("git add tasks.md");
  auto r = wildplan("diff HEAD:tasks.md :tasks.md");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, ":tasks.md:1: todo -> done Task 1 a\n:tasks.md:3: added Task 3 c\n");
  EXPECT_EQ(wildplan("diff :tasks.md tasks.md").exit_code, 0);
  r = wildplan("diff HEAD~3:tasks.md tasks.md");
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace wildplan
