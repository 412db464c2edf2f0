#pragma once
// A subcommand: its CLI11 definition and the function that runs it after parsing. Each lives in
// its own cmd_<name>.cpp, a thin shell over the library; main.cpp keeps the table.

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "exit_codes.hpp"
#include "terminal.hpp"
#include "wildplan/source.hpp"

namespace wildplan::cli {

struct Command {
  CLI::App* app;
  std::function<int(Terminal&)> run;
};

Command make_extract(CLI::App& app);
Command make_parse(CLI::App& app);
Command make_validate(CLI::App& app);
Command make_hook(CLI::App& app);
Command make_list(CLI::App& app);
Command make_next(CLI::App& app);
Command make_status(CLI::App& app);
Command make_check(CLI::App& app);
Command make_start(CLI::App& app);
Command make_uncheck(CLI::App& app);
Command make_cancel(CLI::App& app);
Command make_block(CLI::App& app);
Command make_set(CLI::App& app);
Command make_add(CLI::App& app);
Command make_show(CLI::App& app);
Command make_remove(CLI::App& app);
Command make_move(CLI::App& app);
Command make_edit_task(CLI::App& app);
Command make_apply(CLI::App& app);
Command make_diff(CLI::App& app);
Command make_history(CLI::App& app);
Command make_commit(CLI::App& app);
Command make_snapshot(CLI::App& app);
Command make_merge_driver(CLI::App& app);
Command make_completions(CLI::App& app);
Command make_prompt(CLI::App& app);

/// Restricts `opt` to `choices` (CLI::IsMember: any other value is a usage error naming them)
/// and records them for the shell completions. Returns `opt`.
CLI::Option* one_of(CLI::Option* opt, std::vector<std::string> choices);
/// The values one_of() allowed for `opt`; empty when any value is (a file, a number, text).
const std::vector<std::string>& choices_of(const CLI::Option& opt);

/// The input a command names: `path`, "-" for standard input, or, when none is given, standard
/// input when it is input (a pipe, a file or a socket, as ripgrep decides: not a terminal, not
/// /dev/null), else `fallback` (none: a usage error).
std::string input_path(const std::string& path, Terminal& term,
                       const std::optional<std::string>& fallback);

/// Adds `--lock-timeout SECONDS` (`what`: the lock it waits for), from 0 to one day: a value
/// outside (1e300, nan, a negative) is a usage error, never an overflowing conversion.
inline CLI::Option* add_lock_timeout(CLI::App* sub, double& seconds, const std::string& what) {
  const auto in_range = [](const std::string& text) -> std::string {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    // Written so that NaN fails too: it compares false with everything.
    if (end == text.c_str() || *end != '\0' || !(v >= 0 && v <= 86400)) {
      return "takes seconds from 0 to 86400, not '" + text + "'";
    }
    return {};
  };
  return sub->add_option("--lock-timeout", seconds, "seconds to wait for " + what)
      ->check(CLI::Validator(in_range, "SECONDS"))
      ->capture_default_str();
}

/// Thrown for a usage problem found after parsing; main prints it and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A usage error in the command line's own words (an option's value, a missing or empty
/// operand, options that exclude each other): main adds `; see 'wildplan VERB --help'`, as for
/// the errors the parser finds.
struct OptionError : UsageError {
  using UsageError::UsageError;
};

}  // namespace wildplan::cli
