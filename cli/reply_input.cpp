#include "reply_input.hpp"

#include <filesystem>
#include <fstream>

#include "wildplan/transcript.hpp"

namespace wildplan::cli {

void add_reply_flags(CLI::App* sub, ReplyFlags& flags) {
  sub->add_option("--prompt", flags.prompt,
                  "the prompt the loop sent: where the reply echoes it, no tag is a plan or a "
                  "signal");
  sub->add_option("--input-format", flags.input_format,
                  "text, jsonl (an agent CLI's JSON-lines transcript, read by speaker) or auto")
      ->check(CLI::IsMember({"auto", "text", "jsonl"}))
      ->capture_default_str();
  sub->add_option("--prompt-template", flags.prompt_template,
                  "the prompt as a template (front matter declaring variables, {{name}} "
                  "placeholders): rendered with --var/--vars, it is the prompt --prompt names");
  add_template_var_flags(sub, flags.vars);
}

ReplyInput read_reply(const std::string& path, const ReplyFlags& flags, Terminal& term,
                      const std::optional<std::string>& fallback) {
  ReplyInput in;
  in.options.format = input_format_from_string(flags.input_format).value_or(InputFormat::Auto);
  if (flags.prompt && flags.prompt_template)
    throw UsageError("--prompt and --prompt-template both name the prompt: give one");
  if (flags.vars.any() && !flags.prompt_template)
    throw UsageError("--var and --vars give a --prompt-template's values: add --prompt-template");
  if (flags.prompt) {
    in.prompt = std::make_unique<Source>(read_source(*flags.prompt));
    in.options.prompt = in.prompt.get();
  } else if (flags.prompt_template) {
    const Source t = read_source(*flags.prompt_template);
    in.prompt = std::make_unique<Source>(
        render_prompt_file(t, read_template_vars(flags.vars, term), *flags.prompt_template));
    in.options.prompt = in.prompt.get();
  }
  // A named transcript is read as a stream: the file is never held whole.
  std::error_code ec;
  if (!path.empty() && path != "-" && in.options.format != InputFormat::Text &&
      std::filesystem::is_regular_file(path, ec)) {
    std::ifstream file(path, std::ios::binary);
    bool stream = false;
    if (file) {
      if (in.options.format == InputFormat::JsonLines) {
        stream = true;
      } else {
        std::string head(64 * 1024, '\0');
        file.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(file.gcount()));
        stream = looks_like_json_lines(head);
        file.clear();
        file.seekg(0);
      }
    }
    if (stream) {
      auto t = std::make_shared<Transcript>(read_transcript(file, path));
      in.source = std::make_unique<Source>(t->text);
      in.options.transcript = std::move(t);
      return in;
    }
  }
  in.source = std::make_unique<Source>(read_input(path, term, fallback));
  return in;
}

std::string reply_position(const Source& text, const Reply& r, std::size_t offset) {
  if (r.transcript) {
    const TextOrigin o = r.transcript->origin(offset);
    return text.name() + ':' + std::to_string(o.line) + ": text " +
           std::to_string(o.in_text.line) + ':' + std::to_string(o.in_text.column);
  }
  const SourcePos p = text.position(offset);
  return text.name() + ':' + std::to_string(p.line) + ':' + std::to_string(p.column);
}

void check_reply_flags_unused(const ReplyFlags& flags, const char* needs) {
  if (flags.prompt || flags.prompt_template || flags.vars.any() || flags.input_format != "auto")
    throw UsageError(std::string("--prompt, --prompt-template and --input-format read a reply: "
                                 "add ") +
                     needs);
}

}  // namespace wildplan::cli
