// `codex exec --json`: one `ThreadEvent` per line (thread.started, turn.started, item.started,
// item.updated, item.completed, turn.completed, turn.failed, error). The answer is the `text` of
// items whose type is `agent_message`, each item's last state, items in the order they first
// appear. The prompt is not in this stream; `reasoning`, `command_execution` (its command and
// `aggregated_output`), `file_change`, `mcp_tool_call`, `web_search` and `todo_list` items are not
// the answer.
//
// Todos: `todo_list` items (`items: [{text, completed}]`, codex-rs/exec/src/exec_events.rs),
// each state of one the whole list; `codex exec` makes them from the agent's update_plan calls
// and keeps only whether each step is completed (see the README: in progress reads as todo).
#include <nlohmann/json.hpp>

#include "transcripts/reader.hpp"

namespace wildplan::detail {
namespace {

enum : int { kType, kItemId, kItemType, kItemText, kTodoText, kTodoDone };

class CodexExecReader : public FormatReader {
 public:
  CodexExecReader() {
    paths_.add("type", kType);
    paths_.add("item.id", kItemId);
    paths_.add("item.type", kItemType);
    paths_.add("item.text", kItemText);
    paths_.add("item.items[].text", kTodoText);
    paths_.add("item.items[].completed", kTodoDone);
  }

  const FieldPaths& paths() const override { return paths_; }

  bool wanted(const Field& f) const override {
    switch (f.id) {
      case kType:
        return f.is("item.started") || f.is("item.updated") || f.is("item.completed");
      case kItemType:
        return f.is("agent_message") || f.is("todo_list");
      default:
        return true;
    }
  }

  void read(std::vector<Field>& fields, std::uint32_t line, AnswerText& out) override {
    const Field* id = nullptr;
    Field* text = nullptr;
    bool message = false, completed = false;
    for (Field& f : fields) {
      if (f.id == kItemType && f.is("todo_list")) {
        todos_.replace("todo_list", line, todo_items(fields, {kTodoText, kTodoDone, -1, {}}));
        return;
      }
      completed |= f.id == kType && f.is("item.completed");
      if (f.id == kItemId && f.kind == Field::Kind::String) id = &f;
      if (f.id == kItemText && f.kind == Field::Kind::String) text = &f;
      message |= f.id == kItemType && f.is("agent_message");
    }
    if (!message || !text) return;
    const std::string item = id ? id->value : "line " + std::to_string(line);
    out.set_role(item, true);
    out.replace(item, "", line, std::move(text->value), completed);
  }

 private:
  FieldPaths paths_;
};

}  // namespace

TranscriptFormat recognise_codex_exec(const nlohmann::json& line) {
  const std::string_view type = string_at(line, "type");
  return type.starts_with("thread.") || type.starts_with("turn.") || type.starts_with("item.")
             ? TranscriptFormat::CodexExec
             : TranscriptFormat::Unknown;
}

std::unique_ptr<FormatReader> make_codex_exec_reader() {
  return std::make_unique<CodexExecReader>();
}

}  // namespace wildplan::detail
