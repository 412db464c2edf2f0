// This repository's .pre-commit-hooks.yaml under the real pre-commit framework (Debian's
// `pre-commit`; skipped when it is not installed): as `repo: local` and as `repo:` naming a local
// clone at a commit, on a throwaway repository with `pre-commit install`ed hooks.
#include <gtest/gtest.h>

#include <filesystem>

#include "git_fixture.hpp"

namespace wildplan::test {
namespace {

namespace fs = std::filesystem;

class PreCommitFramework : public GitTest {
 protected:
  void SetUp() override {
    if (std::system("pre-commit --version >/dev/null 2>&1") != 0)
      GTEST_SKIP() << "the pre-commit framework is not installed (scripts/deps.sh installs it)";
    GitTest::SetUp();
    // its own cache, and the built wildplan on the PATH (language: system)
    env_ = "PRE_COMMIT_HOME='" + (dir_.parent_path() / "cache").string() + "' PATH='" +
           fs::path(WILDPLAN_BINARY).parent_path().string() + "':\"$PATH\" ";
  }
  /// `git commit` through the framework's installed hook; its exit code, the output in `out`.
  int commit(const std::string& args, std::string* out = nullptr) const {
    int code = 0;
    const std::string o = sh(env_ + "git commit " + args, &code);
    if (out) *out = o;
    return code;
  }
  /// The three cases: a bad tasks.md refused, a good one passes, a commit that does not touch
  /// tasks.md passes although HEAD's tasks.md (committed with --no-verify) is bad.
  void check_hook() {
    ASSERT_EQ(status(env_ + "pre-commit install"), 0) << sh(env_ + "pre-commit install");
    write("README.md", "readme\n");
    ASSERT_EQ(commit("-qm config"), 0);

    write("tasks.md", kBadTasks);
    sh("git add tasks.md");
    std::string out;
    EXPECT_NE(commit("-qm bad", &out), 0);
    EXPECT_NE(out.find("tasks.md:7:15: error: the task is the prompt's placeholder text"),
              std::string::npos)
        << out;
    EXPECT_EQ(sh("git log -1 --format=%s"), "config\n");

    write("tasks.md", kGoodTasks);
    sh("git add tasks.md");
    EXPECT_EQ(commit("-qm good", &out), 0) << out;

    write("tasks.md", kBadTasks);
    sh("git add tasks.md");
    EXPECT_EQ(commit("-q --no-verify -m old-bad"), 0);
    write("README.md", "readme, edited\n");
    sh("git add README.md");
    EXPECT_EQ(commit("-qm readme", &out), 0) << out;
    EXPECT_EQ(sh("git log -1 --format=%s"), "readme\n");

    // the loop's layout is matched too
    write(".agents/wild/s1/tasks.md", kBadTasks);
    sh("git add -A");
    EXPECT_NE(commit("-qm session", &out), 0) << out;
  }
  std::string env_;
};

TEST_F(PreCommitFramework, AsALocalRepo) {
  // The hook definition of .pre-commit-hooks.yaml, as a local repo takes it.
  const std::string manifest = read_file(kSourceDir / ".pre-commit-hooks.yaml");
  std::string hooks;
  for (std::size_t pos = manifest.find("- id:"); pos < manifest.size();) {
    const std::size_t end = manifest.find('\n', pos);
    hooks += "      " + manifest.substr(pos, end - pos) + "\n";
    pos = end + 1;
  }
  write(".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks:\n" + hooks);
  sh("git add .pre-commit-config.yaml");
  ASSERT_EQ(status(env_ + "pre-commit validate-config .pre-commit-config.yaml"), 0)
      << sh(env_ + "pre-commit validate-config .pre-commit-config.yaml");
  check_hook();
}

TEST_F(PreCommitFramework, AsARepoAtACommit) {
  ASSERT_EQ(status(env_ + "pre-commit validate-manifest '" +
                   (kSourceDir / ".pre-commit-hooks.yaml").string() + "'"),
            0);
  // A clone of this repository (or a fresh one when the sources are not a git checkout), with
  // the manifest of the sources under test committed on top.
  const fs::path clone = dir_.parent_path() / "wildplan-clone";
  if (status("git -C '" + kSourceDir.string() + "' rev-parse --git-dir") == 0) {
    ASSERT_EQ(status("git clone -q --no-checkout '" + kSourceDir.string() + "' '" + clone.string() +
                     "' && git -C '" + clone.string() + "' reset -q"),
              0);
  } else {
    ASSERT_EQ(status("git init -q '" + clone.string() + "'"), 0);
  }
  fs::copy_file(kSourceDir / ".pre-commit-hooks.yaml", clone / ".pre-commit-hooks.yaml",
                fs::copy_options::overwrite_existing);
  ASSERT_EQ(status("cd '" + clone.string() +
                   "' && git add .pre-commit-hooks.yaml && git -c user.name=t -c "
                   "user.email=t@example.invalid commit -q --allow-empty -m manifest"),
            0);
  const std::string rev = sh("git -C '" + clone.string() + "' rev-parse HEAD");
  write(".pre-commit-config.yaml", "repos:\n  - repo: " + clone.string() +
                                       "\n    rev: " + rev.substr(0, rev.size() - 1) +
                                       "\n    hooks:\n      - id: wildplan-validate\n");
  sh("git add .pre-commit-config.yaml");
  check_hook();
}

}  // namespace
}  // namespace wildplan::test
