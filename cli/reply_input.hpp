#pragma once
// The options every command that takes an agent's reply shares: --prompt FILE (the prompt the
// loop sent, so that its echo is known) and --input-format text|jsonl|auto (a JSON-lines
// transcript is read by speaker). Reading the reply is the library's read_reply().

#include <optional>
#include <string>

#include "command.hpp"
#include "prompt_vars.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/rules.hpp"

namespace wildplan::cli {

struct ReplyFlags {
  std::optional<std::string> prompt;
  std::string input_format = "auto";
  std::optional<std::string> prompt_template;  ///< rendered with `vars`: the prompt
  TemplateVarFlags vars;
};

/// Adds --prompt, --prompt-template (with --var, --vars) and --input-format to `sub`.
void add_reply_flags(CLI::App* sub, ReplyFlags& flags);

/// Reads and extracts the reply at `path` ("-": standard input; empty: standard input when it
/// is input, else a usage error) with the prompt and the configuration's status map and tags.
/// A missing or unreadable file throws wildplan::Error naming it (exit 2).
Reply read_reply(const std::string& path, const ReplyFlags& flags, const Config& config,
                 Terminal& term);

/// Throws UsageError when --prompt, --prompt-template or --input-format is given to a command
/// without a reply.
void check_reply_flags_unused(const ReplyFlags& flags, const char* needs);

}  // namespace wildplan::cli
