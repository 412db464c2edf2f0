// The shell's task verbs as a person meets them at a terminal (issue 28): free text without
// quotes, ids that validate accepts, the fields a phased plan requires, check's refusals and
// warnings, show / remove / move / edit, a file without tasks, colour, usage errors in one form
// with "did you mean", plurals, ids with a letter, and the completions' task ids.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "test_util.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;
using test::read_file;
using test::write_file;

class ShellVerbs : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::scratch_dir(testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  /// Runs `command` (sh) in the scratch directory; `$W` is the built wildplan.
  test::CliResult sh(const std::string& command) const {
    const std::string d = "'" + dir_.string() + "'";
    const std::string cmd = "cd " + d +
                            " && unset NO_COLOR CLICOLOR CLICOLOR_FORCE && export TERM=xterm W='" +
                            WILDPLAN_BINARY "' && { " + command + "; } </dev/null >" + d +
                            "/.out 2>" + d + "/.err";
    test::CliResult r;
    const int status = std::system(cmd.c_str());
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(dir_ / ".out");
    r.err = read_file(dir_ / ".err");
    return r;
  }
  test::CliResult w(const std::string& args) const { return sh("$W " + args); }
  std::string tasks() const { return read_file(dir_ / "tasks.md"); }
  void tasks(const std::string& text) const { write_file(dir_ / "tasks.md", text); }
  fs::path dir_;
};

const std::string kFlat =
    "# Tasks\n\n- [x] Task 1: Read the training script\n- [ ] Task 2: Create the sweep\n"
    "- [ ] Task 3: Launch the runs | depends: 2\n";

const std::string kPhased =
    "# Tasks\n\n## Goal\nBaselines\n\n"
    "## Phase 1 - Setup\n"
    "- [x] [P1-T1] Create the env | deliverable: .venv | done-when: ok\n"
    "- [ ] [P1-T2] Prepare the data | deliverable: data | done-when: ok\n"
    "## Phase 2 - Runs\n"
    "- [ ] [P2-T1] Create the sweep (depends on P2-T3) | deliverable: s | done-when: ok\n"
    "- [ ] [P2-T2] Launch the runs | deliverable: r | done-when: ok\n"
    "  - [ ] [P2-T2a] Launch seed one\n"
    "- [!] [P2-T3] Ask for GPU quota | deliverable: q | done-when: ok | reason: no budget\n";

// --- free text ------------------------------------------------------------------------------

TEST_F(ShellVerbs, AddTakesItsTextWithoutQuotes) {
  tasks(kFlat);
  auto r = w("add Publish the docs site");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Task 4\n");
  EXPECT_EQ(tasks(), kFlat + "- [ ] Task 4: Publish the docs site\n");
  // Options before the text, after it, and a text that starts with '-' after '--'.
  EXPECT_EQ(w("add --dry-run Write the changelog").exit_code, 0);
  EXPECT_EQ(w("add Write the changelog --after 1").out, "Task 1a\n");
  EXPECT_EQ(w("add -- --color never is ignored by status").out, "Task 5\n");
  EXPECT_NE(tasks().find("- [ ] Task 5: --color never is ignored by status\n"), std::string::npos);
  EXPECT_NE(tasks().find("- [x] Task 1: Read the training script\n"
                         "- [ ] Task 1a: Write the changelog\n- [ ] Task 2:"),
            std::string::npos);
  // The quoted form still works.
  EXPECT_EQ(w("add 'Check the seeds'").out, "Task 6\n");
}

