// Cursor CLI `cursor-agent -p ... --output-format stream-json` (cursor.com/docs/cli/reference/
// output-format): Claude-like lines, `system` (init: apiKeySource, cwd, session_id, model,
// permissionMode), `user` (the prompt), `assistant` (message.content[].text), `thinking`,
// `tool_call` (subtype started|completed, call_id, tool_call.<name>ToolCall.{args,result}) and a
// final `result` whose `result` is the whole answer text, every message's text concatenated.
//
// The answer: each `assistant` line is one message, joined apart by a blank line (the messages
// between tool calls). With --stream-partial-output Cursor also writes pieces and repeats of a
// message, each with `timestamp_ms`; they are read only when the stream holds no whole message.
// The `result` text is the answer only when no assistant line was read: it runs the messages
// together with nothing between them, which can glue a tag to the sentence before it.
//
// Not the answer: the user line, thinking, tool calls' args and results. Todos: `tool_call` lines
// (subtype started) of `updateTodosToolCall` (or `todoToolCall`): `args.todos[]` of `id`,
// `content`, `status` (pending/in_progress/completed/cancelled, or TODO_STATUS_...), the whole
// list unless `args.merge` is true, when each item changes the one with its id.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "transcripts/reader.hpp"

namespace wildplan::detail {
namespace {

enum : int {
  kType,
  kSubtype,
  kItemType,
  kItemText,
  kPartial,
  kResult,
  kMerge,
  kTodoId,
  kTodoText,
  kTodoStatus,
};

class CursorReader : public FormatReader {
 public:
  CursorReader() {
    paths_.add("type", kType);
    paths_.add("subtype", kSubtype);
    paths_.add("message.content[].type", kItemType);
    paths_.add("message.content[].text", kItemText);
    paths_.add("timestamp_ms", kPartial);
    paths_.add("result", kResult);
    for (const char* tool : {"updateTodosToolCall", "todoToolCall"}) {
      const std::string args = std::string("tool_call.") + tool + ".args.";
      paths_.add(args + "merge", kMerge);
      paths_.add(args + "todos[].id", kTodoId);
      paths_.add(args + "todos[].content", kTodoText);
      paths_.add(args + "todos[].status", kTodoStatus);
    }
  }

  const FieldPaths& paths() const override { return paths_; }

  bool wanted(const Field& f) const override {
    if (f.id == kType) return f.is("assistant") || f.is("result") || f.is("tool_call");
    if (f.id == kSubtype) return !f.is("completed");  // a tool call's args came when it started
    return true;
  }

  void read(std::vector<Field>& fields, std::uint32_t line, AnswerText& out) override {
    std::string_view type;
    bool partial = false, merge = false;
    for (const Field& f : fields) {
      if (f.id == kType && f.kind == Field::Kind::String) type = f.value;
      partial |= f.id == kPartial;
      merge |= f.id == kMerge && f.kind == Field::Kind::True;
    }
    if (type == "assistant") {
      assistant(fields, line, partial, out);
    } else if (type == "result") {
      for (Field& f : fields) {
        if (f.id != kResult || f.kind != Field::Kind::String) continue;
        result_ = std::move(f.value);
        result_line_ = line;
      }
    } else if (type == "tool_call") {
      todos(fields, line, merge);
    }
  }

  void finish(AnswerText& out) override {
    if (!out.empty()) return;
    if (result_line_ != 0) {
      out.add("result", result_line_, std::move(result_));
      return;
    }
    for (auto& [line, text] : partial_) out.add("partial", line, std::move(text));
  }

 private:
  void assistant(std::vector<Field>& fields, std::uint32_t line, bool partial, AnswerText& out) {
    std::vector<bool> is_text;
    for (const Field& f : fields) {
      if (f.id != kItemType || !f.is("text")) continue;
      if (is_text.size() <= f.index) is_text.resize(f.index + std::size_t{1});
      is_text[f.index] = true;
    }
    const std::string message = "line " + std::to_string(line);
    for (Field& f : fields) {
      if (f.id != kItemText || f.kind != Field::Kind::String) continue;
      if (f.index >= is_text.size() || !is_text[f.index]) continue;
      if (partial) {
        partial_.emplace_back(line, std::move(f.value));
      } else {
        out.add(message, line, std::move(f.value));
      }
    }
  }

  void todos(const std::vector<Field>& fields, std::uint32_t line, bool merge) {
    const bool any = std::any_of(fields.begin(), fields.end(), [](const Field& f) {
      return f.id == kTodoText || f.id == kTodoStatus || f.id == kTodoId;
    });
    if (!any) return;
    if (!merge) {
      todos_.replace("updateTodos", line, todo_items(fields, {kTodoText, kTodoStatus, kTodoId, {}}));
      return;
    }
    // A merge: each item names the todo it changes, and gives its text and status if they change.
    struct Change {
      std::uint32_t index;
      std::string id;
      std::optional<std::string> text, status;
    };
    std::vector<Change> changes;
    for (const Field& f : fields) {
      if (f.id != kTodoText && f.id != kTodoStatus && f.id != kTodoId) continue;
      if (changes.empty() || changes.back().index != f.index) changes.push_back({f.index, {}, {}, {}});
      if (f.kind != Field::Kind::String) continue;
      if (f.id == kTodoId) changes.back().id = f.value;
      if (f.id == kTodoText) changes.back().text = f.value;
      if (f.id == kTodoStatus) changes.back().status = f.value;
    }
    bool first = true;  // one call, one update, however many todos it changes
    for (Change& c : changes) {
      const auto status = c.status ? std::optional<std::string_view>(*c.status) : std::nullopt;
      todos_.update("updateTodos", line, c.id, status, std::move(c.text), first);
      first = false;
    }
  }

  FieldPaths paths_;
  std::vector<std::pair<std::uint32_t, std::string>> partial_;
  std::string result_;
  std::uint32_t result_line_ = 0;
};

}  // namespace

TranscriptFormat recognise_cursor(const nlohmann::json& line) {
  const std::string_view type = string_at(line, "type");
  if (type == "tool_call" && line.contains("call_id")) return TranscriptFormat::CursorStream;
  if (type == "thinking" && line.contains("session_id")) return TranscriptFormat::CursorStream;
  // Claude Code's and Amp's init list their `tools`; Cursor's names its permission mode instead.
  if (type == "system" && string_at(line, "subtype") == "init" && line.contains("apiKeySource") &&
      line.contains("permissionMode") && !line.contains("tools") && !line.contains("uuid"))
    return TranscriptFormat::CursorStream;
  return TranscriptFormat::Unknown;
}

std::unique_ptr<FormatReader> make_cursor_reader() { return std::make_unique<CursorReader>(); }

}  // namespace wildplan::detail
