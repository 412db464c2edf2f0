#include "reply_input.hpp"

namespace wildplan::cli {

void add_reply_flags(CLI::App* sub, ReplyFlags& flags) {
  sub->add_option("--prompt", flags.prompt,
                  "the prompt the loop sent: where the reply echoes it, no tag is a plan or a "
                  "signal");
  one_of(sub->add_option("--input-format", flags.input_format,
                  "text, jsonl (an agent CLI's JSON-lines transcript, read by speaker) or auto"),
         {"auto", "text", "jsonl"})
      ->capture_default_str();
  sub->add_option("--prompt-template", flags.prompt_template,
                  "the prompt as a template (front matter declaring variables, {{name}} "
                  "placeholders): rendered with --var/--vars, it is the prompt --prompt names");
  add_template_var_flags(sub, flags.vars);
}

Reply read_reply(const std::string& path, const ReplyFlags& flags, const Config& config,
                 Terminal& term) {
  ExtractOptions options;
  options.format = input_format_from_string(flags.input_format).value_or(InputFormat::Auto);
  options.parse.statuses = config.statuses;
  options.tags = config.tags;
  options.formats = config.tag_formats;
  if (flags.prompt && flags.prompt_template)
    throw OptionError("--prompt and --prompt-template both name the prompt: give one");
  if (flags.vars.any() && !flags.prompt_template)
    throw OptionError("--var and --vars give a --prompt-template's values: add --prompt-template");
  std::optional<Source> prompt;
  if (flags.prompt) {
    prompt.emplace(read_source(*flags.prompt));
    options.prompt = &*prompt;
  } else if (flags.prompt_template) {
    prompt.emplace(render_prompt_file(read_source(*flags.prompt_template),
                                      read_template_vars(flags.vars, term),
                                      *flags.prompt_template));
    options.prompt = &*prompt;
  }
  return wildplan::read_reply(input_path(path, term, std::nullopt), options);
}

void check_reply_flags_unused(const ReplyFlags& flags, const char* needs) {
  if (flags.prompt || flags.prompt_template || flags.vars.any() || flags.input_format != "auto")
    throw OptionError(std::string("--prompt, --prompt-template and --input-format read a reply: "
                                  "add ") +
                      needs);
}

}  // namespace wildplan::cli
