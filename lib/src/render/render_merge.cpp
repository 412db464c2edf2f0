// The merge driver's reports (merge.hpp): the merge as text and as a document, and the
// registration.
#include <array>

#include "render/json_parts.hpp"
#include "render/json_writer.hpp"
#include "wildplan/merge.hpp"

namespace wildplan {
namespace {

using detail::JsonWriter;

constexpr std::array kActions = {TaskMergeAction::Ours,     TaskMergeAction::Theirs,
                                 TaskMergeAction::Combined, TaskMergeAction::FurtherAlong,
                                 TaskMergeAction::Added,    TaskMergeAction::Deleted,
                                 TaskMergeAction::Kept,     TaskMergeAction::Conflict};

std::array<std::size_t, kActions.size()> count_actions(const MergeResult& r) {
  std::array<std::size_t, kActions.size()> n{};
  for (const TaskMerge& t : r.tasks) ++n[static_cast<std::size_t>(t.action)];
  return n;
}

/// `Task 3 'Write the loader'`, or `'Write the loader'` for a task without an id.
std::string task_name(const std::string& id, const std::string& title) {
  return (id.empty() ? "" : id + " ") + "'" + title + "'";
}

const char* rule_of(ConflictKind k) {
  switch (k) {
    case ConflictKind::TaskText:
      return "merge-task-text";
    case ConflictKind::TaskStatus:
      return "merge-task-status";
    case ConflictKind::DeletedChanged:
      return "merge-deleted-changed";
    case ConflictKind::Text:
      return "merge-text";
    case ConflictKind::Binary:
      return "merge-binary";
  }
  return "merge-text";
}

std::string message_of(const MergeConflict& c) {
  const std::string lines =
      c.line ? " (lines " + std::to_string(c.line) + "-" + std::to_string(c.end_line) + ")" : "";
  switch (c.kind) {
    case ConflictKind::TaskText:
      return task_name(c.id, c.title) +
             ": both sides changed its line differently; both versions are left between "
             "conflict markers" +
             lines;
    case ConflictKind::TaskStatus:
      return task_name(c.id, c.title) +
             ": both sides changed its box, and one of them is cancelled, blocked or unknown; "
             "both versions are left between conflict markers" +
             lines;
    case ConflictKind::DeletedChanged:
      return task_name(c.id, c.title) +
             ": one side deleted it and the other changed it; left between conflict markers" +
             lines;
    case ConflictKind::Text:
      return "both sides changed these lines differently; left between conflict markers" + lines;
    case ConflictKind::Binary:
      return "a side holds a NUL byte: merged as git merges binary files, ours kept";
  }
  return {};
}

Diagnostic diagnostic_of(const MergeConflict& c, const std::string& file) {
  Diagnostic d;
  d.file = file;
  d.begin = d.end = {c.line, 0};
  d.severity = Severity::Error;
  d.rule = rule_of(c.kind);
  d.message = message_of(c);
  return d;
}

void write_optional_index(JsonWriter& w, const std::optional<std::size_t>& i) {
  if (i) {
    w.value(static_cast<std::uint64_t>(*i + 1));
  } else {
    w.null();
  }
}

void write_entries(JsonWriter& w, const char* key, const std::vector<RegistrationEntry>& es) {
  w.key(key).begin_array();
  for (const RegistrationEntry& e : es) {
    w.begin_object(true);
    w.key("file").value(e.file);
    w.key("key").value(e.key);
    w.key("value").value(e.value);
    w.key("outcome").value(to_string(e.outcome));
    w.end_object();
  }
  w.end_array();
}

}  // namespace

std::string render_merge_text(const MergeResult& r, const std::string& file, TextStyle style) {
  std::string out = escape_for_terminal(file) + ": ";
  if (!r.by_task) {
    out += "merged as git merges text";
  } else {
    out += "merged by task";
    const auto n = count_actions(r);
    std::string parts;
    for (std::size_t i = 0; i < kActions.size(); ++i) {
      if (n[i] == 0 || kActions[i] == TaskMergeAction::Conflict) continue;
      std::string name = to_string(kActions[i]);
      if (kActions[i] == TaskMergeAction::FurtherAlong) name = "further along";
      if (kActions[i] == TaskMergeAction::Ours) name = "from ours";
      if (kActions[i] == TaskMergeAction::Theirs) name = "from theirs";
      parts += (parts.empty() ? "" : ", ") + std::to_string(n[i]) + " " + name;
    }
    if (!parts.empty()) {
      out += ": " + parts;
    } else if (r.tasks.empty()) {
      out += ": no task changed on either side";
    }
  }
  const std::size_t c = r.conflicts.size();
  out +=
      c == 0 ? "; clean\n" : "; " + std::to_string(c) + (c == 1 ? " conflict\n" : " conflicts\n");
  for (const MergeConflict& conflict : r.conflicts)
    append_diagnostic(out, nullptr, diagnostic_of(conflict, file), style);
  for (const Diagnostic& d : r.diagnostics) append_diagnostic(out, nullptr, d, style);
  return out;
}

void write_merge_json(const MergeResult& r, const std::string& file, const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "merge");
  w.key("file").value(file);
  w.key("clean").value(r.clean());
  w.key("by_task").value(r.by_task);
  w.key("counts").begin_object(true);
  const auto n = count_actions(r);
  for (std::size_t i = 0; i < kActions.size(); ++i) {
    std::string key = to_string(kActions[i]);
    if (key == "further-along") key = "further_along";
    w.key(key).value(static_cast<std::uint64_t>(n[i]));
  }
  w.end_object();
  w.key("tasks").begin_array();
  for (const TaskMerge& t : r.tasks) {
    w.begin_object(true);
    w.key("action").value(to_string(t.action));
    w.key("side").value(to_string(t.side));
    w.key("id").value(t.id);
    w.key("title").value(t.title);
    w.key("line");
    if (t.line) {
      w.value(t.line);
    } else {
      w.null();
    }
    w.key("base");
    write_optional_index(w, t.base);
    w.key("ours");
    write_optional_index(w, t.ours);
    w.key("theirs");
    write_optional_index(w, t.theirs);
    w.end_object();
  }
  w.end_array();
  w.key("conflicts").begin_array();
  for (const MergeConflict& c : r.conflicts) {
    w.begin_object(true);
    w.key("kind").value(to_string(c.kind));
    w.key("line");
    if (c.line) {
      w.value(c.line);
    } else {
      w.null();
    }
    w.key("end_line");
    if (c.line) {
      w.value(c.end_line);
    } else {
      w.null();
    }
    w.key("id").value(c.id);
    w.key("title").value(c.title);
    w.key("message").value(message_of(c));
    w.end_object();
  }
  w.end_array();
  detail::write_diagnostics(w, r.diagnostics);
  w.end_object();
  w.finish();
}

std::string render_merge_driver_text(const MergeDriverRegistration& r) {
  std::string out;
  for (const auto* list : {&r.config, &r.attributes}) {
    for (const RegistrationEntry& e : *list) {
      out += to_string(e.outcome);
      out += ": ";
      out += escape_for_terminal(list == &r.config ? e.key + " = " + e.value : e.value);
      out += " (" + escape_for_terminal(e.file) + ")\n";
    }
  }
  return out;
}

void write_merge_driver_json(std::string_view action, const MergeDriverRegistration& r,
                             const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "merge-driver");
  w.key("action").value(action);
  write_entries(w, "config", r.config);
  write_entries(w, "attributes", r.attributes);
  w.end_object();
  w.finish();
}

}  // namespace wildplan
