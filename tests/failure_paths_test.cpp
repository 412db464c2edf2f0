// Failure paths of the built binary that the happy-path tests never reach: output that cannot be
// written, option values out of range.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/render.hpp"
#include "wildplan/rules.hpp"

namespace wildplan {
namespace {

using test::run_cli;

const std::string kNested = (test::kSourceDir / "fixtures/parse/nested/input.md").string();

/// Runs `wildplan ARGS` with standard output at `out`; the exit code and standard error.
test::CliResult run_with_stdout(const std::string& args, const std::string& out) {
  const auto dir = test::scratch_dir("stdout");
  const std::string cmd =
      "'" WILDPLAN_BINARY "' " + args + " >" + out + " 2>'" + (dir / "err").string() + "'";
  const int status = std::system(cmd.c_str());
  test::CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = test::read_file(dir / "err");
  return r;
}

TEST(FailurePaths, AReportThatCannotBeWrittenIsExitTwo) {
  // Regression: `parse --json big.md > /dev/full` exited 0, the report lost without a word.
  const auto r = run_with_stdout("parse --json '" + kNested + "'", "/dev/full");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wildplan: error: write failure on standard output: No space left on device\n");
}

TEST(FailurePaths, AReaderThatStopsEarlyIsNoFailure) {
  // A pipe whose reader goes away is SIGPIPE's business, as in git: `| head -1` is no error.
  const std::string cmd = "'" WILDPLAN_BINARY "' parse --json '" + kNested + "' | head -c 1 >/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

TEST(FailurePaths, LockTimeoutOutOfRangeIsAUsageError) {
  // Regression: --lock-timeout 1e300 was converted to milliseconds as it came (undefined).
  for (const char* value : {"1e300", "-1", "nan", "inf"}) {
    const auto r = run_cli(std::string("check 1 --lock-timeout ") + value + " -f '" + kNested + "'");
    EXPECT_EQ(r.exit_code, 2) << value;
    EXPECT_NE(r.err.find("--lock-timeout"), std::string::npos) << value << ": " << r.err;
  }
  const auto commit = run_cli("commit --lock-timeout 1e300");
  EXPECT_EQ(commit.exit_code, 2);
  EXPECT_NE(commit.err.find("--lock-timeout"), std::string::npos) << commit.err;
}

}  // namespace
}  // namespace wildplan

namespace wildplan {
namespace {

namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
constexpr double kHangBound = 8.0;  // seconds: the sanitizers' slowdown; a cliff takes minutes
#else
constexpr double kHangBound = 1.0;
#endif

/// `piece` repeated to 4 MB.
std::string four_megabytes_of(std::string_view piece) {
  std::string s;
  s.reserve(4u << 20);
  while (s.size() < (4u << 20)) s += piece;
  return s;
}

// Regression: the suppression scan looked back for `<!--` once per marker (850 KB took 11-17 s,
// 3.4 MB over two minutes: a hang in the pre-commit hook). Each shape at 4 MB, under a second.
TEST(FailurePaths, HostileShapesAtFourMegabytesAreNoHang) {
  const std::pair<const char*, std::string> shapes[] = {
      {"markers without comments", "- [ ] Task one: x wildplan-disable \n"},
      {"markers in comments", "<!-- wildplan-disable task-vague -->\n- [ ] a b c\n"},
      {"comment openings", "<!-- <!-- <!-- wildplan-disable-next-line\n"},
      {"one line of markers", "<!-- wildplan-disable x "},
      {"many findings on one line", "- [ ] TBD "},
      {"deep nesting", "- "},
  };
  // The faster of two runs, in CPU time: a loaded machine must not fail a guard against a hang.
  for (const auto& [name, piece] : shapes) {
    const Source src("tasks.md", four_megabytes_of(piece) + "\n- [ ] the last task\n");
    double took = kHangBound * 100;
    std::size_t found = 0;
    for (int run = 0; run < 2 && took >= kHangBound; ++run) {
      const std::clock_t t0 = std::clock();
      const Document doc = test::document(src);
      const Validation v = validate(doc);
      took = std::min(took, test::cpu_seconds_since(t0));
      found = v.errors + v.warnings + doc.plan.tasks.size();
    }
    EXPECT_LT(took, kHangBound) << name;
    EXPECT_GT(found, 0u) << name;
  }
  // One line holding many tags: every position is asked for on that line.
  const Source reply("reply.txt", four_megabytes_of("<plan>- [ ] a</plan> "));
  const std::clock_t t0 = std::clock();
  const Reply r = extract_reply(reply);
  const std::string doc = reply_to_json(r);
  EXPECT_LT(test::cpu_seconds_since(t0), kHangBound * 2);  // one run: the reply is 4 MB of tags
  EXPECT_GT(r.plan_count(), 100'000u);
  EXPECT_FALSE(doc.empty());
}

// Regression: a `<!-- wildplan-disable -->` shown in a fenced code block (documentation of the
// syntax) switched every rule off for the rest of the file.
TEST(FailurePaths, ASuppressionInAFencedExampleSwitchesNothingOff) {
  const std::string example =
      "Turn a rule off like this:\n\n```markdown\n<!-- wildplan-disable -->\n```\n\n"
      "    <!-- wildplan-disable task-placeholder -->\n\n"
      "- [ ] TBD\n";
  const Source src("tasks.md", example);
  const auto parsed = parse_plan(src);
  const Validation v = validate(test::document(src));
  bool placeholder = false;
  for (const Diagnostic& d : v.diagnostics) placeholder |= d.rule == "task-placeholder";
  EXPECT_TRUE(placeholder);
  // The same comment outside the fence still works.
  const Source real("tasks.md", "<!-- wildplan-disable task-placeholder -->\n\n- [ ] TBD\n");
  const auto p2 = parse_plan(real);
  for (const Diagnostic& d : validate(test::document(real)).diagnostics) {
    EXPECT_NE(d.rule, "task-placeholder");
  }
}

/// Starts `wildplan ARGS...` in `dir`, held at POINT by the test preload (lock_shim.cpp), waits
/// until `lock` exists (it holds it there), sends `sig`, and returns the wait status.
int signal_a_writer(const fs::path& dir, std::vector<std::string> args, const char* point,
                    const fs::path& lock, int sig) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) _exit(127);
    test::set_lock_shim_env(std::string("hold:") + point);
    ::signal(sig, SIG_DFL);
    std::vector<char*> argv{const_cast<char*>(WILDPLAN_BINARY)};
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(WILDPLAN_BINARY, argv.data());
    _exit(127);
  }
  for (int i = 0; i < 2000 && !fs::exists(lock); ++i) ::usleep(5000);
  EXPECT_TRUE(fs::exists(lock)) << "the writer never took " << lock;
  ::usleep(20000);  // the lock is taken before the hold point: let it get there
  ::kill(pid, sig);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

// Regression: a writer interrupted while it held tasks.md.lock left it, and the next writer
// waited and failed. git removes its locks on a signal and at exit; so does wildplan now.
TEST(FailurePaths, ASignalRemovesTheLockAWriterHolds) {
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
    const fs::path dir = test::scratch_dir("signal-" + std::to_string(sig));
    const std::string text = "- [ ] Task 1: a\n- [ ] Task 2: b\n";
    test::write_file(dir / "tasks.md", text);
    const int status =
        signal_a_writer(dir, {"check", "1", "-f", "tasks.md"}, "after-lock", dir / "tasks.md.lock",
                        sig);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << sig << ": " << status;
    EXPECT_FALSE(fs::exists(dir / "tasks.md.lock")) << sig;
    EXPECT_EQ(test::read_file(dir / "tasks.md"), text) << sig;
  }
}

TEST(FailurePaths, ASignalRemovesTheIndexLock) {
  const fs::path dir = test::scratch_dir("signal-index");
  const std::string setup = "cd '" + dir.string() +
                            "' && git init -q . && git config user.name t && git config "
                            "user.email t@e && echo a >a && git add a && git commit -qm a && "
                            "echo b >b";
  ASSERT_EQ(std::system(setup.c_str()), 0);
  const int status =
      signal_a_writer(dir, {"commit", "-m", "x"}, "index-locked", dir / ".git/index.lock", SIGTERM);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
  EXPECT_FALSE(fs::exists(dir / ".git/index.lock"));
  const std::string add = "cd '" + dir.string() + "' && git add b && git commit -qm b";
  EXPECT_EQ(std::system(add.c_str()), 0);  // git is not blocked by a stale lock
}

}  // namespace
}  // namespace wildplan

