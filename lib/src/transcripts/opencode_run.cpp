// `opencode run --format json`: each finished part in an envelope `{type, timestamp, sessionID,
// part}` (step_start, text, tool_use, step_finish, reasoning, error). The answer is the
// `part.text` of `text` lines, already final; the prompt is not in this stream, and `tool_use`
// lines (a tool's input and output) and `reasoning` are not the answer.
//
// Todos: `tool_use` lines whose `part.tool` is `todowrite` (`part.state.input.todos[]` of
// `content`, `status`, `id`; each call the whole list).
#include <nlohmann/json.hpp>

#include "transcripts/reader.hpp"

namespace wildplan::detail {
namespace {

enum : int { kType, kPartId, kPartMessage, kPartType, kPartText, kTool, kTodoText, kTodoStatus,
             kTodoId };

class OpenCodeRunReader : public FormatReader {
 public:
  OpenCodeRunReader() {
    paths_.add("type", kType);
    paths_.add("part.id", kPartId);
    paths_.add("part.messageID", kPartMessage);
    paths_.add("part.type", kPartType);
    paths_.add("part.text", kPartText);
    paths_.add("part.tool", kTool);
    paths_.add("part.state.input.todos[].content", kTodoText);
    paths_.add("part.state.input.todos[].status", kTodoStatus);
    paths_.add("part.state.input.todos[].id", kTodoId);
  }

  const FieldPaths& paths() const override { return paths_; }

  bool wanted(const Field& f) const override {
    switch (f.id) {
      case kType:
        return f.is("text") || f.is("tool_use");
      case kPartType:
        return f.is("text") || f.is("tool");
      case kTool:
        return f.is("todowrite");
      default:
        return true;
    }
  }

  void read(std::vector<Field>& fields, std::uint32_t line, AnswerText& out) override {
    bool text_line = false;
    for (const Field& f : fields) {
      if (f.id == kTool && f.is("todowrite")) {
        todos_.replace("todowrite", line, todo_items(fields, {kTodoText, kTodoStatus, kTodoId, {}}));
        return;
      }
    }
    std::string message = "line " + std::to_string(line), part;
    Field* text = nullptr;
    for (Field& f : fields) {
      text_line |= f.id == kType && f.is("text");
      if (f.kind != Field::Kind::String) continue;
      if (f.id == kPartMessage) message = f.value;
      if (f.id == kPartId) part = f.value;
      if (f.id == kPartText) text = &f;
    }
    if (!text_line || !text) return;
    out.set_role(message, true);
    out.replace(message, part.empty() ? std::to_string(line) : part, line, std::move(text->value),
                /*final=*/true);
  }

 private:
  FieldPaths paths_;
};

}  // namespace

TranscriptFormat recognise_opencode_run(const nlohmann::json& line) {
  const std::string_view type = string_at(line, "type");
  const bool known = type == "step_start" || type == "step_finish" || type == "text" ||
                     type == "tool_use" || type == "reasoning" || type == "error";
  return known && (line.contains("sessionID") || line.contains("part"))
             ? TranscriptFormat::OpenCodeRun
             : TranscriptFormat::Unknown;
}

std::unique_ptr<FormatReader> make_opencode_run_reader() {
  return std::make_unique<OpenCodeRunReader>();
}

}  // namespace wildplan::detail
