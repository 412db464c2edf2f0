// wildplan commit as `git add -A && git commit` does it: the hooks of --verify in git's order
// with git's arguments and environment, the index lock, submodules and nested repositories.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "git_fixture.hpp"

namespace wildplan::test {
namespace {

namespace fs = std::filesystem;

class CommitHooks : public GitTest {
 protected:
  void SetUp() override {
    GitTest::SetUp();
    write("a.txt", "good\n");
    ASSERT_EQ(status("git add -A && git commit -qm base"), 0);
  }
  /// A hook that appends its name, arguments and environment to ../hooks.log, then `body`.
  void hook(const std::string& name, const std::string& body = "exit 0") const {
    write_script(".git/hooks/" + name,
                 "#!/bin/sh\n{ echo \"" + name +
                     " [$*] index=$GIT_INDEX_FILE editor=$GIT_EDITOR author=$GIT_AUTHOR_NAME "
                     "cwd=$(pwd)\"; } >>../hooks.log\n" +
                     body + "\n");
  }
  std::string log() const { return read_file(dir_.parent_path() / "hooks.log"); }
};

// The order and the arguments of githooks(5), the staged content visible to pre-commit through
// GIT_INDEX_FILE, a message edited by commit-msg, the real index for post-commit.
TEST_F(CommitHooks, VerifyRunsGitsHooksInGitsOrder) {
  hook("pre-commit", "git show :a.txt >>../hooks.log");
  hook("prepare-commit-msg", "printf '\\nprepared\\n' >>\"$1\"");
  hook("commit-msg", "sed -i 's/^x$/edited by commit-msg/' \"$1\"");
  hook("post-commit", "git log -1 --format=%s >>../hooks.log; exit 3");
  write("a.txt", "changed, never added\n");
  const auto r = wildplan("commit --verify -m x --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string lock = (dir_ / ".git" / "index.lock").string();
  const std::string msg = (dir_ / ".git" / "COMMIT_EDITMSG").string();
  const std::string rest = " editor=: author=Loop Bot cwd=" + dir_.string() + "\n";
  EXPECT_EQ(log(), "pre-commit [] index=" + lock + rest + "changed, never added\n" +
                       "prepare-commit-msg [" + msg + " message] index=" + lock + rest +
                       "commit-msg [" + msg + "] index=" + lock + rest + "post-commit [] index=" +
                       (dir_ / ".git" / "index").string() + rest + "edited by commit-msg\n");
  EXPECT_EQ(sh("git log -1 --format=%B"), "edited by commit-msg\n\nprepared\n\n");
  EXPECT_EQ(nlohmann::json::parse(r.out)["commit"]["committed"], true);  // post-commit's 3: no
  EXPECT_EQ(sh("git status --porcelain"), "");
  EXPECT_FALSE(fs::exists(lock));
}

// The pre-commit hook judges what is about to be committed: the work tree staged first. A hook
// that checks the content it is given refuses a bad unstaged change and passes a good one.
TEST_F(CommitHooks, ThePreCommitHookSeesTheStagedWorkTree) {
  hook("pre-commit", "test \"$(git show :a.txt)\" != bad");
  write("a.txt", "bad\n");
  const std::string index_before = read_file(dir_ / ".git" / "index");
  const std::string before = head();
  auto r = wildplan("commit --verify -m x");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "wildplan: error: the pre-commit hook '" + (dir_ / ".git" / "hooks").string() +
                       "/pre-commit' refused the commit (exit 1): nothing was committed; the "
                       "index and HEAD are as they were\n");
  EXPECT_EQ(head(), before);
  EXPECT_EQ(read_file(dir_ / ".git" / "index"), index_before);  // byte for byte
  EXPECT_FALSE(fs::exists(dir_ / ".git" / "index.lock"));
  write("a.txt", "fine\n");
  r = wildplan("commit --verify -m x");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sh("git show HEAD:a.txt"), "fine\n");
}

TEST_F(CommitHooks, CommitMsgCanRefuseAndPrepareCommitMsgToo) {
  hook("commit-msg", "exit 1");
  write("a.txt", "changed\n");
  const std::string before = head();
  auto r = wildplan("commit --verify -m x");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the commit-msg hook"), std::string::npos) << r.err;
  EXPECT_EQ(head(), before);
  EXPECT_EQ(sh("git status --porcelain"), " M a.txt\n");  // nothing staged either
  hook("commit-msg", "exit 0");
  hook("prepare-commit-msg", ": >\"$1\"");  // empties the message
  r = wildplan("commit --verify -m x");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the commit message is empty"), std::string::npos) << r.err;
  EXPECT_EQ(head(), before);
}

// Without --verify no hook runs (libgit2 runs none by itself); a hook that is not executable
// is ignored, as git ignores it; one without #! runs with the shell, as git runs it.
TEST_F(CommitHooks, WhichHooksRun) {
  hook("pre-commit", "exit 1");
  write("a.txt", "changed\n");
  EXPECT_EQ(wildplan("commit -m plain").exit_code, 0);
  fs::permissions(dir_ / ".git" / "hooks" / "pre-commit",
                  fs::perms::owner_read | fs::perms::owner_write);
  write("a.txt", "changed again\n");
  EXPECT_EQ(wildplan("commit --verify -m x").exit_code, 0);
  write_script(".git/hooks/pre-commit", "echo no-shebang >>../hooks.log; exit 1\n");
  write("a.txt", "and again\n");
  EXPECT_EQ(wildplan("commit --verify -m x").exit_code, 1);
  EXPECT_EQ(log(), "no-shebang\n");
}

// Nothing to commit: pre-commit has run (as in git), the other hooks have not.
TEST_F(CommitHooks, NothingToCommitRunsOnlyPreCommit) {
  hook("pre-commit");
  hook("commit-msg");
  const auto r = wildplan("commit --verify -m x --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["commit"]["reason"], "nothing to commit");
  EXPECT_EQ(log().substr(0, 11), "pre-commit ");
  EXPECT_EQ(log().find("commit-msg"), std::string::npos);
}

// A hook whose end cannot be waited for is a failure, never a success: with SIGCHLD ignored the
// kernel reaps the child and waitpid fails.
TEST_F(CommitHooks, AHookThatCannotBeWaitedForIsAFailure) {
  hook("pre-commit", "exit 1");
  write("a.txt", "changed\n");
  const std::string before = head();
  int code = 0;
  const std::string out =
      sh("python3 -c 'import os, signal, sys; signal.signal(signal.SIGCHLD, "
         "signal.SIG_IGN); os.execv(sys.argv[1], sys.argv[1:])' '" WILDPLAN_BINARY
         "' commit --verify -m x",
         &code);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("cannot wait for the pre-commit hook"), std::string::npos) << out;
  EXPECT_EQ(head(), before);
}

// The index is locked before it is read: a `git add -f` that holds the lock while commit waits
// is in the commit, not written over (an ignored file: `git add -A` alone would not add it).
TEST_F(CommitHooks, TheIndexIsLockedBeforeItIsRead) {
  write(".gitignore", "*.log\n");
  write("forced.log", "added by hand\n");
  write("a.txt", "changed\n");
  sh("cp .git/index .git/index.lock");  // another git process holds the lock
  sh("'" WILDPLAN_BINARY "' commit -m x --lock-timeout 10 >../commit.out 2>&1 & echo $! >../pid");
  sh("sleep 0.5 && GIT_INDEX_FILE=.git/index.lock git add -f forced.log && "
     "mv .git/index.lock .git/index");  // its `git add` done, the lock released
  sh("while kill -0 $(cat ../pid) 2>/dev/null; do sleep 0.05; done");
  EXPECT_NE(read_file(dir_.parent_path() / "commit.out").find("committed"), std::string::npos)
      << read_file(dir_.parent_path() / "commit.out");
  EXPECT_EQ(sh("git show --name-only --format= HEAD | sort"), ".gitignore\na.txt\nforced.log\n");
  EXPECT_EQ(sh("git status --porcelain"), "");
}

// Submodules as `git add -A` treats them: one whose commit moved is staged as its new commit,
// an uninitialised one is left alone; a repository that is not a submodule is left out, and
// said so.
TEST_F(CommitHooks, SubmodulesAndNestedRepositories) {
  const std::string sub = (dir_.parent_path() / "sub-origin").string();
  ASSERT_EQ(status("git init -q -b main '" + sub + "' && git -C '" + sub +
                   "' -c user.name=a -c user.email=a@b commit -q --allow-empty -m one"),
            0);
  ASSERT_EQ(status("git -c protocol.file.allow=always submodule add -q '" + sub +
                   "' sub && git -c protocol.file.allow=always submodule add -q '" + sub +
                   "' uninit && git commit -qm submodules"),
            0);
  sh("git submodule deinit -q -f uninit");  // an empty directory now
  sh("git -C sub -c user.name=a -c user.email=a@b commit -q --allow-empty -m moved");
  write("vendor/lib/.git/HEAD", "ref: refs/heads/main\n");
  write("vendor/lib/code.c", "int x;\n");
  write("vendor/notes.txt", "n\n");
  const std::string theirs_sub = sh("git -C sub rev-parse HEAD");
  auto r = wildplan("commit -m moved --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out)["commit"];
  EXPECT_EQ(doc["staged"], nlohmann::json::array({"sub", "vendor/notes.txt"}));
  EXPECT_EQ(doc["left_out"], nlohmann::json::array({"vendor/lib"}));
  EXPECT_EQ(doc["left_out_reasons"], nlohmann::json::object({{"vendor/lib", "nested-repository"}}));
  EXPECT_EQ(sh("git rev-parse HEAD:sub"), theirs_sub);
  EXPECT_EQ(sh("git status --porcelain --ignore-submodules=none"), "?? vendor/lib/\n");
  EXPECT_EQ(sh("git ls-files -s uninit | cut -c1-6"), "160000\n");
  // and in the text
  write("vendor/more.txt", "m\n");
  r = wildplan("commit -m more");
  EXPECT_NE(r.out.find("left out (a repository of its own, not a submodule: add it with 'git "
                       "submodule add' to commit it): vendor/lib\n"),
            std::string::npos)
      << r.out;
  // a submodule whose directory is gone is a deletion, as for git add -A
  sh("rm -rf sub");
  EXPECT_EQ(wildplan("commit -m gone").exit_code, 0);
  EXPECT_EQ(sh("git ls-files sub"), "");
}

}  // namespace
}  // namespace wildplan::test