namespace wildplan {
namespace {

namespace fs = std::filesystem;

// Regression: `extract` printed the plan and the signals as they came: an OSC 8 hyperlink or a
// screen-clearing sequence in a reply reached the terminal. On a terminal (script(1) gives the
// program one) they are escaped; into a pipe or a file they are the plan's bytes.
TEST(FailurePaths, ExtractEscapesTheReplyOnATerminalOnly) {
  const fs::path dir = test::scratch_dir("extract-tty");
  const std::string evil = "\x1b]8;;https://evil.example\x07" "click\x1b]8;;\x07 \x1b[2J";
  test::write_file(dir / "reply.txt", "<plan>\n- [ ] Task 1: " + evil + "\n</plan>\n" +
                                          "<summary>" + evil + "</summary>\n");
  for (const char* args : {"extract -q reply.txt", "extract --tag summary -q reply.txt"}) {
    const std::string on_tty = "cd '" + dir.string() + "' && NO_COLOR=1 script -qec \"'" +
                               WILDPLAN_BINARY + "' " + args + "\" /dev/null > tty.out";
    ASSERT_EQ(std::system(on_tty.c_str()), 0) << args;
    const std::string shown = test::read_file(dir / "tty.out");
    EXPECT_NE(shown.find("click"), std::string::npos) << args << ": " << shown;
    EXPECT_EQ(shown.find('\x1b'), std::string::npos) << args << ": " << shown;
    EXPECT_EQ(shown.find('\x07'), std::string::npos) << args << ": " << shown;
    const std::string to_file =
        "cd '" + dir.string() + "' && '" + WILDPLAN_BINARY + "' " + args + " > file.out";
    ASSERT_EQ(std::system(to_file.c_str()), 0) << args;
    EXPECT_NE(test::read_file(dir / "file.out").find(evil), std::string::npos) << args;
  }
}

#if !defined(__SANITIZE_ADDRESS__)  // the sanitizers reserve terabytes of address space
// Regression: under `ulimit -v`, a big file ended in a bare `std::bad_alloc` (or an abort from
// the Markdown arena). Any allocation failure is exit 2 with "out of memory".
TEST(FailurePaths, OutOfMemoryIsExitTwoSayingSo) {
  const fs::path dir = test::scratch_dir("oom");
  std::string big;
  big.reserve(48u << 20);
  while (big.size() < (48u << 20)) big += "- [ ] Task: write the next part of the report\n";
  test::write_file(dir / "tasks.md", big);
  big.clear();
  big.shrink_to_fit();
  for (const char* verb : {"parse --json", "validate"}) {
    const std::string cmd = "cd '" + dir.string() + "' && ulimit -v 400000 && '" +
                            WILDPLAN_BINARY + "' " + verb + " tasks.md >/dev/null 2>err";
    const int status = std::system(("bash -c \"" + cmd + "\"").c_str());
    ASSERT_TRUE(WIFEXITED(status)) << verb << ": killed by a signal";
    EXPECT_EQ(WEXITSTATUS(status), 2) << verb;
    EXPECT_NE(test::read_file(dir / "err").find("out of memory"), std::string::npos)
        << verb << ": " << test::read_file(dir / "err");
  }
}
#endif

}  // namespace
}  // namespace wildplan

