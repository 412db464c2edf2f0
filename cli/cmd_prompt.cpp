// wildplan prompt render|check TEMPLATE [--var NAME=VALUE]... [--vars FILE.json]: the loop's
// prompt templates (prompt.hpp). render prints the prompt the loop sends; check runs the checks
// alone (with --var/--vars, against those values too). A template's errors are exit 2, as the
// issue of a prompt that cannot be rendered is the caller's, not the input's.
#include <memory>

#include "command.hpp"
#include "prompt_vars.hpp"
#include "wildplan/prompt.hpp"

namespace wildplan::cli {
namespace {

struct PromptOptions {
  std::string action, file;
  TemplateVarFlags vars;
};

int run_prompt(const PromptOptions& o, Terminal& term) {
  const Source src = read_source(o.file);
  const std::vector<TemplateValue> values = read_template_vars(o.vars, term);
  const bool given = o.action == "render" || o.vars.any();
  const Parsed<PromptTemplate> t = parse_prompt_template(src);
  std::vector<Diagnostic> found = t.diagnostics;
  if (t) {
    const auto checked = check_prompt_template(src, *t.value, given ? &values : nullptr);
    found.insert(found.end(), checked.begin(), checked.end());
  }
  term.diagnostics(term.err_stream(), &src, found);
  if (has_errors(found)) return kExitFailure;
  if (o.action == "render") {
    term.out_data(render_prompt_template(src, *t.value, values, o.file).bytes());
    term.out_data("\n");
  } else {
    term.out(src.name() + ": " + std::to_string(t.value->variables.size()) + " variables, " +
             std::to_string(t.value->placeholders.size()) + " placeholders\n");
  }
  return kExitOk;
}

}  // namespace

Command make_prompt(CLI::App& app) {
  auto o = std::make_shared<PromptOptions>();
  CLI::App* sub = app.add_subcommand("prompt", "render or check a prompt template");
  one_of(sub->add_option("action", o->action, "render or check"), {"render", "check"})
      ->required();
  sub->add_option("template", o->file, "the template: front matter declaring `variables:`, then "
                                       "the prompt with {{name}} placeholders")
      ->required();
  add_template_var_flags(sub, o->vars);
  sub->footer(
      "render prints the prompt: the text after the front matter, trimmed, each {{name}}\n"
      "replaced by its value. A declared variable not given, a placeholder not declared, or a\n"
      "value given for no declared variable is an error with its position (exit 2); a declared\n"
      "variable no placeholder uses is a warning. check runs the checks without rendering.\n"
      "Examples:\n"
      "  wildplan prompt check wild_v2_planning.prompt.md\n"
      "  wildplan prompt render wild_v2_planning.prompt.md --vars session.json --var goal='Train "
      "it'");
  return {sub, [o](Terminal& term) { return run_prompt(*o, term); }};
}

}  // namespace wildplan::cli