TEST_F(ShellVerbs, ReasonTakesTheWordsUpToTheNextOption) {
  tasks(kFlat);
  auto r = w("cancel 3 --reason out of scope for now --dry-run");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("+- [-] Task 3: Launch the runs | depends: 2 | reason: out of scope for now"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(w("block 2 --reason waiting for GPU quota").exit_code, 0);
  EXPECT_NE(tasks().find("- [!] Task 2: Create the sweep | reason: waiting for GPU quota\n"),
            std::string::npos);
}

// --- add: ids and fields --------------------------------------------------------------------

TEST_F(ShellVerbs, AddPicksAnIdThatValidateAccepts) {
  tasks(kFlat);
  EXPECT_EQ(w("add Check the loader --after 1").out, "Task 1a\n");
  EXPECT_EQ(w("add Check the loader again --after 1").out, "Task 1b\n");
  EXPECT_EQ(w("add Write the report").out, "Task 4\n");
  const auto v = w("validate --json tasks.md");
  EXPECT_EQ(v.out.find("task-id-sequence"), std::string::npos) << v.out;
  EXPECT_EQ(v.out.find("task-duplicate-id"), std::string::npos) << v.out;
  // The phased scheme: the next number of the phase where the line lands, or a letter.
  tasks(kPhased);
  EXPECT_EQ(w("add Sweep the rate --phase 2 --field deliverable=s2 --field done-when=ok").out,
            "P2-T4\n");
  EXPECT_EQ(w("add Check the env --after P1-T1 --field deliverable=e --field done-when=ok").out,
            "P1-T1a\n");
  EXPECT_EQ(w("add Check the quota --under P2-T3").out, "P2-T3.1\n");
  const auto p = w("validate --json tasks.md");
  EXPECT_EQ(p.out.find("task-id-sequence"), std::string::npos) << p.out;
}

TEST_F(ShellVerbs, AddToAPhasedPlanNeedsItsDeliverableAndDoneWhen) {
  tasks(kPhased);
  auto r = w("add Plot the loss curves --phase 2");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "wildplan: error: not added: a task of this phased plan (v2-phased) needs its "
            "deliverable and done-when: give --field deliverable=... --field done-when=... (or "
            "--force to add it without)\n");
  EXPECT_EQ(tasks(), kPhased);
  r = w("add Plot the loss curves --phase 2 --field deliverable=plots/ --field "
        "'done-when=the curves are in the report'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(tasks().find("- [ ] [P2-T4] Plot the loss curves | deliverable: plots/ | done-when: "
                         "the curves are in the report\n"),
            std::string::npos)
      << tasks();
  EXPECT_EQ(w("add Plot more --phase 2 --force").exit_code, 0);
  // A subtask needs no fields; a bad --field is a usage error.
  EXPECT_EQ(w("add Seed two --under P2-T2").exit_code, 0);
  r = w("add x --field nokey");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "wildplan: error: --field takes KEY=VALUE, not 'nokey'; see 'wildplan add --help'\n");
}

// --- check ----------------------------------------------------------------------------------

TEST_F(ShellVerbs, CheckRefusesCancelledBlockedAndWaitingTasks) {
  tasks(kPhased);
  auto r = w("check P2-T3");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "wildplan: error: not marked done: #6 P2-T3 is blocked; --force marks it done "
            "anyway\n");
  EXPECT_EQ(r.out, "");
  r = w("check P2-T1 --json");
  EXPECT_EQ(r.exit_code, 1);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["refused"], "#3 P2-T1 waits on #6 P2-T3 (blocked)");
  EXPECT_EQ(doc["written"], false);
  EXPECT_EQ(tasks(), kPhased);
  // Checked with the task it waits on, it may go.
  tasks(kFlat);
  EXPECT_EQ(w("check 3").exit_code, 1);
  EXPECT_EQ(w("check 3 2").exit_code, 0);
  // --force marks it done, and the blocked task's reason goes with its block.
  tasks(kPhased);
  r = w("check P2-T3 --force");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(tasks().find("- [x] [P2-T3] Ask for GPU quota | deliverable: q | done-when: ok\n"),
            std::string::npos)
      << tasks();
}

TEST_F(ShellVerbs, StartAndCheckWarnAsValidateWould) {
  tasks("- [/] Task 1: Fetch the data\n- [ ] Task 2: Train\n  - [ ] Seed one\n");
  auto r = w("start 2");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "in_progress: #2 Task 2 Train\n");
  EXPECT_EQ(r.err,
            "wildplan: warning: 2 tasks are in progress (also #1 Task 1): finish one before "
            "starting the next [task-multiple-in-progress]\n");
  r = w("check 2 --json");
  EXPECT_EQ(r.exit_code, 0);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["warnings"][0]["rule"], "parent-done-child-open");
  EXPECT_EQ(doc["warnings"][0]["message"],
            "subtask #3 is todo but its parent #2 Task 2 is done: finish it, cancel it, or "
            "reopen the parent");
  EXPECT_NE(r.err.find("[parent-done-child-open]"), std::string::npos);
}

// --- a file without tasks -------------------------------------------------------------------

