// OpenCode's server event stream (`GET /event`, and what the SDK's `event.subscribe()` yields),
// one event `{type, properties}` per line, or per SSE `data:` line (transcript.cpp unwraps
// those). `message.updated` says whose a message is (`info.role`); a text part's state comes in
// `message.part.updated` events, each with the whole text so far (older servers add a `delta`),
// or in `message.part.delta` events that each add a piece (newer servers, between an empty first
// state and the final one). The answer is the last state of each `text` part of an assistant
// message, parts in the order they first appear.
//
// Not the answer: the user message's text parts (the prompt), `tool` parts (their `state.input`
// and `state.output`), `reasoning`, `step-start`/`step-finish`, `file` and `patch` parts; the
// earlier states and deltas of a part once its final state is known. A removed part or message
// (`message.part.removed`, `message.removed`) is dropped, and so is a part of a message whose
// speaker no `message.updated` named.
//
// Todos: `todo.updated` events (`properties.todos[]` of `content`, `status`, `id`: the session's
// whole list each time its `todowrite` tool writes it).
#include <nlohmann/json.hpp>

#include "transcripts/reader.hpp"

namespace wildplan::detail {
namespace {

enum : int {
  kType,
  kInfoId,
  kInfoRole,
  kPartId,
  kPartMessage,
  kPartType,
  kPartText,
  kMessageId,
  kPartIdOfDelta,
  kField,
  kDelta,
  kTodoText,
  kTodoStatus,
  kTodoId,
};

class OpenCodeEventsReader : public FormatReader {
 public:
  OpenCodeEventsReader() {
    paths_.add("type", kType);
    paths_.add("properties.info.id", kInfoId);
    paths_.add("properties.info.role", kInfoRole);
    paths_.add("properties.part.id", kPartId);
    paths_.add("properties.part.messageID", kPartMessage);
    paths_.add("properties.part.type", kPartType);
    paths_.add("properties.part.text", kPartText);
    paths_.add("properties.messageID", kMessageId);
    paths_.add("properties.partID", kPartIdOfDelta);
    paths_.add("properties.field", kField);
    paths_.add("properties.delta", kDelta);
    paths_.add("properties.todos[].content", kTodoText);
    paths_.add("properties.todos[].status", kTodoStatus);
    paths_.add("properties.todos[].id", kTodoId);
  }

  const FieldPaths& paths() const override { return paths_; }

  bool wanted(const Field& f) const override {
    switch (f.id) {
      case kType:
        return f.is("message.updated") || f.is("message.part.updated") ||
               f.is("message.part.delta") || f.is("message.part.removed") ||
               f.is("message.removed") || f.is("todo.updated");
      case kPartType:
        return f.is("text");
      case kField:
        return f.is("text");
      default:
        return true;
    }
  }

  void read(std::vector<Field>& fields, std::uint32_t line, AnswerText& out) override {
    std::string_view type;
    Field* value[kDelta + 1] = {};
    for (Field& f : fields) {
      if (f.id == kType && f.kind == Field::Kind::String) type = f.value;
      if (f.kind == Field::Kind::String && f.id > kType && f.id <= kDelta) value[f.id] = &f;
    }
    auto text = [&](int id) {
      return value[id] ? std::string_view(value[id]->value) : std::string_view();
    };
    if (type == "todo.updated") {
      todos_.replace("todowrite", line, todo_items(fields, {kTodoText, kTodoStatus, kTodoId, {}}));
    } else if (type == "message.updated") {
      if (value[kInfoId] && value[kInfoRole])
        out.set_role(text(kInfoId), text(kInfoRole) == "assistant");
    } else if (type == "message.part.updated") {
      if (text(kPartType) == "text" && value[kPartId] && value[kPartMessage] && value[kPartText])
        out.replace(text(kPartMessage), text(kPartId), line, std::move(value[kPartText]->value),
                    /*final=*/false);  // a later state may come
    } else if (type == "message.part.delta") {
      if (text(kField) == "text" && value[kMessageId] && value[kPartIdOfDelta] && value[kDelta])
        out.append(text(kMessageId), text(kPartIdOfDelta), line, std::move(value[kDelta]->value));
    } else if (type == "message.part.removed") {
      if (value[kMessageId] && value[kPartIdOfDelta])
        out.remove(text(kMessageId), text(kPartIdOfDelta));
    } else if (type == "message.removed") {
      if (value[kMessageId]) out.remove_message(text(kMessageId));
    }
  }

 private:
  FieldPaths paths_;
};

}  // namespace

TranscriptFormat recognise_opencode_events(const nlohmann::json& line) {
  const std::string_view type = string_at(line, "type");
  const auto p = line.find("properties");
  return type.find('.') != std::string_view::npos && p != line.end() && p->is_object()
             ? TranscriptFormat::OpenCodeEvents
             : TranscriptFormat::Unknown;
}

std::unique_ptr<FormatReader> make_opencode_events_reader() {
  return std::make_unique<OpenCodeEventsReader>();
}

}  // namespace wildplan::detail
