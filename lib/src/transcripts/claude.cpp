// Claude Code: `claude -p --output-format stream-json` and the session logs under
// ~/.claude/projects/. Both write one message per line with the Anthropic Messages API's
// content blocks; the answer is the `text` blocks of `type: "assistant"` lines.
//
// Not the answer: `user` lines (the prompt, replayed with --replay-user-messages; tool results),
// `tool_use` and `thinking` blocks, a subagent's lines (`isSidechain: true` in a session log, a
// `parent_tool_use_id` in stream-json), Claude Code's own error messages (`isApiErrorMessage`),
// the session log's `summary` lines (a title). Records that repeat the answer: `result` (the last
// message's text) is read only when no assistant line was (`--output-format json` prints nothing
// else), and `stream_event` text deltas (--include-partial-messages) only until the message's
// own line arrives, which replaces them (a stream cut off mid-message keeps its deltas).
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "transcripts/reader.hpp"

namespace wildplan::detail {
namespace {

enum : int {
  kType,
  kMessageId,
  kRole,
  kContent,
  kItemType,
  kItemText,
  kSidechain,
  kParentTool,
  kApiError,
  kEventType,
  kEventIndex,
  kEventMessageId,
  kDeltaType,
  kDeltaText,
  kResult,
};

class ClaudeReader : public FormatReader {
 public:
  ClaudeReader() {
    paths_.add("type", kType);
    paths_.add("message.id", kMessageId);
    paths_.add("message.role", kRole);
    paths_.add("message.content", kContent);
    paths_.add("message.content[].type", kItemType);
    paths_.add("message.content[].text", kItemText);
    paths_.add("isSidechain", kSidechain);
    paths_.add("parent_tool_use_id", kParentTool);
    paths_.add("isApiErrorMessage", kApiError);
    paths_.add("event.type", kEventType);
    paths_.add("event.index", kEventIndex);
    paths_.add("event.message.id", kEventMessageId);
    paths_.add("event.delta.type", kDeltaType);
    paths_.add("event.delta.text", kDeltaText);
    paths_.add("result", kResult);
  }

  const FieldPaths& paths() const override { return paths_; }

  bool wanted(const Field& f) const override {
    switch (f.id) {
      case kType:
        return f.is("assistant") || f.is("stream_event") || f.is("result");
      case kRole:
        return f.is("assistant");
      case kSidechain:
      case kApiError:
        return f.kind != Field::Kind::True;
      case kParentTool:
        return f.kind == Field::Kind::Null;
      case kEventType:
        return f.is("message_start") || f.is("content_block_delta");
      case kDeltaType:
        return f.is("text_delta");
      default:
        return true;
    }
  }

  void read(std::vector<Field>& fields, std::uint32_t line, AnswerText& out) override {
    const Field* type = find(fields, kType);
    if (!type) return;
    if (type->is("assistant")) {
      assistant(fields, line, out);
    } else if (type->is("stream_event")) {
      stream_event(fields, line, out);
    } else if (Field* r = find(fields, kResult); r && r->kind == Field::Kind::String) {
      result_ = std::move(r->value);
      result_line_ = line;
    }
  }

  void finish(AnswerText& out) override {
    if (!out.empty() || result_line_ == 0) return;
    out.add("result", result_line_, std::move(result_));
  }

 private:
  static Field* find(std::vector<Field>& fields, int id) {
    for (Field& f : fields) {
      if (f.id == id) return &f;
    }
    return nullptr;
  }

  void assistant(std::vector<Field>& fields, std::uint32_t line, AnswerText& out) {
    const Field* id = find(fields, kMessageId);
    const std::string message = id && id->kind == Field::Kind::String
                                    ? id->value
                                    : "line " + std::to_string(line);  // one message per line
    // The message's own text replaces the deltas streamed for it.
    if (auto it = deltas_.find(message); it != deltas_.end()) {
      for (const std::string& part : it->second) out.remove(message, part);
      deltas_.erase(it);
    }
    Field* content = find(fields, kContent);
    if (content && content->kind == Field::Kind::String) {
      out.add(message, line, std::move(content->value));
      return;
    }
    // The items of content[]: a text item's type and text, by element index.
    std::vector<bool> is_text;
    for (const Field& f : fields) {
      if (f.id != kItemType || !f.is("text")) continue;
      if (is_text.size() <= f.index) is_text.resize(f.index + std::size_t{1});
      is_text[f.index] = true;
    }
    for (Field& f : fields) {
      if (f.id != kItemText || f.kind != Field::Kind::String) continue;
      if (f.index < is_text.size() && is_text[f.index]) {
        out.add(message, line, std::move(f.value));
      }
    }
  }

  void stream_event(std::vector<Field>& fields, std::uint32_t line, AnswerText& out) {
    const Field* event = find(fields, kEventType);
    if (!event) return;
    if (event->is("message_start")) {
      const Field* id = find(fields, kEventMessageId);
      streaming_ = id ? id->value : "line " + std::to_string(line);
      return;
    }
    Field* text = find(fields, kDeltaText);
    const Field* index = find(fields, kEventIndex);
    if (!text || text->kind != Field::Kind::String) return;
    const std::string part = "delta " + (index ? index->value : std::string("0"));
    out.set_role(streaming_, true);
    out.append(streaming_, part, line, std::move(text->value));
    auto& parts = deltas_[streaming_];
    if (parts.empty() || parts.back() != part) parts.push_back(part);
  }

  FieldPaths paths_;
  std::string streaming_ = "stream";  // the message the deltas belong to
  std::unordered_map<std::string, std::vector<std::string>> deltas_;
  std::string result_;
  std::uint32_t result_line_ = 0;
};

}  // namespace

TranscriptFormat recognise_claude(const nlohmann::json& line) {
  const std::string_view type = string_at(line, "type");
  const bool session = line.contains("sessionId") || line.contains("parentUuid") ||
                       line.contains("leafUuid") || type == "summary" ||
                       type == "file-history-snapshot";
  if (session && (type == "summary" || type == "file-history-snapshot" || type == "user" ||
                  type == "assistant" || type == "system"))
    return TranscriptFormat::ClaudeSession;
  const bool stream = line.contains("session_id") || line.contains("subtype") ||
                      line.contains("message");
  if (stream && (type == "system" || type == "user" || type == "assistant" || type == "result" ||
                 type == "stream_event"))
    return TranscriptFormat::ClaudeStream;
  return TranscriptFormat::Unknown;
}

std::unique_ptr<FormatReader> make_claude_reader() { return std::make_unique<ClaudeReader>(); }

}  // namespace wildplan::detail
