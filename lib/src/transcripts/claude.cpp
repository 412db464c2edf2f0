// Claude Code: `claude -p --output-format stream-json` and the session logs under
// ~/.claude/projects/ (and Amp's `--stream-json`, which writes the same lines). Both write one
// message per line with the Anthropic Messages API's content blocks; the answer is the `text`
// blocks of `type: "assistant"` lines.
//
// Not the answer: `user` lines (the prompt, replayed with --replay-user-messages; tool results),
// `tool_use` and `thinking` blocks, a subagent's lines (`isSidechain: true` in a session log, a
// `parent_tool_use_id` in stream-json), Claude Code's own error messages (`isApiErrorMessage`),
// the session log's `summary` lines (a title). Records that repeat the answer: `result` (the last
// message's text) is read only when no assistant line was (`--output-format json` prints nothing
// else), and `stream_event` text deltas (--include-partial-messages) only until the message's
// own line arrives, which replaces them (a stream cut off mid-message keeps its deltas).
//
// A session log in which every record is a sub-agent's (Claude Code writes one per sub-agent,
// `agent-*.jsonl`, each record `isSidechain: true`) is that sub-agent's session: its answer is
// the answer. Its records are read apart until a record of the main agent shows up, and then
// dropped. A stream-json line with a `parent_tool_use_id` is always skipped: a stream starts with
// the main agent's lines, and a sub-agent's there is never a session of its own.
//
// Todos: `tool_use` blocks named TodoWrite (`input.todos[]` of `content`, `status`; each call the
// whole list) and TaskCreate (`input.subject`) / TaskUpdate (`input.taskId`, `input.status`,
// `input.subject`). A TaskCreate's id is in its tool result ("Task #3 created ..."), so while one
// is pending the next `user` line is read for its `tool_result` blocks.
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
  kItemName,
  kItemId,
  kTodoContent,
  kTodoStatus,
  kTodoId,
  kTaskSubject,
  kTaskId,
  kTaskStatus,
  kResultFor,
  kResultText,
  kResultPart,
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

Field* find(std::vector<Field>& fields, int id, std::optional<std::uint32_t> index = {}) {
  for (Field& f : fields) {
    if (f.id == id && (!index || f.index == *index)) return &f;
  }
  return nullptr;
}

/// The task number in a TaskCreate result ("Task #3 created successfully: ..."), or "".
std::string task_number(std::string_view text) {
  const std::size_t hash = text.find('#');
  if (hash == std::string_view::npos) return {};
  std::size_t e = hash + 1;
  while (e < text.size() && e - hash <= 12 && text[e] >= '0' && text[e] <= '9') ++e;
  return std::string(text.substr(hash + 1, e - hash - 1));
}