TEST_F(ShellVerbs, AFileWithoutTasksSaysSo) {
  for (const std::string& text : {std::string(), std::string("# Notes\n\nJust prose.\n"),
                                  std::string("\x7f" "ELF\x02\x01\x01\0\0\xff\xfe", 12)}) {
    tasks(text);
    const std::string note =
        "wildplan: note: no tasks in tasks.md (a task is a list item that starts with a box: '- "
        "[ ] Write the tests')\n";
    auto r = w("list");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, note);
    r = w("status");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, note);
    r = w("next");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "no tasks in tasks.md\n");
  }
}

// --- show, remove, move, edit ---------------------------------------------------------------

TEST_F(ShellVerbs, ShowTellsFieldsDependenciesAndWhoWaits) {
  tasks(kPhased);
  auto r = w("show P2-T3");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "#6 P2-T3 [!] Ask for GPU quota\n"
            "  status       blocked\n"
            "  reason       no budget\n"
            "  phase        2 Runs\n"
            "  line         tasks.md:13\n"
            "  fields       deliverable: q\n"
            "               done-when: ok\n"
            "               reason: no budget\n"
            "  depends on   nothing\n"
            "  waited on by #3 P2-T1 [ ] Create the sweep (depends on P2-T3)\n");
  r = w("show P2-T2");
  EXPECT_NE(r.out.find("  subtasks     #5 P2-T2a [ ] Launch seed one\n"), std::string::npos)
      << r.out;
  r = w("show P2-T1 --json");
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["depends"][0]["ref"], "P2-T3");
  EXPECT_EQ(doc["depends"][0]["task"]["status"], "blocked");
  EXPECT_EQ(w("show nope").exit_code, 2);
}

TEST_F(ShellVerbs, RemoveTakesTheSubtasksAndRefusesWhileOthersDepend) {
  const std::string text =
      "\xEF\xBB\xBF# Tasks\r\n- [ ] Task 1: a\r\n- [ ] Task 2: b\r\n  more of b\r\n"
      "  - [ ] c\r\n- [ ] Task 3: d | depends: 2\r\n- [ ] Task 4: e";
  tasks(text);
  auto r = w("remove 2");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "wildplan: error: not removed: #4 Task 3 depends on #2 Task 2 or its subtasks; "
            "--force removes it anyway\n");
  EXPECT_EQ(tasks(), text);
  r = w("remove 2 --force");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "removed: #2 Task 2 b more of b (with 1 subtask)\n");
  EXPECT_EQ(tasks(),
            "\xEF\xBB\xBF# Tasks\r\n- [ ] Task 1: a\r\n- [ ] Task 3: d | depends: 2\r\n"
            "- [ ] Task 4: e");
  // The last line, which has no line end: the file still ends without one.
  EXPECT_EQ(w("remove 4").exit_code, 0);
  EXPECT_EQ(tasks(), "\xEF\xBB\xBF# Tasks\r\n- [ ] Task 1: a\r\n- [ ] Task 3: d | depends: 2");
}

TEST_F(ShellVerbs, MoveCarriesTheSubtasksAndReindents) {
  tasks(kPhased);
  auto r = w("move P2-T2 --after P1-T1");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "moved: #2 P2-T2 Launch the runs (with 1 subtask) (line 8)\n");
  std::string want = kPhased;
  const std::string block =
      "- [ ] [P2-T2] Launch the runs | deliverable: r | done-when: ok\n"
      "  - [ ] [P2-T2a] Launch seed one\n";
  want.erase(want.find(block), block.size());
  want.insert(want.find("- [ ] [P1-T2]"), block);
  EXPECT_EQ(tasks(), want);
  // A subtask to the top level of a phase: its indentation goes.
  r = w("move P2-T2a --phase 2");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(tasks().ends_with("- [ ] [P2-T2a] Launch seed one\n")) << tasks();
  EXPECT_EQ(w("move P2-T2 --after P2-T2").exit_code, 2);
  EXPECT_EQ(w("move P2-T2").exit_code, 2);
}

