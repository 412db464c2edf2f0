// The todo list and the promise checks the way the loop meets them: the built binary on
// transcripts, `apply --sync-todos`, `--fail-on-false-done`, and checked-without-change on a
// throwaway repository made with the git CLI.
#include <gtest/gtest.h>

#include "git_fixture.hpp"
#include "test_util.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;
using test::GitTest;

const fs::path kCases = test::kSourceDir / "fixtures/extract";

TEST(TodosCli, ParseFromTodosGivesTheTodoListAsAPlan) {
  const std::string file = (kCases / "claude-todowrite/reply.jsonl").string();
  auto r = test::run_cli("parse --reply " + file + " --from todos");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("todos from " + file + ":6 (TodoWrite, 2 updates)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("3 tasks: 1 todo, 1 done, 1 in progress"), std::string::npos) << r.out;
  r = test::run_cli("parse --reply " + file + " --from todos --json");
  EXPECT_NE(r.out.find("\"file\": \"" + file + " (todos)\""), std::string::npos) << r.out;
  // A text reply has no todo list: an error, exit 1.
  r = test::run_cli("parse --reply - --from todos", "<plan>\n- [ ] a\n</plan>\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("[todos-missing]"), std::string::npos) << r.err;
  r = test::run_cli("parse --from todos tasks.md");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(TodosCli, ExtractJsonCarriesTheTodoList) {
  const auto r = test::run_cli("extract --json " + (kCases / "codex-rollout-update-plan/reply.jsonl").string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"todos\": {\n    \"source\": \"update_plan\",\n    \"line\": 6,\n"
                       "    \"updates\": 2,"),
            std::string::npos)
      << r.out;
  const auto text = test::run_cli("extract --json -", "<plan>\n- [ ] a b c\n</plan>\n");
  EXPECT_NE(text.out.find("\"todos\": null"), std::string::npos);
}

TEST(TodosCli, TagFormatsReadBodiesAsData) {
  const std::string reply =
      "Done.\n<evo_sweep>\n```json\n{\"target_script\": \"train.py\", \"population_size\": 4}\n"
      "```\n</evo_sweep>\n<experiments>\n- goal: \"Run the tests\"\n  command: pytest -q\n"
      "- goal: Baseline\n  workdir: /w\n</experiments>\n<steer_child>\nexperiment_id abc\n"
      "</steer_child>\n";
  auto r = test::run_cli(
      "extract --json --tag evo_sweep --tag experiments --tag-format json --tag-format fields -",
      reply);
  EXPECT_NE(r.out.find("\"value\": {\"target_script\":\"train.py\",\"population_size\":4}"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("{\"goal\": \"Run the tests\", \"command\": \"pytest -q\"}"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.exit_code, 1);  // no plan in this reply
  r = test::run_cli("extract --tag steer_child --tag-format fields -", reply);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("<stdin>:14:1: error: a line of <steer_child> is not `key: value`"),
            std::string::npos)
      << r.err;
  r = test::run_cli("extract --tag evo_sweep --tag-format json -", "<evo_sweep>{\"a\": }</evo_sweep>\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("<stdin>:1:18: error: the <evo_sweep> body is not JSON"), std::string::npos)
      << r.err;
  r = test::run_cli("extract --tag a --tag b --tag c --tag-format json --tag-format fields -", "x");
  EXPECT_EQ(r.exit_code, 2);
}

// A generic task list (no Goal and Tasks sections): its validation finds nothing, so the exit
// codes below are the checks'.
constexpr const char* kTasks =
    "# Tasks\n\n"
    "- [ ] Task 1: Create a virtual environment with uv and install requirements.txt\n"
    "- [ ] Task 2: Write the baseline training script\n"
    "- [ ] Task 3: Create the learning-rate sweep through the API\n";

class ApplyTodos : public GitTest {};

TEST_F(ApplyTodos, SyncTodosMarksTheFileAndSaysWhy) {
  write("tasks.md", kTasks);
  fs::copy_file(kCases / "codex-rollout-update-plan/reply.jsonl", dir_ / "r.jsonl");
  auto r = wildplan(
      "apply --reply r.jsonl --tasks tasks.md --profile generic"
      " --iteration 2 --sync-todos --json");
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(test::read_file(dir_ / "tasks.md"),
            "# Tasks\n\n"
            "- [x] Task 1: Create a virtual environment with uv and install requirements.txt\n"
            "- [/] Task 2: Write the baseline training script\n"
            "- [ ] Task 3: Create the learning-rate sweep through the API\n");
  EXPECT_NE(r.out.find("\"todo_sync\": {\n    \"mode\": \"mark\",\n    \"changed\": [\n"
                       "      {\"id\": \"Task 1\", \"title\": \"Create a virtual environment with "
                       "uv and install requirements.txt\", \"line\": 3, \"from\": \"todo\", "
                       "\"to\": \"done\", \"todo\": 0, \"matched_by\": \"text\"}"),
            std::string::npos)
      << r.out;
  // Without --sync-todos the file stays, and the document's todo_sync is null.
  write("tasks.md", kTasks);
  r = wildplan("apply --reply r.jsonl --tasks tasks.md --profile generic --iteration 2 --json");
  EXPECT_EQ(test::read_file(dir_ / "tasks.md"), kTasks);
  EXPECT_NE(r.out.find("\"todo_sync\": null"), std::string::npos);
}

TEST_F(ApplyTodos, FailOnFalseDoneExitsOneWhileTasksAreOpen) {
  write("tasks.md", kTasks);
  write("r.txt", "All finished.\n<promise>DONE</promise>\n");
  auto r = wildplan("apply --reply r.txt --tasks tasks.md --profile generic --iteration 3");
  EXPECT_EQ(r.exit_code, 0) << r.err;  // a warning: the loop decides
  EXPECT_NE(r.out.find("tasks.md:3:1: warning: the reply promises DONE but 3 of 3 tasks are "
                       "still open: Task 1 (todo), Task 2 (todo), Task 3 (todo)"),
            std::string::npos)
      << r.out;
  r = wildplan(
      "apply --reply r.txt --tasks tasks.md --profile generic"
      " --iteration 3 --fail-on-false-done");
  EXPECT_EQ(r.exit_code, 1);
  // Every task done, and no DONE: a note.
  std::string done = kTasks;
  for (std::size_t p; (p = done.find("- [ ]")) != std::string::npos;) done[p + 3] = 'x';
  write("tasks.md", done);
  write("r.txt", "<promise>WAITING</promise>\n");
  r = wildplan(
      "apply --reply r.txt --tasks tasks.md --profile generic"
      " --iteration 3 --fail-on-false-done");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("[all-done-no-promise]"), std::string::npos) << r.out;
}

TEST_F(ApplyTodos, ATaskCheckedWithNothingElseChangedIsNoted) {
  write("tasks.md", kTasks);
  write("train.py", "print('hi')\n");
  sh("git add -A && git commit -qm start");
  // The agent checks Task 1 off and changes nothing else.
  std::string checked = kTasks;
  checked[checked.find("- [ ]") + 3] = 'x';
  write("tasks.md", checked);
  write(".git/r.txt", "Did it.\n<summary>done</summary>\n");  // outside the work tree's files
  auto r = wildplan(
      "apply --reply .git/r.txt --tasks tasks.md --profile generic"
      " --iteration 1 --commit --json");
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("\"rule\": \"checked-without-change\""), std::string::npos) << r.out;
  // With work to show for it, no note.
  std::string two = checked;
  two[two.find("- [ ]") + 3] = 'x';
  write("tasks.md", two);
  write("train.py", "print('trained')\n");
  r = wildplan(
      "apply --reply .git/r.txt --tasks tasks.md --profile generic"
      " --iteration 2 --commit --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("checked-without-change"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace wildplan