namespace wildplan {
namespace {

// Regression: the extractor's rule ids lived only in the SARIF renderer, so the configuration
// rejected `"plan-unclosed": "off"` as an unknown rule. One table holds every id, and the
// configuration's settings apply to a reply's diagnostics as to a task file's.
TEST(FailurePaths, EveryRuleIdIsInTheOneTableAndConfigurable) {
  for (const char* id : {"plan-missing", "plan-unclosed", "plan-placeholder", "plan-superseded",
                         "plan-without-tasks", "plan-fence", "tag-unclosed", "tag-echoed",
                         "tag-placeholder", "tag-example", "tag-mention", "signal-from-example",
                         "transcript-line-invalid", "transcript-unknown", "config-invalid"}) {
    EXPECT_NE(find_rule(id), nullptr) << id;
  }
  const auto dir = test::scratch_dir("rule-config");
  test::write_file(dir / ".wildplan.json",
                   R"({"rules": {"plan-unclosed": "off", "plan-superseded": "error"}})");
  test::write_file(dir / "reply.txt",
                   "<plan>\n- [ ] Task 1: an old plan\n</plan>\n<plan>\n- [ ] Task 1: the plan\n"
                   "</plan>\n<plan>\nnever closed\n");
  const auto r = test::run_cli("extract --json --config '" + (dir / ".wildplan.json").string() +
                               "' '" + (dir / "reply.txt").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  bool superseded = false;
  for (const auto& d : doc["diagnostics"]) {
    EXPECT_NE(d["rule"], "plan-unclosed") << d;
    if (d["rule"] == "plan-superseded") {
      superseded = true;
      EXPECT_EQ(d["severity"], "error");
    }
  }
  EXPECT_TRUE(superseded) << r.out;
}

}  // namespace
}  // namespace wildplan

namespace wildplan {
namespace {

// Regression: the configured status map was used by list, next, status, the edits and validate,
// but not by parse or validate --reply's plan: `[~]` read as done in one and as "other" in the
// next. And validate --reply compared the plan's raw body, not the fence apply unwraps.
TEST(FailurePaths, OneStatusMapForEveryReader) {
  const auto dir = test::scratch_dir("status-map");
  test::write_file(dir / ".wildplan.json", R"({"statuses": {"~": "done"}})");
  const std::string tasks = "- [~] Task 1: write the report\n- [ ] Task 2: send the report\n";
  test::write_file(dir / "tasks.md", tasks);
  test::write_file(dir / "reply.txt", "<plan>\n```markdown\n" + tasks + "```\n</plan>\n");
  const std::string in = "cd '" + dir.string() + "' && '" + WILDPLAN_BINARY + "' ";
  const auto parse = [&](const std::string& args) {
    const std::string cmd = in + args + " > out.json";
    EXPECT_EQ(std::system(cmd.c_str()) >> 8, 0) << args;
    return nlohmann::json::parse(test::read_file(dir / "out.json"));
  };
  EXPECT_EQ(parse("parse --json tasks.md")["tasks"][0]["status"], "done");
  EXPECT_EQ(parse("parse --json --reply reply.txt")["tasks"][0]["status"], "done");
  const auto v = parse("validate --format json --reply reply.txt tasks.md");
  ASSERT_TRUE(v["files"][0]["diagnostics"].is_array()) << v;
  for (const auto& d : v["files"][0]["diagnostics"]) EXPECT_NE(d["rule"], "plan-differs") << d;
}

}  // namespace
}  // namespace wildplan

namespace wildplan {
namespace {

// Regression: task identity had three implementations; `depends: t002` was an error in validate
// (case-sensitive) but resolved in next and in the edits (case-insensitive).
TEST(FailurePaths, OneTaskIdentityForEveryStage) {
  EXPECT_EQ(task_id_key("T002"), task_id_key("t002"));
  EXPECT_EQ(task_id_key("Task 3"), task_id_key("task-3"));
  EXPECT_EQ(task_id_key("Task 3"), task_id_key("3"));
  EXPECT_EQ(task_id_key("[P1-T2]"), task_id_key("p1-t2"));
  EXPECT_NE(task_id_key("T002"), task_id_key("T003"));
  const std::string text =
      "- [x] T001 Write the loader\n- [ ] T002 Write the parser | depends: t001\n"
      "- [ ] T003 Write the report | depends: T002\n- [ ] T002 Again the parser\n";
  const Source src("tasks.md", text);
  const auto parsed = parse_plan(src);
  ASSERT_EQ(parsed.value->tasks.size(), 4u);
  const Validation v = validate(test::document(src));
  std::vector<std::string> rules;
  for (const Diagnostic& d : v.diagnostics) rules.push_back(d.rule);
  EXPECT_EQ(std::count(rules.begin(), rules.end(), "depends-missing"), 0);
  EXPECT_EQ(std::count(rules.begin(), rules.end(), "task-duplicate-id"), 2);  // and its note
  const auto dir = test::scratch_dir("identity");
  test::write_file(dir / "tasks.md", text);
  const auto next = test::run_cli("next --json -f '" + (dir / "tasks.md").string() + "'");
  EXPECT_NE(next.out.find("T002"), std::string::npos) << next.out << next.err;
}

}  // namespace
}  // namespace wildplan
