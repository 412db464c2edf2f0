#include "test_util.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace wildplan::test {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::optional<std::string> missing_shared(const std::filesystem::path& path) {
  if (std::filesystem::exists(path)) return std::nullopt;
  return "needs " + path.lexically_normal().string() +
         ": the shared material beside the checkout (../shared), which a clone does not have" +
         (shared_required() ? " (WILDPLAN_REQUIRE_SHARED=1: required)"
                            : "; set WILDPLAN_REQUIRE_SHARED=1 to fail instead of skipping");
}

bool shared_required() {
  const char* v = std::getenv("WILDPLAN_REQUIRE_SHARED");
  return v && std::string_view(v) == "1";
}

namespace {

/// ASAN_OPTIONS that let a preload come before the sanitizer's runtime (an instrumented build
/// checks that it comes first), keeping whatever options the run already has.
std::string asan_options_for_preload() {
  const char* now = std::getenv("ASAN_OPTIONS");
  return (now && *now ? std::string(now) + ":" : std::string()) + "verify_asan_link_order=0";
}

}  // namespace

std::string lock_shim_env(const std::string& action_point) {
  return "LD_PRELOAD='" WILDPLAN_LOCK_SHIM "' WILDPLAN_SHIM=" + action_point + " ASAN_OPTIONS='" +
         asan_options_for_preload() + "'";
}

void set_lock_shim_env(const std::string& action_point) {
  const std::string asan = asan_options_for_preload();
  ::setenv("LD_PRELOAD", WILDPLAN_LOCK_SHIM, 1);
  ::setenv("WILDPLAN_SHIM", action_point.c_str(), 1);
  ::setenv("ASAN_OPTIONS", asan.c_str(), 1);
}

std::filesystem::path scratch_dir(const std::string& name) {
  const char* tmp = std::getenv("TMPDIR");
  auto dir = std::filesystem::path(tmp ? tmp : "/tmp") /
             ("wildplan-test-" + std::to_string(::getpid())) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

CliResult run_cli(const std::string& args, const std::string& input) {
  static int counter = 0;
  const auto dir = scratch_dir("cli-" + std::to_string(++counter));
  write_file(dir / "in", input);
  const std::string cmd = "cd '" + dir.string() +
                          "' && NO_COLOR= TERM=dumb '" WILDPLAN_BINARY "' " + args +
                          " <in >out 2>err";
  // Inherit no color preference from the developer's shell: NO_COLOR is cleared above and set
  // per test where it matters.
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(dir / "out");
  r.err = read_file(dir / "err");
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace wildplan::test
