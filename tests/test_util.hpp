#pragma once
// Helpers shared by the tests.

#include <ctime>
#include <filesystem>
#include <optional>
#include <memory>
#include <string>

#include "wildplan/document.hpp"

namespace wildplan::test {

/// `src` parsed as a Document (its bytes shared, not copied).
inline Document document(const Source& src, const ParseOptions& options = {}) {
  return parse_document(std::make_shared<const Source>(src), std::nullopt, options);
}

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& bytes);

struct CliResult {
  int exit_code = -1;
  std::string out, err;
};

/// Runs the built wildplan with `args` (a shell-quoted string) and `input` on standard input.
CliResult run_cli(const std::string& args, const std::string& input = {});

/// The CPU time this process has spent since `start` (a std::clock() reading), in seconds: what
/// the hang guards measure. A hang burns CPU; a machine busy with other work (ctest -j, a build
/// beside it) only stretches the wall clock, so a loaded machine does not fail the guards.
inline double cpu_seconds_since(std::clock_t start) {
  return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

/// The environment, as `NAME=value` words for a shell command line, that makes the built
/// program stop at a point of its lockfile protocol (tests/lock_shim.cpp, a test-only preload):
/// `action_point` is `kill:POINT` (SIGKILL there) or `hold:POINT` (wait there for a signal);
/// POINT is after-lock, mid-write, before-rename or index-locked.
std::string lock_shim_env(const std::string& action_point);
/// The same, set in this process's environment (for a child it is about to exec).
void set_lock_shim_env(const std::string& action_point);

/// A fresh empty directory under the test's temporary directory.
std::filesystem::path scratch_dir(const std::string& name);

inline const std::filesystem::path kSourceDir = WILDPLAN_SOURCE_DIR;

/// `../shared` beside the checkout: the corpus, the cases and the schemas, which CI has and a
/// clone does not.
inline const std::filesystem::path kSharedDir = (kSourceDir / ".." / "shared").lexically_normal();

/// Why a test that reads `path` (a file under ../shared) cannot run, or nothing when it can.
std::optional<std::string> missing_shared(const std::filesystem::path& path);

/// WILDPLAN_REQUIRE_SHARED=1 (CI): a missing ../shared fails the test instead of skipping it.
bool shared_required();

}  // namespace wildplan::test

/// Skips the test (GoogleTest's skip, saying why) when `path` under ../shared is missing, or
/// fails it when WILDPLAN_REQUIRE_SHARED=1.
#define WILDPLAN_NEEDS_SHARED(path)                                 \
  do {                                                              \
    if (const auto why_ = ::wildplan::test::missing_shared(path)) { \
      if (::wildplan::test::shared_required()) FAIL() << *why_;     \
      GTEST_SKIP() << *why_;                                        \
    }                                                               \
  } while (false)
