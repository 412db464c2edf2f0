// GitHub Copilot CLI session events (`~/.copilot/session-state/<session>/events.jsonl`, and what
// `copilot -p ... --output-format json` and the Copilot SDK's session stream carry): one event
// per line, `{type, data, id, timestamp, parentId}` (github/copilot-sdk, generated
// session-events.ts): `session.start`, `user.message` (data.content: the prompt),
// `assistant.turn_start`, `assistant.message` (data.messageId, data.content, data.toolRequests),
// `assistant.message_delta` (data.messageId, data.deltaContent: a streamed piece),
// `assistant.reasoning`, `tool.execution_start` / `_complete`, `assistant.turn_end`,
// `session.idle`, and many more.
//
// The answer is the `content` of each `assistant.message`, messages in the order they first
// appear; `assistant.message_delta` pieces count until their message's own event arrives (a
// stream cut off keeps them). Not the answer: the user's message, reasoning, tool requests'
// arguments and tool output.
#include <nlohmann/json.hpp>

#include "transcripts/reader.hpp"

namespace wildplan::detail {
namespace {

enum : int { kType, kMessageId, kContent, kDelta };

class CopilotReader : public FormatReader {
 public:
  CopilotReader() {
    paths_.add("type", kType);
    paths_.add("data.messageId", kMessageId);
    paths_.add("data.content", kContent);
    paths_.add("data.deltaContent", kDelta);
  }

  const FieldPaths& paths() const override { return paths_; }

  bool wanted(const Field& f) const override {
    return f.id != kType || f.is("assistant.message") || f.is("assistant.message_delta");
  }

  void read(std::vector<Field>& fields, std::uint32_t line, AnswerText& out) override {
    std::string_view type;
    std::string message = "line " + std::to_string(line);
    Field* content = nullptr;
    Field* delta = nullptr;
    for (Field& f : fields) {
      if (f.kind != Field::Kind::String) continue;
      if (f.id == kType) type = f.value;
      if (f.id == kMessageId) message = f.value;
      if (f.id == kContent) content = &f;
      if (f.id == kDelta) delta = &f;
    }
    out.set_role(message, true);
    if (type == "assistant.message" && content) {
      out.replace(message, "", line, std::move(content->value), /*final=*/true);
    } else if (type == "assistant.message_delta" && delta) {
      out.append(message, "", line, std::move(delta->value));
    }
  }

 private:
  FieldPaths paths_;
};

}  // namespace

TranscriptFormat recognise_copilot(const nlohmann::json& line) {
  const std::string_view type = string_at(line, "type");
  const auto data = line.find("data");
  const bool dotted = type.find('.') != std::string_view::npos;
  return dotted && data != line.end() && data->is_object() &&
                 (line.contains("id") || line.contains("timestamp"))
             ? TranscriptFormat::CopilotEvents
             : TranscriptFormat::Unknown;
}

std::unique_ptr<FormatReader> make_copilot_reader() { return std::make_unique<CopilotReader>(); }

}  // namespace wildplan::detail