TEST_F(ShellVerbs, EditChangesTextFieldsAndDependencies) {
  tasks(kFlat);
  auto r = w("edit 2 --text Create the learning-rate sweep --field owner=ana");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "edited: #2 Task 2 Create the learning-rate sweep (line 4)\n");
  EXPECT_NE(tasks().find("- [ ] Task 2: Create the learning-rate sweep | owner: ana\n"),
            std::string::npos)
      << tasks();
  EXPECT_EQ(w("edit 3 --depends 1,2").exit_code, 0);
  EXPECT_NE(tasks().find("- [ ] Task 3: Launch the runs | depends: 1, 2\n"), std::string::npos);
  EXPECT_EQ(w("edit 2 --field owner=").exit_code, 0);
  EXPECT_NE(tasks().find("- [ ] Task 2: Create the learning-rate sweep\n"), std::string::npos);
  EXPECT_EQ(w("edit 3 --depends ''").exit_code, 0);
  EXPECT_NE(tasks().find("- [ ] Task 3: Launch the runs\n"), std::string::npos) << tasks();
  const std::string before = tasks();
  EXPECT_EQ(w("edit 3 --depends 9").exit_code, 2);
  EXPECT_EQ(w("edit 3 --text 'a | b: c'").exit_code, 2);
  EXPECT_EQ(w("edit 3").exit_code, 2);
  EXPECT_EQ(tasks(), before);
}

// --- colour ---------------------------------------------------------------------------------

TEST_F(ShellVerbs, ColorAlwaysColorsListAndStatus) {
  tasks("## Phase 1 - Setup\n- [x] Task 1: a\n- [/] Task 2: b\n- [!] Task 3: c\n- [-] Task 4: d\n");
  auto r = w("list --color=always");
  EXPECT_EQ(r.out,
            "#1   \x1b[32m[x]\x1b[0m \x1b[1mTask 1\x1b[0m  a\x1b[2m  (phase 1)\x1b[0m\n"
            "#2   \x1b[33m[/]\x1b[0m \x1b[1mTask 2\x1b[0m  b\x1b[2m  (phase 1)\x1b[0m\n"
            "#3   \x1b[31m[!]\x1b[0m \x1b[1mTask 3\x1b[0m  c\x1b[2m  (phase 1)\x1b[0m\n"
            "#4   \x1b[2m[-]\x1b[0m \x1b[1mTask 4\x1b[0m  \x1b[2md\x1b[0m\x1b[2m  (phase 1)\x1b[0m\n");
  r = w("status --color=always");
  EXPECT_EQ(r.out,
            "\x1b[1mtasks.md\x1b[0m: [\x1b[32m######\x1b[0m..............] 1/3 done (33%), 1 "
            "cancelled\n"
            "  phase 1 [\x1b[32m######\x1b[0m..............] 1/3 done (33%), 1 cancelled  Setup\n"
            "current: #2 \x1b[1mTask 2\x1b[0m \x1b[33m[/]\x1b[0m b\n"
            "(cancelled tasks are left out of the totals)\n");
  EXPECT_EQ(w("list").out.find('\x1b'), std::string::npos);
  EXPECT_EQ(w("list --color=never").out.find('\x1b'), std::string::npos);
}

TEST_F(ShellVerbs, ColorAutoOnlyOnATerminal) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "needs script";
  tasks("- [x] Task 1: a\n");
  auto term = [&](const std::string& env) {
    return sh(env + " script -qec \"$W list\" /dev/null").out;
  };
  EXPECT_NE(term("").find("\x1b[32m[x]"), std::string::npos);
  EXPECT_EQ(term("NO_COLOR=1").find('\x1b'), std::string::npos);
  EXPECT_EQ(term("TERM=dumb").find('\x1b'), std::string::npos);
}

// --- usage errors ---------------------------------------------------------------------------

