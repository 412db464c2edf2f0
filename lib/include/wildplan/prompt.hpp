#pragma once
// Prompt templates: the loop's prompts are files with front matter that declares their
// `variables:`, then the prompt with `{{name}}` placeholders (grammars/prompt_template_grammar.hpp
// is the syntax). parse_prompt_template() reads one, check_prompt_template() judges it against
// the values given (or alone), render_prompt_template() writes the prompt the loop sends: the
// text after the front matter, trimmed as the loop trims it, each placeholder replaced by its
// value in one pass (a value is never searched for placeholders). `wildplan prompt render|check`,
// and `--prompt-template` on extract and apply (the echo of the rendered prompt is masked).

#include <optional>
#include <string>
#include <vector>

#include "wildplan/diagnostic.hpp"
#include "wildplan/source.hpp"

namespace wildplan {

struct TemplateVariable {
  std::string name;
  SourcePos pos;  ///< where it is declared
};

struct Placeholder {
  std::string name;
  Span span;  ///< `{{name}}`
};

struct PromptTemplate {
  std::vector<TemplateVariable> variables;  ///< declared, in order
  std::vector<Placeholder> placeholders;    ///< in the prompt, in order
  Span front_matter;                        ///< the opening `---` through the closing line
  SourcePos variables_pos;                  ///< the `variables:` key; {0,0}: none
  Span body;                                ///< the prompt: after the front matter, trimmed
};

/// Parses a template. A syntax error (no front matter, one not closed, a line in it that is
/// not `key: value`, an item or a comment, a bad variable name) is an error diagnostic
/// (`template-syntax`) with its position, and no value.
Parsed<PromptTemplate> parse_prompt_template(const Source& src);

/// A value given for a variable, and where (for messages): "--var", or the JSON file's name.
struct TemplateValue {
  std::string name, value;
  std::string origin;
  SourcePos pos;  ///< in `origin` when it is a file; {0,0} otherwise
};

/// Reads `--vars FILE.json`: an object of variable names to strings (numbers and booleans are
/// taken as their JSON text). Anything else is an error (`template-vars-invalid`) with its
/// position in the file.
Parsed<std::vector<TemplateValue>> read_template_values(const Source& json);

/// The checks, each a diagnostic with a position in the template: a variable declared twice
/// (error template-variable-duplicate), a placeholder of no declared variable (error
/// template-placeholder-undeclared), a declared variable no placeholder uses (warning
/// template-variable-unused); with `given`, a declared variable not given (error
/// template-variable-missing, at its declaration) and a value given for no declared variable
/// (error template-variable-undeclared, at `variables:`). `given` null: the template alone.
std::vector<Diagnostic> check_prompt_template(const Source& src, const PromptTemplate& t,
                                              const std::vector<TemplateValue>* given);

/// The prompt: the template's body with each placeholder replaced by the value given for it (the
/// last one given wins); a placeholder with no value is left as written. Named `name`.
Source render_prompt_template(const Source& src, const PromptTemplate& t,
                              const std::vector<TemplateValue>& values, std::string name);

/// Parses, checks against `values` and renders in one call; errors (of the template, or of the
/// values) throw wildplan::Error naming the first, `file:line:col: message` (exit 2).
Source render_prompt_file(const Source& src, const std::vector<TemplateValue>& values,
                          std::string name);

}  // namespace wildplan
