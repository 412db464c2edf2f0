#pragma once
// Usage errors in wildplan's own words: what CLI11 found wrong with a command line, said as
// `wildplan: error: <what>; see 'wildplan VERB --help'`, never CLI11's message.

#include <CLI/CLI.hpp>
#include <string>

namespace wildplan::cli {

/// `wildplan VERB --help`, or `wildplan --help` without a verb.
std::string help_command(const CLI::App* verb);

/// A CLI11 parse error of `verb` (null: before any verb) of the program `top`, in wildplan's
/// words: which option or operand, what it takes, the value given (at most 24 bytes of it),
/// and, for a value of a fixed set, the nearest one.
std::string usage_message(const CLI::ParseError& e, const CLI::App* verb, const CLI::App& top);

}  // namespace wildplan::cli
