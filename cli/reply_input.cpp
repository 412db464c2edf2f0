#include "reply_input.hpp"

namespace wildplan::cli {

void add_reply_flags(CLI::App* sub, ReplyFlags& flags) {
  sub->add_option("--prompt", flags.prompt,
                  "the prompt the loop sent: where the reply echoes it, no tag is a plan or a "
                  "signal");
}

ReplyInput read_reply(const std::string& path, const ReplyFlags& flags, Terminal& term,
                      const std::optional<std::string>& fallback) {
  ReplyInput in;
  if (flags.prompt) {
    in.prompt = std::make_unique<Source>(read_source(*flags.prompt));
    in.options.prompt = in.prompt.get();
  }
  in.source = std::make_unique<Source>(read_input(path, term, fallback));
  return in;
}

std::string reply_position(const Source& text, const Reply&, std::size_t offset) {
  const SourcePos p = text.position(offset);
  return text.name() + ':' + std::to_string(p.line) + ':' + std::to_string(p.column);
}

}  // namespace wildplan::cli