/// What one speaker (the main agent, or the sub-agents of an agent-*.jsonl) said.
struct Speaker {
  AnswerText answer;
  TodoState todos;
  std::unordered_map<std::string, std::string> pending;  // TaskCreate tool_use id -> its item
  std::size_t created = 0;                                // TaskCreates, for provisional ids
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
    paths_.add("message.content[].name", kItemName);
    paths_.add("message.content[].id", kItemId);
    paths_.add("message.content[].input.todos[].content", kTodoContent);
    paths_.add("message.content[].input.todos[].status", kTodoStatus);
    paths_.add("message.content[].input.todos[].id", kTodoId);
    paths_.add("message.content[].input.subject", kTaskSubject);
    paths_.add("message.content[].input.taskId", kTaskId);
    paths_.add("message.content[].input.status", kTaskStatus);
    paths_.add("message.content[].tool_use_id", kResultFor);
    paths_.add("message.content[].content", kResultText);
    paths_.add("message.content[].content[].text", kResultPart);
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
        return f.is("assistant") || f.is("stream_event") || f.is("result") ||
               (f.is("user") && awaiting_results());
      case kRole:
        return f.is("assistant") || (f.is("user") && awaiting_results());
      case kSidechain:
        if (f.kind != Field::Kind::True) {
          main_seen_ = true;
          return true;
        }
        side_seen_ = true;
        return !main_seen_;
      case kParentTool:  // stream-json: a sub-agent's line among the main agent's, never a log
        if (f.kind == Field::Kind::Null) main_seen_ = true;
        return f.kind == Field::Kind::Null;
      case kApiError:
        return f.kind != Field::Kind::True;
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
    if (const Field* p = find(fields, kParentTool); p && p->kind != Field::Kind::Null) return;
    const bool side = is_side(fields);
    if (side && main_seen_) return;
    Speaker& who = side ? side_ : main_;
    AnswerText& answer = side ? side_.answer : out;
    if (type->is("assistant")) {
      assistant(fields, line, answer);
      tool_calls(fields, line, who);
    } else if (type->is("user")) {
      tool_results(fields, who);
    } else if (type->is("stream_event")) {
      stream_event(fields, line, answer);
    } else if (Field* r = find(fields, kResult); r && r->kind == Field::Kind::String) {
      result_ = std::move(r->value);
      result_line_ = line;
    }
  }

  void finish(AnswerText& out) override {
    if (side_seen_ && !main_seen_) {  // an agent-*.jsonl: the sub-agent's answer is the answer
      subagent_ = true;
      out = std::move(side_.answer);
      todos_ = std::move(side_.todos);
    } else {
      todos_ = std::move(main_.todos);
    }
    if (!out.empty() || result_line_ == 0) return;
    out.add("result", result_line_, std::move(result_));
  }

  bool subagent_only() const override { return subagent_; }

 private:
  static bool is_side(std::vector<Field>& fields) {
    const Field* s = find(fields, kSidechain);
    return s && s->kind == Field::Kind::True;
  }

  bool awaiting_results() const {
    return !(side_seen_ && !main_seen_ ? side_ : main_).pending.empty();
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

  /// TodoWrite, TaskCreate and TaskUpdate calls among the message's tool_use items.
  void tool_calls(std::vector<Field>& fields, std::uint32_t line, Speaker& who) {
    for (const Field& name : fields) {
      if (name.id != kItemName || name.kind != Field::Kind::String) continue;
      const std::uint32_t item = name.index;
      if (name.value == "TodoWrite") {
        who.todos.replace("TodoWrite", line,
                          todo_items(fields, {kTodoContent, kTodoStatus, kTodoId, item}));
      } else if (name.value == "TaskCreate") {
        const Field* subject = find(fields, kTaskSubject, item);
        const Field* call = find(fields, kItemId, item);
        const std::string id = "#" + std::to_string(++who.created);  // until its result says
        who.todos.create("TaskCreate", line,
                         {subject ? subject->value : std::string(), Status::Todo, id});
        if (call) who.pending[call->value] = id;
      } else if (name.value == "TaskUpdate") {
        const Field* task = find(fields, kTaskId, item);
        const Field* status = find(fields, kTaskStatus, item);
        const Field* subject = find(fields, kTaskSubject, item);
        if (!task) continue;
        who.todos.update("TaskCreate", line, task->value,
                         status ? std::optional<std::string_view>(status->value) : std::nullopt,
                         subject ? std::optional<std::string>(subject->value) : std::nullopt);
      }
    }
  }

  /// The ids TaskCreate results give their tasks.
  void tool_results(std::vector<Field>& fields, Speaker& who) {
    for (const Field& f : fields) {
      if (f.id != kResultFor || f.kind != Field::Kind::String) continue;
      const auto it = who.pending.find(f.value);
      if (it == who.pending.end()) continue;
      std::string number;
      for (const Field& t : fields) {
        const bool text = (t.id == kResultText && t.index == f.index) ||
                          (t.id == kResultPart && t.outer == f.index);
        if (text && t.kind == Field::Kind::String && number.empty()) number = task_number(t.value);
      }
      if (!number.empty()) who.todos.rename(it->second, number);
      who.pending.erase(it);
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
  mutable bool main_seen_ = false, side_seen_ = false;  // set as lines are parsed
  bool subagent_ = false;
  Speaker main_, side_;
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
