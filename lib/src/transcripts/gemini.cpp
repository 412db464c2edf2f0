// Gemini CLI `gemini -p ... --output-format stream-json`: one event per line, each with `type`
// and `timestamp` (google-gemini/gemini-cli, packages/core/src/output/types.ts): `init`
// (session_id, model), `message` (role user|assistant, content, delta: true for the assistant's
// streamed chunks), `tool_use` (tool_name, tool_id, parameters), `tool_result` (tool_id, status,
// output), `error`, `result` (status, stats). The answer is the `content` of assistant messages,
// in order: the chunks of one reply are joined as they are, and a reply interrupted by a tool call,
// a tool result or a user message starts a new message.
//
// Not the answer: user messages (the prompt), tool parameters and output, errors, the result's
// stats. Todos: `tool_use` events whose tool_name is `write_todos` (`parameters.todos[]` of
// `description` and `status`; each call the whole list).
#include <nlohmann/json.hpp>

#include "transcripts/reader.hpp"

namespace wildplan::detail {
namespace {

enum : int { kType, kRole, kContent, kToolName, kTodoText, kTodoStatus };

class GeminiReader : public FormatReader {
 public:
  GeminiReader() {
    paths_.add("type", kType);
    paths_.add("role", kRole);
    paths_.add("content", kContent);
    paths_.add("tool_name", kToolName);
    paths_.add("parameters.todos[].description", kTodoText);
    paths_.add("parameters.todos[].status", kTodoStatus);
  }

  const FieldPaths& paths() const override { return paths_; }

  bool wanted(const Field& f) const override {
    switch (f.id) {
      case kType:
        if (!f.is("message")) boundary_ = true;  // a tool call or result ends the reply
        return f.is("message") || f.is("tool_use");
      case kRole:
        if (!f.is("assistant")) boundary_ = true;
        return f.is("assistant");
      case kToolName:
        return f.is("write_todos");
      default:
        return true;
    }
  }

  void read(std::vector<Field>& fields, std::uint32_t line, AnswerText& out) override {
    bool message = false, assistant = false, todos = false;
    Field* content = nullptr;
    for (Field& f : fields) {
      message |= f.id == kType && f.is("message");
      assistant |= f.id == kRole && f.is("assistant");
      todos |= f.id == kToolName && f.is("write_todos");
      if (f.id == kContent && f.kind == Field::Kind::String) content = &f;
    }
    if (todos) {
      todos_.replace("write_todos", line, todo_items(fields, {kTodoText, kTodoStatus, -1, {}}));
      return;
    }
    if (!message || !assistant || !content) return;
    if (boundary_) {
      ++reply_;
      boundary_ = false;
    }
    out.add("reply " + std::to_string(reply_), line, std::move(content->value));
  }

 private:
  FieldPaths paths_;
  mutable bool boundary_ = true;  // set while parsing: the last event was not the assistant's
  std::uint64_t reply_ = 0;
};

}  // namespace

TranscriptFormat recognise_gemini(const nlohmann::json& line) {
  const std::string_view type = string_at(line, "type");
  if (!line.contains("timestamp") || !line["timestamp"].is_string()) return TranscriptFormat::Unknown;
  const bool known = (type == "init" && line.contains("session_id")) ||
                     (type == "message" && line.contains("role")) ||
                     (type == "tool_use" && line.contains("tool_name")) ||
                     (type == "tool_result" && line.contains("tool_id")) ||
                     (type == "result" && line.contains("status")) ||
                     (type == "error" && line.contains("severity"));
  return known ? TranscriptFormat::GeminiStream : TranscriptFormat::Unknown;
}

std::unique_ptr<FormatReader> make_gemini_reader() { return std::make_unique<GeminiReader>(); }

}  // namespace wildplan::detail
