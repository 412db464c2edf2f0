#pragma once
// --var NAME=VALUE (repeatable) and --vars FILE.json: the values of a prompt template's
// variables, for `prompt` and for --prompt-template on the commands that read a reply.

#include <string>
#include <vector>

#include "command.hpp"
#include "wildplan/prompt.hpp"

namespace wildplan::cli {

struct TemplateVarFlags {
  std::vector<std::string> vars;  ///< NAME=VALUE
  std::string vars_file;          ///< a JSON object of names to values; "" when none
  bool any() const { return !vars.empty() || !vars_file.empty(); }
};

/// Adds --var and --vars to `sub`.
void add_template_var_flags(CLI::App* sub, TemplateVarFlags& flags);

/// The values: --vars' first, then each --var in order (a later one wins). A --var without `=`
/// or with a bad name is a UsageError; a vars file that does not read as an object of strings
/// prints its diagnostics and throws Error (exit 2).
std::vector<TemplateValue> read_template_vars(const TemplateVarFlags& flags, Terminal& term);

}  // namespace wildplan::cli
