#pragma once
// Helpers shared by the tests.

#include <filesystem>
#include <string>

namespace wildplan::test {

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& bytes);

struct CliResult {
  int exit_code = -1;
  std::string out, err;
};

/// Runs the built wildplan with `args` (a shell-quoted string) and `input` on standard input.
CliResult run_cli(const std::string& args, const std::string& input = {});

/// A fresh empty directory under the test's temporary directory.
std::filesystem::path scratch_dir(const std::string& name);

inline const std::filesystem::path kSourceDir = WILDPLAN_SOURCE_DIR;

}  // namespace wildplan::test
