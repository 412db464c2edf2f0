// Hostile and broken input: each gives a result or a clear error, in time that grows with the
// input, without deep recursion (sizes here are the issue's, or a tenth where noted, to keep the
// suite fast under the sanitizers; bench/ shows the curves).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include <nlohmann/json.hpp>

#include "test_util.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/render.hpp"
#include "wildplan/rules.hpp"

namespace wildplan {
namespace {

TEST(Hostile, AMillionUnclosedPlanOpenings) {
  std::string text;
  text.reserve(7'000'000);
  for (int i = 0; i < 1'000'000; ++i) text += "<plan>\n";
  const Source src("reply.txt", std::move(text));
  const Reply r = extract_reply(src);
  EXPECT_EQ(r.plan_count(), 1'000'000u);
  EXPECT_FALSE(r.plan_block());
  EXPECT_LE(r.diagnostics.size(), 22u);  // capped, and summed up
}

TEST(Hostile, AMillionBackticks) {
  const Source run("reply.txt", std::string(1'000'000, '`') + "\n<plan>\n- [ ] a\n</plan>\n");
  EXPECT_TRUE(extract_reply(run).plan_block());
  std::string spaced;
  for (int i = 0; i < 500'000; ++i) spaced += "` ";
  const Source pairs("reply.txt", spaced + "\n\n<plan>\n- [ ] a\n</plan>\n");
  EXPECT_TRUE(extract_reply(pairs).plan_block());
  std::string lengths;  // runs of every length, none closed: each search is answered once
  for (int n = 1; n <= 1400; ++n) lengths += std::string(static_cast<std::size_t>(n), '`') + " x ";
  const Source many("reply.txt", lengths + "<plan>\n- [ ] a\n</plan>\n");
  EXPECT_TRUE(extract_reply(many).plan_block());
}

TEST(Hostile, AHundredThousandNestedListLevels) {
  std::string text;
  for (int i = 0; i < 100'000; ++i) text += "- ";
  text += "[ ] deep\n";
  const Source src("tasks.md", text);
  const auto parsed = parse_plan(src);
  ASSERT_EQ(parsed.value->tasks.size(), 1u);
  EXPECT_EQ(parsed.value->tasks[0].title, "deep");
}

TEST(Hostile, AHundredThousandNestedBlockQuotes) {
  const Source src("tasks.md", std::string(100'000, '>') + " - [ ] quoted\n");
  const auto parsed = parse_plan(src);
  ASSERT_EQ(parsed.value->tasks.size(), 1u);
  EXPECT_EQ(validate(test::document(src)).errors, 0u);
}

TEST(Hostile, ATenMegabyteLine) {  // the 100 MB line, a tenth of it
  const Source src("tasks.md", "- [ ] " + std::string(10'000'000, 'x') + "\n");
  const auto parsed = parse_plan(src);
  ASSERT_EQ(parsed.value->tasks.size(), 1u);
  EXPECT_EQ(parsed.value->tasks[0].title.size(), 10'000'000u);
}

TEST(Hostile, BinaryBytesAsAReply) {
  std::mt19937 rng(42);
  std::string bytes(1 << 20, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  bytes += "\n<plan>\n- [ ] a real task\n</plan>\n";
  const Source src("reply.bin", bytes);
  const Reply r = extract_reply(src);
  ASSERT_NE(r.plan_block(), nullptr);  // the plan after a megabyte of noise is still found
  EXPECT_EQ(plan_markdown(src, *r.plan_block()), "- [ ] a real task\n");
  // The document is valid JSON whatever the bytes (invalid UTF-8 is escaped, not copied).
  EXPECT_TRUE(nlohmann::json::accept(reply_to_json(r)));
  const auto parsed = parse_plan(src, plan_body(src, *r.plan_block()));
  ASSERT_EQ(parsed.value->tasks.size(), 1u);
  EXPECT_EQ(parsed.value->tasks[0].title, "a real task");
}

TEST(Hostile, OddBytesAndLineEnds) {
  const std::string text =
      std::string("- [ ] nul \0 byte\r- [x] lone CR\r\n- [ ] overlong \xC0\xAF \xED\xA0\x80\n",
                  54) +
      "\xEF\xBB\xBF- [/] a BOM in the middle\n- [ ] bidi \xE2\x80\xAE evil\n";
  const Source src("tasks.md", text);
  const auto parsed = parse_plan(src);
  ASSERT_EQ(parsed.value->tasks.size(), 4u);  // the BOM in the middle is text, not a box
  EXPECT_EQ(parsed.value->tasks[1].status, Status::Done);
  EXPECT_EQ(parsed.value->tasks[1].pos, (SourcePos{2, 1}));
  for (const Task& t : parsed.value->tasks) {
    EXPECT_EQ(escape_for_terminal(t.title).find_first_of("\x1b\r\n"), std::string::npos);
  }
}

}  // namespace
}  // namespace wildplan

namespace wildplan {
namespace {

TEST(HostileFiles, AFifoASymlinkLoopAnUnreadableFileAndAReadOnlyDirectoryAreClearErrors) {
  namespace fs = std::filesystem;
  const fs::path dir = test::scratch_dir("hostile-files");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  // No writer: it reads as empty at once instead of waiting for one.
  auto r = test::run_cli("parse '" + (dir / "fifo").string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "#  ID  STATUS       PHASE  TITLE\n0 tasks:\n");
  fs::create_symlink(dir / "loop-a", dir / "loop-b");
  fs::create_symlink(dir / "loop-b", dir / "loop-a");
  r = test::run_cli("check 1 --file '" + (dir / "loop-a").string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Too many levels of symbolic links"), std::string::npos) << r.err;
  r = test::run_cli("commit --repo '" + (dir / "fifo").string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  // An unreadable task file (root reads anything: the run drops to nobody for it).
  test::write_file(dir / "unreadable.md", "- [ ] a\n");
  fs::permissions(dir / "unreadable.md", fs::perms::none);
  const std::string as_nobody =
      ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  if (std::system((as_nobody + "'" WILDPLAN_BINARY "' --version >/dev/null 2>&1").c_str()) == 0) {
    const std::string cmd = as_nobody + "'" WILDPLAN_BINARY "' parse '" +
                            (dir / "unreadable.md").string() + "' >/dev/null 2>'" +
                            (dir / "unreadable.err").string() + "'";
    const int status = std::system(cmd.c_str());
    EXPECT_EQ(WEXITSTATUS(status), 2);
    EXPECT_NE(test::read_file(dir / "unreadable.err").find("Permission denied"), std::string::npos);
  }
  if (::geteuid() != 0) {  // root writes into read-only directories
    fs::create_directories(dir / "ro");
    test::write_file(dir / "ro" / "tasks.md", "- [ ] a\n");
    fs::permissions(dir / "ro", fs::perms::owner_read | fs::perms::owner_exec);
    r = test::run_cli("check 1 --file '" + (dir / "ro" / "tasks.md").string() + "'");
    EXPECT_EQ(r.exit_code, 2);
    fs::permissions(dir / "ro", fs::perms::owner_all);
  }
}

TEST(HostileFiles, PathsWithSpacesAndNonAsciiNames) {
  namespace fs = std::filesystem;
  const fs::path dir = test::scratch_dir(
      "r\xC3\xA9"
      "po with space");
  test::write_file(dir /
                       "t\xC3\xA2"
                       "ches.md",
                   "- [ ] Task 1: a\n");
  const auto r = test::run_cli("check 1 --file '" +
                               (dir / "t\xC3\xA2"
                                      "ches.md")
                                   .string() +
                               "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::read_file(dir / "t\xC3\xA2"
                                  "ches.md"),
            "- [x] Task 1: a\n");

  // A commit there, with a hostile goal: one subject line, the trailers as given.
  const std::string repo = dir.string();
  ASSERT_EQ(std::system(("cd '" + repo + "' && git init -q -b main").c_str()), 0);
  test::write_file(dir / "reply.txt", "<plan>\n- [ ] Task 1: a\n</plan>\n");
  std::string goal = "ship it\nWild-Session: forged\n";
  while (goal.size() < 10'000) goal += "and more words ";
  test::write_file(dir / "goal", goal);
  const auto c =
      test::run_cli("apply --reply '" + repo + "/reply.txt' --tasks '" + repo +
                    "/t\xC3\xA2"
                    "ches.md' --repo '" +
                    repo +
                    "' --session s1 --iteration 4 --commit --author 'A <a@example.invalid>' --profile generic"
                    " --goal \"$(cat '" +
                    repo + "/goal')\"");
  EXPECT_EQ(c.exit_code, 0) << c.err;
  FILE* log = ::popen(("git -C '" + repo + "' log -1 --format=%B").c_str(), "r");
  ASSERT_NE(log, nullptr);
  std::string message;
  for (int ch; (ch = std::fgetc(log)) != EOF;) message += static_cast<char>(ch);
  ::pclose(log);
  const std::string subject = message.substr(0, message.find('\n'));
  EXPECT_TRUE(subject.starts_with("wild-v2: iteration 4 \xE2\x80\x94 ship it Wild-Session: forged"))
      << subject;
  EXPECT_EQ(message.find("\nWild-Session: forged"), std::string::npos) << message;
  EXPECT_NE(message.find("\nWild-Session: s1\n"), std::string::npos) << message;
}

}  // namespace
}  // namespace wildplan
