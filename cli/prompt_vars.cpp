#include "prompt_vars.hpp"

namespace wildplan::cli {

void add_template_var_flags(CLI::App* sub, TemplateVarFlags& flags) {
  sub->add_option("--var", flags.vars, "NAME=VALUE: a template variable's value (repeatable)")
      ->type_name("NAME=VALUE");
  sub->add_option("--vars", flags.vars_file,
                  "a JSON file holding one object of variable names to values");
}

std::vector<TemplateValue> read_template_vars(const TemplateVarFlags& flags, Terminal& term) {
  std::vector<TemplateValue> out;
  if (!flags.vars_file.empty()) {
    const Source json = read_source(flags.vars_file);
    Parsed<std::vector<TemplateValue>> read = read_template_values(json);
    if (!read) {
      term.diagnostics(term.err_stream(), &json, read.diagnostics);
      throw Error("cannot read the variables in '" + flags.vars_file + "'");
    }
    out = std::move(*read.value);
  }
  for (const std::string& v : flags.vars) {
    const std::size_t eq = v.find('=');
    const std::string name = v.substr(0, eq);
    const bool valid = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) ||
                                         name[0] == '_') &&
                       name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789_") == std::string::npos;
    if (eq == std::string::npos || !valid)
      throw OptionError("--var takes NAME=VALUE (a name is a letter or _, then letters, digits or "
                       "_), not '" + v + "'");
    out.push_back({name, v.substr(eq + 1), "--var", {}});
  }
  return out;
}

}  // namespace wildplan::cli
