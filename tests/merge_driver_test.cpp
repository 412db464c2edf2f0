// The merge driver as git runs it: registered with `wildplan merge-driver install`, then
// `git merge`, `git pull --rebase`, `git cherry-pick` and `git rebase -i` in linked worktrees and
// in clones of one bare remote, with the real git CLI on throwaway repositories.
#include <gtest/gtest.h>

#include <filesystem>

#include "git_fixture.hpp"

namespace wildplan::test {
namespace {

namespace fs = std::filesystem;

const std::string kTasks =
    "# Tasks\n"
    "\n"
    "## Goal\n"
    "Ship the loader\n"
    "\n"
    "## Phase 1: Setup\n"
    "- [ ] Task 1: Fetch the raw data from the bucket\n"
    "- [ ] Task 2: Write the loader for the parquet files\n"
    "- [ ] Task 3: Add a smoke test for the loader\n"
    "\n"
    "## Phase 2: Training\n"
    "- [ ] Task 4: Create the sweep for the learning rate\n"
    "- [ ] Task 5: Create three runs from the sweep\n";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

const std::string kBin = "'" WILDPLAN_BINARY "'";

class MergeDriverTest : public GitTest {
 protected:
  void SetUp() override {
    GitTest::SetUp();
    write("tasks.md", kTasks);
    ASSERT_EQ(status("git add -A && git commit -qm base"), 0);
  }
  /// Installs the driver in `repo` (default: ours) and commits .gitattributes there.
  void install(const std::string& repo = "") {
    const auto r = wildplan("merge-driver install", "", repo);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(status("git add .gitattributes && git commit -qm 'merge tasks by task'"), 0)
        << sh("git status", nullptr, repo);
  }
  /// A commit of `text` as tasks.md in `in` (a worktree or a clone).
  void commit_tasks(const std::string& text, const std::string& in, const std::string& msg) {
    write_file(fs::path(in) / "tasks.md", text);
    ASSERT_EQ(status("cd '" + in + "' && git commit -qam '" + msg + "'"), 0);
  }
  std::string tasks(const std::string& in = "") const {
    return read_file(fs::path(in.empty() ? dir_.string() : in) / "tasks.md");
  }
  std::string path(const char* name) const { return (dir_.parent_path() / name).string(); }
};

TEST_F(MergeDriverTest, InstallWritesTheConfigurationAndTheAttributesOnce) {
  write(".gitattributes", "*.png binary\n");
  const std::string config = (dir_ / ".git" / "config").string();
  const std::string original = read_file(config);
  auto r = wildplan("merge-driver install");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string attributes = (dir_ / ".gitattributes").string();
  EXPECT_EQ(r.out, "added: merge.wildplan.name = wildplan: task files merged task by task (" +
                       config + ")\nadded: merge.wildplan.driver = " + kBin +
                       " merge-driver --marker-size=%L %O %A %B %P (" + config +
                       ")\nadded: /tasks.md merge=wildplan (" + attributes +
                       ")\nadded: .agents/wild/*/tasks.md merge=wildplan (" + attributes + ")\n");
  EXPECT_EQ(sh("git config merge.wildplan.driver"),
            kBin + " merge-driver --marker-size=%L %O %A %B %P\n");
  EXPECT_EQ(sh("git config merge.wildplan.name"), "wildplan: task files merged task by task\n");
  EXPECT_EQ(read_file(dir_ / ".gitattributes"),
            "*.png binary\n/tasks.md merge=wildplan\n.agents/wild/*/tasks.md merge=wildplan\n");
  EXPECT_EQ(sh("git check-attr merge -- tasks.md .agents/wild/s1/tasks.md docs/tasks.md x.md"),
            "tasks.md: merge: wildplan\n.agents/wild/s1/tasks.md: merge: wildplan\n"
            "docs/tasks.md: merge: unspecified\nx.md: merge: unspecified\n");
  // again: nothing changes
  const std::string config_before = read_file(config);
  EXPECT_NE(config_before.find("[merge \"wildplan\"]"), std::string::npos) << config_before;
  r = wildplan("merge-driver install");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.find("added"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("unchanged: /tasks.md merge=wildplan"), std::string::npos) << r.out;
  EXPECT_EQ(read_file(config), config_before);
  EXPECT_EQ(read_file(dir_ / ".gitattributes"),
            "*.png binary\n/tasks.md merge=wildplan\n.agents/wild/*/tasks.md merge=wildplan\n");
  // uninstall removes exactly that
  r = wildplan("merge-driver uninstall");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("removed: merge.wildplan.driver"), std::string::npos) << r.out;
  EXPECT_EQ(status("git config merge.wildplan.driver"), 1);
  EXPECT_EQ(status("git config merge.wildplan.name"), 1);
  EXPECT_EQ(read_file(config), original);
  EXPECT_EQ(read_file(dir_ / ".gitattributes"), "*.png binary\n");
  EXPECT_EQ(sh("git check-attr merge -- tasks.md"), "tasks.md: merge: unspecified\n");
  r = wildplan("merge-driver uninstall");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "absent: merge.wildplan.name =  (" + config +
                       ")\nabsent: merge.wildplan.driver =  (" + config + ")\n");
}

