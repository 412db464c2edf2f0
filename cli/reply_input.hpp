#pragma once
// Reading an agent's reply as every command that takes one does: --prompt FILE (the prompt the
// loop sent, so that its echo is known) and --input-format text|jsonl|auto (a JSON-lines
// transcript is read by speaker). A named transcript file is streamed line by line; standard
// input and text are read whole.

#include <memory>
#include <optional>
#include <string>

#include "command.hpp"
#include "prompt_vars.hpp"
#include "wildplan/extract.hpp"

namespace wildplan::cli {

struct ReplyFlags {
  std::optional<std::string> prompt;
  std::string input_format = "auto";
  std::optional<std::string> prompt_template;  ///< rendered with `vars`: the prompt
  TemplateVarFlags vars;
};

/// Adds --prompt, --prompt-template (with --var, --vars) and --input-format to `sub`.
void add_reply_flags(CLI::App* sub, ReplyFlags& flags);

/// A reply read for extract_reply(*source, options).
struct ReplyInput {
  std::unique_ptr<Source> source;  ///< the reply; a streamed transcript's answer text
  std::unique_ptr<Source> prompt;
  ExtractOptions options;
};

/// Reads the reply at `path` ("" or "-": standard input, as read_input() does, with `fallback`)
/// and the prompt. A missing or unreadable file throws wildplan::Error naming it (exit 2).
ReplyInput read_reply(const std::string& path, const ReplyFlags& flags, Terminal& term,
                      const std::optional<std::string>& fallback = std::nullopt);

/// `file:line:col` of byte `offset` of the reply's text, or for a transcript `file:line: text
/// line:col` (the JSON line, and where in its text).
std::string reply_position(const Source& text, const Reply& r, std::size_t offset);

/// Throws UsageError when --prompt, --prompt-template or --input-format is given to a command
/// without a reply.
void check_reply_flags_unused(const ReplyFlags& flags, const char* needs);

}  // namespace wildplan::cli
