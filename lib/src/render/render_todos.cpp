// The agent's todo list in reports: `todos` of the reply document (extract --json) and
// `todo_sync` of the apply document and report (apply --sync-todos), from TodoList and TodoSync.
#include <algorithm>

#include "render/json_parts.hpp"
#include "wildplan/render.hpp"
#include "wildplan/todos.hpp"

namespace wildplan::detail {

void write_todos(JsonWriter& w, const TodoList* todos) {
  w.key("todos");
  if (!todos) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("source").value(todos->source);
  w.key("line").value(todos->line);
  w.key("updates").value(todos->updates);
  w.key("items").begin_array();
  for (const TodoItem& t : todos->items) {
    w.begin_object(/*flat=*/true);
    w.key("text").value(t.text).key("status").value(to_string(t.status));
    w.key("id");
    t.id.empty() ? w.null() : w.value(t.id);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_tag_values(JsonWriter& w, const Reply& r) {
  w.key("values").begin_object();
  for (const TagValue& v : r.values) {
    w.key(v.name).begin_object();
    w.key("format").value(to_string(v.format));
    w.key("found").value(v.found).key("valid").value(v.valid);
    w.key("value");
    if (!v.valid) {
      w.null();
    } else if (v.format == TagFormat::Json) {
      w.json_text(v.json);
    } else if (v.format == TagFormat::Fields) {
      w.begin_array();
      for (const TagRecord& rec : v.records) {
        w.begin_object(/*flat=*/true);
        // A key written twice in a record: its last value, at its first place.
        std::vector<const std::pair<std::string, std::string>*> keys;
        for (const auto& f : rec.fields) {
          auto it = std::find_if(keys.begin(), keys.end(),
                                 [&](const auto* k) { return k->first == f.first; });
          if (it == keys.end()) keys.push_back(&f);
          else *it = &f;
        }
        for (const auto* f : keys) w.key(f->first).value(f->second);
        w.end_object();
      }
      w.end_array();
    } else {
      const auto it = std::find_if(r.signals.others.begin(), r.signals.others.end(),
                                   [&](const auto& o) { return o.first == v.name; });
      write_optional(w, it != r.signals.others.end() ? it->second : std::nullopt);
    }
    w.end_object();
  }
  w.end_object();
}

void write_todo_sync(JsonWriter& w, const TodoSync* sync) {
  w.key("todo_sync");
  if (!sync) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("mode").value(to_string(sync->mode));
  w.key("changed").begin_array();
  for (const TodoSyncChange& c : sync->changed) {
    w.begin_object(/*flat=*/true);
    w.key("id").value(c.id).key("title").value(c.title).key("line").value(c.line);
    w.key("from").value(to_string(c.from)).key("to").value(to_string(c.to));
    w.key("todo").value(static_cast<std::uint64_t>(c.todo));
    w.key("matched_by").value(c.matched_by);
    w.end_object();
  }
  w.end_array();
  w.key("kept").begin_array();
  for (const TodoKept& k : sync->kept) {
    w.begin_object(/*flat=*/true);
    w.key("id").value(k.id).key("title").value(k.title).key("line").value(k.line);
    w.key("todo").value(static_cast<std::uint64_t>(k.todo)).key("reason").value(k.reason);
    w.end_object();
  }
  w.end_array();
  w.key("unmatched").begin_array();
  for (const TodoUnmatched& u : sync->unmatched) {
    w.begin_object(/*flat=*/true);
    w.key("todo").value(static_cast<std::uint64_t>(u.todo));
    w.key("text").value(u.text).key("status").value(to_string(u.status));
    w.key("resembles");
    u.resembles ? w.value(u.resembles_id) : w.null();
    w.key("added").value(u.added);
    w.key("added_id");
    u.added ? w.value(u.added_id) : w.null();
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void append_todo_sync_text(std::string& out, const TodoSync* sync) {
  if (!sync) return;
  const auto name = [](const std::string& id, const std::string& title) {
    return (id.empty() ? std::string() : id + " ") + escape_for_terminal(title);
  };
  for (const TodoSyncChange& c : sync->changed) {
    out += "  todos: " + name(c.id, c.title) + ": " + to_string(c.from) + " -> " +
           to_string(c.to) + " (the todo list says so; matched by " + c.matched_by + ")\n";
  }
  for (const TodoUnmatched& u : sync->unmatched) {
    out += "  todos: '" + escape_for_terminal(u.text) + "' (" + to_string(u.status) + ") " +
           (!u.added                ? std::string("names no task")
            : u.added_id.empty() ? std::string("added as a task")
                                 : "added as task " + escape_for_terminal(u.added_id)) +
           "\n";
  }
}

}  // namespace wildplan::detail