TEST_F(MergeDriverTest, LocalAttributesAndConfiguredTaskFiles) {
  write(".wildplan.json", R"({"task_files": ["plans/*.md", "TODO.md", "my tasks.md"]})");
  const auto r = wildplan("merge-driver install --local --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"kind\": \"merge-driver\""), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir_ / ".gitattributes"));
  EXPECT_EQ(
      read_file(dir_ / ".git" / "info" / "attributes"),
      "plans/*.md merge=wildplan\n/TODO.md merge=wildplan\n\"/my tasks.md\" merge=wildplan\n");
  EXPECT_EQ(sh("git check-attr merge -- plans/a.md plans/x/a.md TODO.md 'my tasks.md' tasks.md"),
            "plans/a.md: merge: wildplan\nplans/x/a.md: merge: unspecified\n"
            "TODO.md: merge: wildplan\nmy tasks.md: merge: wildplan\n"
            "tasks.md: merge: unspecified\n");
  EXPECT_EQ(wildplan("merge-driver uninstall").exit_code, 0);
  EXPECT_FALSE(fs::exists(dir_ / ".git" / "info" / "attributes"));
}

TEST_F(MergeDriverTest, UsageProblemsAreExitTwoAndLeaveOursAlone) {
  write("o.md", kTasks);
  auto r = wildplan("merge-driver base.md o.md");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("merge-driver takes BASE OURS THEIRS [PATH]"), std::string::npos) << r.err;
  r = wildplan("merge-driver missing.md o.md tasks.md tasks.md");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.md"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(dir_ / "o.md"), kTasks);
  r = wildplan("merge-driver install --marker-size 9");
  EXPECT_EQ(r.exit_code, 2);
  r = wildplan("merge-driver tasks.md o.md tasks.md --marker-size 0");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(MergeDriverTest, TheDriverWritesOursAndReports) {
  write("base.md", kTasks);
  write("ours.md", replace(kTasks, "[ ] Task 1", "[x] Task 1"));
  write("theirs.md", replace(kTasks, "[ ] Task 2", "[/] Task 2"));
  auto r = wildplan("merge-driver base.md ours.md theirs.md tasks.md");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "tasks.md: merged by task: 1 from ours, 1 from theirs; clean\n");
  EXPECT_EQ(read_file(dir_ / "ours.md"),
            replace(replace(kTasks, "[ ] Task 1", "[x] Task 1"), "[ ] Task 2", "[/] Task 2"));
  write("ours.md", replace(kTasks, "smoke test", "fuzz test"));
  write("theirs.md", replace(kTasks, "smoke test", "unit test"));
  r = wildplan("merge-driver --json base.md ours.md theirs.md tasks.md");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("\"kind\": \"merge\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"kind\": \"task-text\""), std::string::npos) << r.out;
  EXPECT_NE(read_file(dir_ / "ours.md").find("<<<<<<< ours\n- [ ] Task 3: Add a fuzz test"),
            std::string::npos);
}

// The README's case: two agents in two linked worktrees, one merge.
TEST_F(MergeDriverTest, TwoWorktreesTwoAgentsOneMerge) {
  install();
  const std::string a = path("wt-a"), b = path("wt-b");
  ASSERT_EQ(status("git worktree add -q -b agent-a '" + a +
                   "' && git worktree add -q -b agent-b '" + b + "'"),
            0);
  // each agent works with wildplan's own verbs in its worktree
  ASSERT_EQ(wildplan("check 1", "", a).exit_code, 0);
  ASSERT_EQ(wildplan("add 'Profile the loader on the full bucket' --phase 1", "", a).exit_code, 0);
  ASSERT_EQ(status("cd '" + a + "' && git commit -qam 'agent a'"), 0);
  ASSERT_EQ(wildplan("start 2", "", b).exit_code, 0);
  ASSERT_EQ(wildplan("add 'Document the parquet schema' --phase 1", "", b).exit_code, 0);
  ASSERT_EQ(status("cd '" + b + "' && git commit -qam 'agent b'"), 0);
  // git alone cannot merge them
  const std::string base = path("base.md"), ours = path("ours.md"), theirs = path("theirs.md");
  sh("git show main:tasks.md >'" + base + "' && git show agent-a:tasks.md >'" + ours +
     "' && git show agent-b:tasks.md >'" + theirs + "'");
  EXPECT_NE(status("git merge-file -q '" + ours + "' '" + base + "' '" + theirs + "'"), 0);
  // with the driver, one merge takes both
  ASSERT_EQ(status("git merge -q agent-a"), 0);
  int code = 0;
  const std::string out = sh("git merge --no-edit agent-b", &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("tasks.md: merged by task: 1 from ours, 1 from theirs, 2 added; clean"),
            std::string::npos)
      << out;
  // `add --phase 1` takes the id after the phase's last task (3a), on each side
  EXPECT_NE(out.find("both sides added a task with the id 'Task 3a'"), std::string::npos) << out;
  EXPECT_EQ(tasks(), replace(replace(kTasks, "- [ ] Task 1", "- [x] Task 1"),
                             "- [ ] Task 2: Write the loader for the parquet files\n"
                             "- [ ] Task 3: Add a smoke test for the loader\n",
                             "- [/] Task 2: Write the loader for the parquet files\n"
                             "- [ ] Task 3: Add a smoke test for the loader\n"
                             "- [ ] Task 3a: Profile the loader on the full bucket\n"
                             "- [ ] Task 3a: Document the parquet schema\n"));
  EXPECT_EQ(sh("git status --porcelain"), "");
}

TEST_F(MergeDriverTest, ClonesOfOneBareRemotePullWithRebase) {
  install();
  const std::string remote = path("remote.git"), a = path("a"), b = path("b");
  ASSERT_EQ(status("git clone -q --bare . '" + remote + "' && git clone -q '" + remote + "' '" + a +
                   "' && git clone -q '" + remote + "' '" + b + "'"),
            0);
  for (const std::string& clone : {a, b}) {
    sh("git config user.name Agent && git config user.email agent@example.invalid", nullptr, clone);
    // the configuration is each clone's own; .gitattributes came with the clone
    ASSERT_EQ(wildplan("merge-driver install", "", clone).exit_code, 0);
    EXPECT_EQ(sh("git status --porcelain", nullptr, clone), "");
  }
  commit_tasks(replace(kTasks, "[ ] Task 1", "[x] Task 1"), a, "a: task 1");
  ASSERT_EQ(status("cd '" + a + "' && git push -q"), 0);
  commit_tasks(replace(kTasks, "[ ] Task 2", "[x] Task 2"), b, "b: task 2");
  int code = 0;
  const std::string out = sh("cd '" + b + "' && git pull -q --rebase", &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(tasks(b),
            replace(replace(kTasks, "[ ] Task 1", "[x] Task 1"), "[ ] Task 2", "[x] Task 2"));
  ASSERT_EQ(status("cd '" + b + "' && git push -q && cd '" + a + "' && git pull -q --ff-only"), 0);
  EXPECT_EQ(tasks(a), tasks(b));
}

TEST_F(MergeDriverTest, CherryPickAndRebaseInteractiveGoThroughTheDriver) {
  install();
  sh("git checkout -q -b feature");
  commit_tasks(replace(kTasks, "[ ] Task 1", "[x] Task 1"), dir_.string(), "task 1");
  const std::string one = kTasks;
  commit_tasks(replace(replace(kTasks, "[ ] Task 1", "[x] Task 1"), "[ ] Task 2", "[x] Task 2"),
               dir_.string(), "task 2");
  // rebase -i with the two commits swapped: each pick merges adjacent lines
  int code = 0;
  std::string out =
      sh("GIT_SEQUENCE_EDITOR=\"sed -i -n '1h;1!p;\\$x;\\$p'\" git rebase -q -i HEAD~2", &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(sh("git log --format=%s -2"), "task 1\ntask 2\n");
  EXPECT_EQ(tasks(),
            replace(replace(kTasks, "[ ] Task 1", "[x] Task 1"), "[ ] Task 2", "[x] Task 2"));
  // cherry-pick "task 2" (Task 2 checked) onto main, where Task 3 moved on
  sh("git checkout -q main");
  commit_tasks(replace(kTasks, "[ ] Task 3", "[/] Task 3"), dir_.string(), "task 3");
  out = sh("git cherry-pick feature~1", &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(tasks(),
            replace(replace(kTasks, "[ ] Task 2", "[x] Task 2"), "[ ] Task 3", "[/] Task 3"));
}

TEST_F(MergeDriverTest, AConflictShowsAsGitShowsOneAndResolvesAsAny) {
  install();
  sh("git checkout -q -b other");
  commit_tasks(replace(replace(kTasks, "smoke test", "unit test"), "[ ] Task 5", "[x] Task 5"),
               dir_.string(), "other");
  sh("git checkout -q main");
  commit_tasks(replace(kTasks, "smoke test", "fuzz test"), dir_.string(), "main");
  int code = 0;
  std::string out = sh("git merge --no-edit other", &code);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("CONFLICT (content): Merge conflict in tasks.md"), std::string::npos) << out;
  EXPECT_NE(out.find("tasks.md:9: error: Task 3 'Add a fuzz test for the loader'"),
            std::string::npos)
      << out;
  EXPECT_EQ(sh("git status --porcelain"), "UU tasks.md\n");
  EXPECT_EQ(sh("git ls-files -u tasks.md | wc -l"), "3\n");
  // markers around that one line; Task 5, changed on their side only, is merged
  EXPECT_EQ(tasks(), replace(replace(kTasks, "- [ ] Task 3: Add a smoke test for the loader\n",
                                     "<<<<<<< ours\n- [ ] Task 3: Add a fuzz test for the loader\n"
                                     "=======\n- [ ] Task 3: Add a unit test for the loader\n"
                                     ">>>>>>> theirs\n"),
                             "[ ] Task 5", "[x] Task 5"));
  // a merge tool resolves it as any conflict
  out =
      sh("git -c mergetool.keepBackup=false -c mergetool.pick.cmd='cp \"$REMOTE\" \"$MERGED\"' -c "
         "mergetool.pick.trustExitCode=true mergetool --tool=pick --no-prompt tasks.md",
         &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(status("git commit -q --no-edit"), 0);
  EXPECT_EQ(tasks(),
            replace(replace(kTasks, "smoke test", "unit test"), "[ ] Task 5", "[x] Task 5"));
  // the conflict-marker-size attribute is git's %L
  sh("git reset -q --hard HEAD~1 && echo '/tasks.md conflict-marker-size=12' >>.gitattributes && "
     "git commit -qam size");
  EXPECT_EQ(status("git merge --no-edit other"), 1);
  EXPECT_NE(tasks().find("<<<<<<<<<<<< ours\n"), std::string::npos) << tasks();
  EXPECT_EQ(status("git merge --abort"), 0);
  EXPECT_EQ(sh("git status --porcelain"), "");
}

}  // namespace
}  // namespace wildplan::test
