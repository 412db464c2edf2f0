// Hostile input at the scale of the system: a gigabyte reply, a hundred-megabyte line, a
// read-only file system, and the set of files a whole `apply --commit` touches.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>

#include "test_util.hpp"
#include "wildplan/plan.hpp"

extern char** environ;

namespace wildplan {
namespace {

namespace fs = std::filesystem;

struct Spawned {
  int exit_code = -1;
  long peak_rss_kib = 0;
};

/// Runs `argv` with stdout and stderr to files beside `out`; its exit code and peak memory.
Spawned spawn(const std::vector<std::string>& argv, const fs::path& out) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, (out.string() + ".out").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, (out.string() + ".err").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  Spawned r;
  if (posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ) != 0) return r;
  posix_spawn_file_actions_destroy(&fa);
  int status = 0;
  rusage ru{};
  if (wait4(pid, &status, 0, &ru) != pid) return r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.peak_rss_kib = ru.ru_maxrss;
  return r;
}

TEST(HostileSizes, AGigabyteReplyIsHeldOnce) {
  const fs::path dir = test::scratch_dir("gigabyte");
  const fs::path reply = dir / "reply.txt";
  constexpr off_t kSize = off_t{1} << 30;
  {
    // A plan, a gigabyte of NUL bytes (a hole: no disk used), then the plan that counts.
    std::ofstream f(reply, std::ios::binary);
    f << "<plan>\n- [ ] Task 1: the first plan\n</plan>\n";
  }
  const std::string tail =
      "\n<plan>\n- [ ] Task 1: the last plan\n- [ ] Task 2: and more\n</plan>\n";
  ASSERT_EQ(::truncate(reply.c_str(), kSize - static_cast<off_t>(tail.size())), 0);
  {
    std::ofstream f(reply, std::ios::binary | std::ios::app);
    f << tail;
  }
  ASSERT_EQ(fs::file_size(reply), static_cast<std::uintmax_t>(kSize));
  const Spawned r = spawn({WILDPLAN_BINARY, "extract", reply.string()}, dir / "extract");
  EXPECT_EQ(r.exit_code, 0) << test::read_file(dir / "extract.err");
  EXPECT_NE(test::read_file(dir / "extract.out").find("Task 1: the last plan"), std::string::npos);
  // Near the input's size (one buffer, read once), never a multiple of it. AddressSanitizer's
  // shadow of that buffer adds an eighth, and its quarantine keeps up to 256 MiB of freed blocks
  // resident (ASAN_OPTIONS quarantine_size_mb): the bound without the sanitizers is the measure.
#if defined(__SANITIZE_ADDRESS__)
  constexpr long kShadow = (kSize >> 10) / 8 + 256 * 1024;
#else
  constexpr long kShadow = 0;
#endif
  EXPECT_LT(r.peak_rss_kib, (kSize >> 10) + kShadow + 128 * 1024) << r.peak_rss_kib << " KiB";
  fs::remove_all(dir);
}

#if !defined(__SANITIZE_ADDRESS__)  // the sanitizers' shadow and redzones are no measure
// Issue 28: status on a 50 MB file held the whole of cmark-gfm's tree, 27x the file at the peak.
// The tree is read a top-level block at a time and freed: what is left is the file, the plan
// and the blocks still open: 9x here (28x before), the bound leaves room for the allocator.
TEST(HostileSizes, TheStateVerbsHoldThePlanNotTheTree) {
  const fs::path dir = test::scratch_dir("memory");
  std::string text = "# Tasks\n\n## Goal\nFind the learning rate.\n\n";
  for (int p = 1; text.size() < (std::size_t{20} << 20); ++p) {
    text += "## Phase " + std::to_string(p) + " - Sweep " + std::to_string(p) + "\n";
    for (int t = 1; t <= 10; ++t) {
      text += "- [" + std::string(t % 3 ? " " : "x") + "] [P" + std::to_string(p) + "-T" +
              std::to_string(t) + "] Compare the val_loss curve of the best run | deliverable: " +
              "results/p" + std::to_string(p) + "/t" + std::to_string(t) +
              ".md | done-when: the plot is committed under results/\n";
    }
    text += "\n";
  }
  test::write_file(dir / "tasks.md", text);
  const long size_kib = static_cast<long>(text.size() >> 10);
  for (const char* verb : {"status", "list", "parse"}) {
    std::vector<std::string> argv{WILDPLAN_BINARY, verb};
    if (std::string_view(verb) != "parse") argv.emplace_back("--file");
    argv.push_back((dir / "tasks.md").string());
    const Spawned r = spawn(argv, dir / verb);
    EXPECT_EQ(r.exit_code, 0) << verb;
    EXPECT_LT(r.peak_rss_kib, 12 * size_kib) << verb << ": " << r.peak_rss_kib << " KiB for a "
                                              << size_kib << " KiB file";
  }
  fs::remove_all(dir);
}
#endif

