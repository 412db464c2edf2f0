// Codex CLI rollout files, ~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl: one `RolloutLine` per
// line, `{timestamp, type, payload}`. The answer is the `output_text` items of `response_item`
// payloads that are messages with `role: "assistant"`.
//
// Not the answer: `user` and `developer` messages (the prompt, the environment context),
// `reasoning`, `function_call` and `custom_tool_call` inputs and their outputs, `session_meta`,
// `turn_context`; `event_msg` records repeat what the response items say (`agent_message` is the
// assistant's text again, `user_message` the prompt) and are not read.
//
// Todos: `function_call` payloads named `update_plan`, whose `arguments` is a JSON string of
// `{explanation?, plan: [{step, status}]}` (codex-rs/protocol/src/plan_tool.rs, UpdatePlanArgs);
// each call the whole plan.
#include <nlohmann/json.hpp>

#include "transcripts/reader.hpp"

namespace wildplan::detail {
namespace {

enum : int { kType, kPayloadType, kRole, kItemType, kItemText, kName, kArguments };

class CodexRolloutReader : public FormatReader {
 public:
  CodexRolloutReader() {
    paths_.add("type", kType);
    paths_.add("payload.type", kPayloadType);
    paths_.add("payload.role", kRole);
    paths_.add("payload.content[].type", kItemType);
    paths_.add("payload.content[].text", kItemText);
    paths_.add("payload.name", kName);
    paths_.add("payload.arguments", kArguments);
  }

  const FieldPaths& paths() const override { return paths_; }

  bool wanted(const Field& f) const override {
    switch (f.id) {
      case kType:
        return f.is("response_item");
      case kPayloadType:
        return f.is("message") || f.is("function_call");
      case kName:
        return f.is("update_plan");
      case kRole:
        return f.is("assistant");
      default:
        return true;
    }
  }

  void read(std::vector<Field>& fields, std::uint32_t line, AnswerText& out) override {
    bool item = false, message = false, assistant = false;
    std::vector<bool> is_text;
    for (const Field& f : fields) {
      if (f.id == kArguments && f.kind == Field::Kind::String) {
        update_plan(f.value, line);
        return;
      }
      item |= f.id == kType && f.is("response_item");
      message |= f.id == kPayloadType && f.is("message");
      assistant |= f.id == kRole && f.is("assistant");
      if (f.id == kItemType && (f.is("output_text") || f.is("text"))) {
        if (is_text.size() <= f.index) is_text.resize(f.index + std::size_t{1});
        is_text[f.index] = true;
      }
    }
    if (!item || !message || !assistant) return;
    const std::string id = "line " + std::to_string(line);  // each message its own
    for (Field& f : fields) {
      if (f.id == kItemText && f.kind == Field::Kind::String && f.index < is_text.size() &&
          is_text[f.index]) {
        out.add(id, line, std::move(f.value));
      }
    }
  }

 private:
  /// An update_plan call: its arguments, a JSON text of their own. Arguments that do not parse,
  /// or hold no `plan` array, are not an update (the tool itself would have refused them).
  void update_plan(std::string_view arguments, std::uint32_t line) {
    const nlohmann::json args =
        nlohmann::json::parse(arguments.begin(), arguments.end(), nullptr, false);
    if (!args.is_object()) return;
    const auto plan = args.find("plan");
    if (plan == args.end() || !plan->is_array()) return;
    std::vector<TodoItem> items;
    for (const nlohmann::json& step : *plan) {
      if (!step.is_object()) continue;
      const std::string_view text = string_at(step, "step");
      if (text.empty()) continue;
      items.push_back({std::string(text), todo_status(string_at(step, "status")), {}});
    }
    todos_.replace("update_plan", line, std::move(items));
  }

  FieldPaths paths_;
};

}  // namespace

TranscriptFormat recognise_codex_rollout(const nlohmann::json& line) {
  const std::string_view type = string_at(line, "type");
  const bool known = type == "session_meta" || type == "response_item" || type == "event_msg" ||
                     type == "turn_context" || type == "compacted";
  return known && line.contains("payload") ? TranscriptFormat::CodexRollout
                                           : TranscriptFormat::Unknown;
}

std::unique_ptr<FormatReader> make_codex_rollout_reader() {
  return std::make_unique<CodexRolloutReader>();
}

}  // namespace wildplan::detail