TEST_F(ShellVerbs, EveryUsageErrorHasOneForm) {
  tasks(kFlat);
  const std::pair<const char*, const char*> cases[] = {
      {"", "name a command (extract, parse, validate, list, next, status, check, start, "
           "uncheck, cancel, block, set, add, show, remove, move, edit, diff, apply, commit, "
           "history, snapshot, hook, merge-driver, completions); see 'wildplan --help'"},
      {"add", "missing TEXT; see 'wildplan add --help'"},
      {"apply --reply r.txt --iteration one",
       "'--iteration' takes a whole number from 0, not 'one'; see 'wildplan apply --help'"},
      {"list --phase", "'--phase' needs a value; see 'wildplan list --help'"},
      {"list --color alway",
       "'--color' takes auto, always or never, not 'alway' (did you mean 'always'?); see "
       "'wildplan list --help'"},
      {"set 3 doen",
       "unknown status 'doen' (did you mean 'done'?); the statuses: todo, done, in_progress, "
       "cancelled, blocked; see 'wildplan set --help'"},
      {"apply --replna", "unknown option '--replna' (did you mean '--replan'?); see 'wildplan "
                         "apply --help'"},
      {"chekc 3", "unknown command 'chekc' (did you mean 'check'?); see 'wildplan --help'"},
      {"list --status doen",
       "unknown status 'doen' (did you mean 'done'?); the statuses: todo, done, in_progress, "
       "cancelled, blocked, other; see 'wildplan list --help'"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = w(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_EQ(r.err, std::string("wildplan: error: ") + message + "\n") << args;
  }
  // A 300-digit number is shown cut, with its length.
  const auto r = w("apply --reply r.txt --iteration 1" + std::string(299, '0'));
  EXPECT_EQ(r.err,
            "wildplan: error: '--iteration' takes a whole number from 0, not '10000000000000000000...' "
            "(300 bytes); see 'wildplan apply --help'\n");
  // With --json, the error document carries the same message.
  const auto j = w("list --json --color alway");
  EXPECT_EQ(nlohmann::json::parse(j.out)["error"]["message"].get<std::string>(),
            j.err.substr(std::string("wildplan: error: ").size(),
                         j.err.size() - std::string("wildplan: error: ").size() - 1));
  EXPECT_EQ(tasks(), kFlat);
}

// --- plurals, ids with a letter, list --json ------------------------------------------------

TEST_F(ShellVerbs, OneIsSingular) {
  tasks("# Tasks\n\n## Goal\nx\n\n## Tasks\n- [ ] Task 1: a\n");
  EXPECT_NE(w("parse tasks.md").out.find("1 task: 1 todo"), std::string::npos);
  const auto v = w("validate --profile v2-planning tasks.md");
  EXPECT_NE(v.out.find("the plan has 1 top-level task; "), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("the task says too little (1 word)"), std::string::npos) << v.out;
  EXPECT_NE(w("check '#2'").err.find("the file has 1 task\n"), std::string::npos);
}

TEST_F(ShellVerbs, SubtaskIdsWithALetterAreShown) {
  tasks(kPhased);
  const auto r = w("list --phase 2");
  EXPECT_NE(r.out.find("#5   [ ] P2-T2a    Launch seed one  (phase 2)\n"), std::string::npos)
      << r.out;
  EXPECT_EQ(w("start P2-T2a").exit_code, 0);
}

TEST_F(ShellVerbs, ListJsonCarriesDependsFieldsAndReason) {
  tasks(kPhased);
  const auto doc = nlohmann::json::parse(w("list --json").out);
  const auto& t = doc["tasks"][5];
  EXPECT_EQ(t["id"], "P2-T3");
  EXPECT_EQ(t["reason"], "no budget");
  EXPECT_EQ(t["fields"][0], (nlohmann::json{{"key", "deliverable"}, {"value", "q"}}));
  EXPECT_EQ(doc["tasks"][2]["depends"], nlohmann::json::array({"P2-T3"}));
  EXPECT_EQ(doc["tasks"][0]["reason"], nullptr);
}

// --- completions ----------------------------------------------------------------------------

TEST_F(ShellVerbs, BashCompletesTaskIdsAndStatusNames) {
  if (std::system("command -v bash >/dev/null 2>&1") != 0) GTEST_SKIP() << "needs bash";
  tasks(kFlat);
  fs::create_directories(dir_ / "plans");
  write_file(dir_ / "plans" / "other.md", "- [ ] T001 a\n- [ ] T002 b\n");
  write_file(dir_ / "complete.sh", R"(source <("$W" completions bash)
c() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _wildplan; echo "${COMPREPLY[*]}"; }
c "$W" check ''
c "$W" set 2 ''
c "$W" set ''
c "$W" done -f plans/other.md ''
c "$W" add Fix it --after ''
c "$W" show T
)");
  const auto r = sh("bash complete.sh");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "1 2 3\ntodo done in_progress cancelled blocked\n1 2 3\nT001 T002\n1 2 3\n\n");
}

}  // namespace
}  // namespace wildplan
