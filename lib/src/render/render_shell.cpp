// The shell verbs' text (list, status, show, and what remove, move and edit did) and the
// documents of show, remove, move and edit. Colour, when asked for, marks each box by its
// status: done green, in progress yellow, blocked red, cancelled dim, an unknown one magenta.
#include <algorithm>

#include "render/json_parts.hpp"
#include "render/json_writer.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace {

using detail::JsonWriter;

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kGreen = "\x1b[32m";

std::string_view status_color(Status s) {
  switch (s) {
    case Status::Done:
      return "\x1b[32m";
    case Status::InProgress:
      return "\x1b[33m";
    case Status::Blocked:
      return "\x1b[31m";
    case Status::Cancelled:
      return "\x1b[2m";
    case Status::Other:
      return "\x1b[35m";
    default:
      return {};
  }
}

/// `text` in `color` when colour is on (and the colour is not none).
std::string paint(std::string_view text, std::string_view color, TextStyle style) {
  if (!style.color || color.empty()) return std::string(text);
  return std::string(color) + std::string(text) + std::string(kReset);
}

std::string box(const Task& t, TextStyle style) {
  return paint("[" + std::string(1, t.box) + "]", status_color(t.status), style);
}

/// "#4 P2-T2 [ ] Launch the runs", how the shell names a task.
std::string task_line(const Task& t, TextStyle style) {
  return "#" + std::to_string(t.ordinal) + (t.id.empty() ? "" : " " + paint(escape_for_terminal(t.id), kBold, style)) +
         " " + box(t, style) + " " + escape_for_terminal(t.title);
}

std::optional<std::string> reason_of(const Task& t) {
  for (const Field& f : t.fields) {
    std::string k = f.key;
    std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return std::tolower(c); });
    if (k == "reason") return f.value;
  }
  return std::nullopt;
}

std::string bar(const Tally& p, TextStyle style) {
  constexpr std::size_t kWidth = 20;
  const std::size_t filled = p.counted() ? p.done * kWidth / p.counted() : 0;
  return "[" + paint(std::string(filled, '#'), kGreen, style) +
         std::string(kWidth - filled, '.') + "]";
}

std::string figures(const Tally& p) {
  std::string s = std::to_string(p.done) + "/" + std::to_string(p.counted()) + " done";
  if (p.counted()) s += " (" + std::to_string(p.done * 100 / p.counted()) + "%)";
  if (p.cancelled) s += ", " + std::to_string(p.cancelled) + " cancelled";
  return s;
}

void write_summary(JsonWriter& w, const TaskSummary& t) {
  w.begin_object(/*flat=*/true);
  w.key("ordinal").value(static_cast<std::uint64_t>(t.ordinal)).key("id").value(t.id);
  w.key("status").value(to_string(t.status));
  w.key("marker").value(std::string_view(&t.marker, 1));
  w.key("title").value(t.title);
  w.key("phase");
  detail::write_optional(w, t.phase);
  w.key("depth").value(t.depth).key("line").value(t.line);
  w.end_object();
}

void write_tasks(JsonWriter& w, std::string_view key, const Plan& plan,
                 const std::vector<std::size_t>& tasks) {
  w.key(key).begin_array();
  for (std::size_t i : tasks) detail::write_task(w, plan, plan.tasks[i]);
  w.end_array();
}

}  // namespace