TEST(HostileSizes, AHundredMegabyteLine) {
  std::string text = "# Tasks\n\n## Tasks\n- [ ] Task 1: ";
  const std::string words = "measure the throughput again ";
  while (text.size() < (std::size_t{100} << 20)) text += words;
  text += "| done-when: it is done\n- [x] Task 2: the next line\n";
  const Source src("tasks.md", std::move(text));
  const auto parsed = parse_plan(src);
  ASSERT_EQ(parsed.value->tasks.size(), 2u);
  const Task& t = parsed.value->tasks[0];
  EXPECT_GT(t.title.size(), (std::size_t{100} << 20) - 40);
  ASSERT_EQ(t.fields.size(), 1u);
  EXPECT_EQ(t.fields[0].value, "it is done");
  EXPECT_EQ(parsed.value->tasks[1].status, Status::Done);
}

/// A tmpfs of our own, read-only after `fill` has written into it; empty when the system does
/// not let this process mount one (not root, or no CAP_SYS_ADMIN).
class ReadOnlyFs {
 public:
  template <typename Fill>
  ReadOnlyFs(const fs::path& at, Fill fill) : at_(at) {
    fs::create_directories(at);
    if (::mount("tmpfs", at.c_str(), "tmpfs", 0, "size=16m") != 0) {
      why_ = std::string("cannot mount a tmpfs: ") + std::strerror(errno);
      return;
    }
    mounted_ = true;
    fill(at);
    if (::mount(nullptr, at.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0)
      why_ = std::string("cannot remount it read-only: ") + std::strerror(errno);
  }
  ~ReadOnlyFs() {
    if (mounted_) ::umount2(at_.c_str(), MNT_DETACH);
  }
  const std::string& why_not() const { return why_; }

 private:
  fs::path at_;
  bool mounted_ = false;
  std::string why_;
};

TEST(HostileFiles, AReadOnlyFileSystemIsAClearErrorAndLosesNothing) {
  const fs::path dir = test::scratch_dir("read-only-fs") / "mnt";
  const std::string tasks = "# Tasks\n\n## Tasks\n- [ ] Task 1: write the report\n";
  const ReadOnlyFs ro(dir, [&](const fs::path& at) {
    test::write_file(at / "tasks.md", tasks);
    std::system(("cd '" + at.string() + "' && git init -q -b main && echo a > a.txt").c_str());
  });
  if (!ro.why_not().empty()) GTEST_SKIP() << ro.why_not();
  auto r = test::run_cli("check 1 --file '" + (dir / "tasks.md").string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Read-only file system"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_file(dir / "tasks.md"), tasks);
  r = test::run_cli("commit -m x --author 'A <a@example.invalid>' --repo '" + dir.string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("Read-only file system"), std::string::npos) << r.err;
  // Reading still works.
  r = test::run_cli("validate --profile generic '" + (dir / "tasks.md").string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(HostileFiles, ApplyCommitWritesOnlyInsideTheRepositoryAndRunsNothing) {
  if (std::system("strace -qq -o /dev/null true >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "strace cannot trace here (not installed, or ptrace not allowed)";
  const fs::path dir = test::scratch_dir("files-touched");
  const fs::path repo = dir / "repo";
  fs::create_directories(repo / ".agents" / "wild" / "s1");
  test::write_file(repo / ".agents" / "wild" / "s1" / "tasks.md",
                   "# Tasks\n\n- [ ] (Agent will decompose the goal into tasks on iteration 1)\n");
  test::write_file(repo / "train.py", "print('train')\n");
  ASSERT_EQ(std::system(("cd '" + repo.string() +
                         "' && git init -q -b main && git config user.name Bot && "
                         "git config user.email bot@example.invalid")
                            .c_str()),
            0);
  // A reply that tries what text can try: a command in backticks, a path outside, escapes.
  const fs::path reply = dir / "reply.txt";
  test::write_file(reply,
                   "$(touch " + (dir / "pwned").string() +
                       ")\n<plan>\n# Tasks\n\n## Goal\n"
                       "`rm -rf /` \x1b]8;;file:///etc/passwd\x07link\x1b]8;;\x07\n\n## Tasks\n"
                       "- [ ] Task 1: run `touch " +
                       (dir / "pwned").string() +
                       "`\n"
                       "- [ ] Task 2: write ../../outside.md\n"
                       // five tasks: fewer is an error in v2-planning, and apply would exit 1
                       "- [ ] Task 3: Read the training script\n"
                       "- [ ] Task 4: Note the flags it takes\n"
                       "- [ ] Task 5: Write the findings down\n</plan>\n");
  const fs::path trace = dir / "trace";
  // LeakSanitizer cannot run under ptrace: leaks are looked for by the other tests.
  const std::string cmd = "cd '" + repo.string() +
                          "' && ASAN_OPTIONS=detect_leaks=0 strace -f -y -qq -o '" +
                          trace.string() +
                          "' -e trace=execve,openat,open,creat,rename,renameat,renameat2,link,"
                          "linkat,symlink,symlinkat,unlink,unlinkat,mkdir,mkdirat,truncate,"
                          "chmod,fchmodat,utimensat '" WILDPLAN_BINARY "' apply --reply '" +
                          reply.string() + "' --session s1 --commit --iteration 1 >'" +
                          (dir / "out").string() + "' 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << test::read_file(dir / "out");
  EXPECT_FALSE(fs::exists(dir / "pwned"));

  std::ifstream in(trace);
  std::string line;
  int execs = 0;
  std::set<std::string> written;
  const std::regex path_arg("\"([^\"]*)\"");
  while (std::getline(in, line)) {
    if (line.find(" = -1 ") != std::string::npos) continue;  // failed: touched nothing
    if (line.find("execve(") != std::string::npos) {
      ++execs;
      continue;
    }
    const bool opens =
        line.find("open") != std::string::npos || line.find("creat(") != std::string::npos;
    if (opens && line.find("O_WRONLY") == std::string::npos &&
        line.find("O_RDWR") == std::string::npos && line.find("O_CREAT") == std::string::npos) {
      continue;  // read only
    }
    // Paths relative to a descriptor are shown after it: openat(3</abs/dir>, "name", ...).
    std::string base;
    const auto lt = line.find('<');
    const auto paren = line.find('(');
    if (lt != std::string::npos && paren != std::string::npos && lt < line.find('"'))
      base = line.substr(lt + 1, line.find('>', lt) - lt - 1) + "/";
    for (auto it = std::sregex_iterator(line.begin(), line.end(), path_arg);
         it != std::sregex_iterator(); ++it) {
      std::string p = (*it)[1];
      if (p.empty() || p == "/dev/null") continue;
      if (p[0] != '/') p = (base.empty() ? repo.string() + "/" : base) + p;
      written.insert(fs::path(p).lexically_normal().string());
    }
  }
  EXPECT_EQ(execs, 1) << "only wildplan itself is executed";
  ASSERT_FALSE(written.empty());
  const std::string inside = fs::canonical(repo).string() + "/";
  for (const std::string& p : written)
    EXPECT_TRUE(p.starts_with(inside) || p + "/" == inside)
        << "written outside the repository: " << p;
}

}  // namespace
}  // namespace wildplan