std::string count_of(std::size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

std::optional<std::string> task_reason(const Task& t) { return reason_of(t); }

std::string render_list_text(const Plan& plan, const std::vector<std::size_t>& shown,
                             TextStyle style) {
  std::size_t id_width = 2;
  for (std::size_t i : shown) id_width = std::max(id_width, plan.tasks[i].id.size());
  std::string out;
  for (std::size_t i : shown) {
    const Task& t = plan.tasks[i];
    const std::string ord = "#" + std::to_string(t.ordinal);
    out += ord + std::string(ord.size() < 5 ? 5 - ord.size() : 1, ' ');
    out += box(t, style) + " ";
    out += paint(escape_for_terminal(t.id), kBold, style) +
           std::string(id_width - t.id.size() + 2, ' ');
    out += std::string(2 * static_cast<std::size_t>(t.depth), ' ');
    out += paint(escape_for_terminal(t.title), t.status == Status::Cancelled ? kDim : "", style);
    if (t.phase) out += paint("  (phase " + plan.phases[*t.phase].number + ")", kDim, style);
    out += '\n';
  }
  return out;
}

std::string render_status_text(const Source& src, const Plan& plan, const Progress& progress,
                               TextStyle style) {
  const Tally& all = progress.all;
  std::string out = paint(escape_for_terminal(src.name()), kBold, style) + ": " + bar(all, style) +
                    " " + figures(all) + "\n";
  for (std::size_t i = 0; i < progress.phases.size(); ++i) {
    out += "  phase " + plan.phases[i].number + " " + bar(progress.phases[i], style) + " " +
           figures(progress.phases[i]);
    if (!plan.phases[i].name.empty()) out += "  " + escape_for_terminal(plan.phases[i].name);
    out += "\n";
  }
  if (progress.current) out += "current: " + task_line(plan.tasks[*progress.current], style) + "\n";
  if (all.cancelled) out += "(cancelled tasks are left out of the totals)\n";
  return out;
}

std::string render_show_text(const Source& src, const Plan& plan, const TaskDetails& d,
                             TextStyle style) {
  const Task& t = plan.tasks[d.index];
  std::string out = task_line(t, style) + "\n";
  auto row = [&](std::string_view label, const std::string& value) {
    std::string l(label);
    l.resize(13, ' ');
    out += "  " + paint(l, kDim, style) + value + "\n";
  };
  auto more = [&](const std::string& value) { out += std::string(15, ' ') + value + "\n"; };
  row("status", paint(to_string(t.status), status_color(t.status), style));
  if (const auto r = reason_of(t)) row("reason", escape_for_terminal(*r));
  if (t.phase) {
    const Phase& ph = plan.phases[*t.phase];
    row("phase", ph.number + (ph.name.empty() ? "" : " " + escape_for_terminal(ph.name)));
  }
  row("line", escape_for_terminal(src.name()) + ":" + std::to_string(t.pos.line));
  for (std::size_t i = 0; i < t.fields.size(); ++i) {
    const std::string f = escape_for_terminal(t.fields[i].key + ": " + t.fields[i].value);
    i == 0 ? row("fields", f) : more(f);
  }
  if (!t.markers.empty()) {
    std::string m;
    for (const std::string& k : t.markers) m += (m.empty() ? "[" : " [") + k + "]";
    row("markers", escape_for_terminal(m));
  }
  if (t.parent) row("parent", task_line(plan.tasks[*t.parent], style));
  if (d.depends.empty()) row("depends on", "nothing");
  for (std::size_t i = 0; i < d.depends.size(); ++i) {
    const auto& dep = d.depends[i];
    const std::string v =
        dep.task ? task_line(plan.tasks[*dep.task], style) + " (" +
                       to_string(plan.tasks[*dep.task].status) + ")"
                 : escape_for_terminal(dep.ref) + ": names no task, or several";
    i == 0 ? row("depends on", v) : more(v);
  }
  if (d.dependents.empty()) row("waited on by", "nobody");
  for (std::size_t i = 0; i < d.dependents.size(); ++i) {
    const std::string v = task_line(plan.tasks[d.dependents[i]], style);
    i == 0 ? row("waited on by", v) : more(v);
  }
  for (std::size_t i = 0; i < d.subtasks.size(); ++i) {
    const std::string v = task_line(plan.tasks[d.subtasks[i]], style);
    i == 0 ? row("subtasks", v) : more(v);
  }
  return out;
}

void write_show_json(const Source& src, const Plan& plan, const TaskDetails& d, const Sink& sink) {
  const Task& t = plan.tasks[d.index];
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "show");
  w.key("file").value(src.name());
  w.key("task");
  detail::write_task(w, plan, t);
  w.key("text").value(t.text);
  w.key("markers").begin_array(/*flat=*/true);
  for (const std::string& m : t.markers) w.value(m);
  w.end_array();
  w.key("parent");
  t.parent ? detail::write_task(w, plan, plan.tasks[*t.parent]) : void(w.null());
  w.key("depends").begin_array();
  for (const auto& dep : d.depends) {
    w.begin_object(/*flat=*/true);
    w.key("ref").value(dep.ref).key("task");
    dep.task ? detail::write_task(w, plan, plan.tasks[*dep.task]) : void(w.null());
    w.end_object();
  }
  w.end_array();
  write_tasks(w, "dependents", plan, d.dependents);
  write_tasks(w, "subtasks", plan, d.subtasks);
  w.end_object();
  w.finish();
}

std::string render_task_edit_text(std::string_view verb, const TaskEditOutcome& o) {
  if (o.tasks.empty()) return {};
  const TaskSummary& t = o.tasks.front();
  std::string out = std::string(verb) + ": #" + std::to_string(t.ordinal) +
                    (t.id.empty() ? "" : " " + escape_for_terminal(t.id)) + " " +
                    escape_for_terminal(t.title);
  if (o.tasks.size() > 1) out += " (with " + count_of(o.tasks.size() - 1, "subtask") + ")";
  if (verb != "removed") out += " (line " + std::to_string(t.line) + ")";
  return out + "\n";
}

void write_task_edit_json(std::string_view kind, const TaskEditOutcome& o, const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, kind);
  w.key("file").value(o.file);
  w.key("written").value(o.written);
  w.key("tasks").begin_array();
  for (const TaskSummary& t : o.tasks) write_summary(w, t);
  w.end_array();
  w.key("dependents").begin_array();
  for (const TaskSummary& t : o.dependents) write_summary(w, t);
  w.end_array();
  w.key("refused");
  o.refused.empty() ? void(w.null()) : void(w.value(o.refused));
  w.key("dry_run").value(o.dry_run);
  w.key("diff");
  o.dry_run ? void(w.value(o.diff)) : void(w.null());
  w.end_object();
  w.finish();
}

}  // namespace wildplan
