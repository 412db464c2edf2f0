// The text reports of parse (the task table), validate (diagnostics and a summary per file) and
// diff (a changelog), from the typed results.
#include <algorithm>

#include "wildplan/diff.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace {

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

/// `5 tasks: 2 done, 1 in progress, 2 todo`
std::string counts_line(const Plan& plan) {
  const auto c = plan.counts();
  std::string out = plural(plan.tasks.size(), "task") + ":";
  const char* sep = " ";
  for (int i = 0; i < kStatusCount; ++i) {
    if (c[i] == 0) continue;
    std::string name = to_string(static_cast<Status>(i));
    std::replace(name.begin(), name.end(), '_', ' ');
    out += sep + std::to_string(c[i]) + ' ' + name;
    sep = ", ";
  }
  return out + '\n';
}

std::string summary_line(const std::string& file, const Validation& v) {
  std::string out = escape_for_terminal(file) + ": ";
  if (v.errors == 0 && v.warnings == 0) {
    out += "ok";
  } else {
    out += plural(v.errors, "error") + ", " + plural(v.warnings, "warning");
  }
  out += " (profile " + std::string(to_string(v.profile));
  if (!v.profile_reason.empty()) out += ": " + v.profile_reason;
  return out + ")\n";
}

std::string where(const Document& doc, const Task& t) {
  return escape_for_terminal(doc.name()) + ":" + std::to_string(t.pos.line);
}

std::string label(const Task& t) {
  return (t.id.empty() ? "#" + std::to_string(t.ordinal) : t.id) + " " +
         escape_for_terminal(t.title);
}

/// A task's phase in a report: "-" outside phases.
std::string phase_label(const Plan& plan, const Task& t) {
  const std::string_view n = phase_number(plan, t);
  return n.empty() ? "-" : std::string(n);
}

std::string change_line(const Comparison& c, const Change& ch) {
  const Task* a = ch.before ? &c.before.plan.tasks[*ch.before] : nullptr;
  const Task* b = ch.after ? &c.after.plan.tasks[*ch.after] : nullptr;
  switch (ch.kind) {
    case ChangeKind::Added:
      return where(c.after, *b) + ": added " + label(*b);
    case ChangeKind::Removed:
      return where(c.before, *a) + ": removed " + label(*a);
    case ChangeKind::StatusChanged:
      return where(c.after, *b) + ": " + to_string(a->status) + " -> " + to_string(b->status) +
             " " + label(*b);
    case ChangeKind::Reworded:
      return where(c.after, *b) + ": reworded " + label(*b) + " (was '" +
             escape_for_terminal(a->title) + "')";
    case ChangeKind::Renumbered:
      return where(c.after, *b) + ": renumbered " + label(*b) + " (was " +
             escape_for_terminal(a->id.empty() ? "#" + std::to_string(a->ordinal) : a->id) + ")";
    case ChangeKind::Moved:
      return where(c.after, *b) + ": moved " + label(*b) + " from phase " +
             phase_label(c.before.plan, *a) + " to " + phase_label(c.after.plan, *b);
    case ChangeKind::FieldsChanged:
      return where(c.after, *b) + ": fields changed " + label(*b);
  }
  return {};
}

}  // namespace

std::string reply_location(const Reply& r, std::size_t offset) {
  const Source& text = r.text();
  if (r.transcript) {
    const TextOrigin o = r.transcript->origin(offset);
    return text.name() + ':' + std::to_string(o.line) + ": text " +
           std::to_string(o.in_text.line) + ':' + std::to_string(o.in_text.column);
  }
  const SourcePos p = text.position(offset);
  return text.name() + ':' + std::to_string(p.line) + ':' + std::to_string(p.column);
}

std::string render_plan_table(const Plan& plan) {
  std::size_t id_width = 2, phase_width = 5;
  for (const Task& t : plan.tasks) {
    id_width = std::max(id_width, escape_for_terminal(t.id).size());
    phase_width = std::max(phase_width, phase_number(plan, t).size());
  }
  const std::size_t ord_width = std::max<std::size_t>(1, std::to_string(plan.tasks.size()).size());
  std::string out = pad("#", ord_width) + "  " + pad("ID", id_width) + "  " + pad("STATUS", 11) +
                    "  " + pad("PHASE", phase_width) + "  TITLE\n";
  for (const Task& t : plan.tasks) {
    const std::string ord = std::to_string(t.ordinal);
    out += std::string(ord_width - ord.size(), ' ') + ord + "  ";
    out += pad(escape_for_terminal(t.id), id_width) + "  ";
    out += pad(to_string(t.status), 11) + "  ";
    out += pad(std::string(phase_number(plan, t)), phase_width) + "  ";
    out += std::string(2 * static_cast<std::size_t>(t.depth), ' ');
    out += escape_for_terminal(t.title.empty() ? t.text : t.title);
    out += '\n';
  }
  return out + counts_line(plan);
}

void write_validation_text(const std::vector<ValidatedFile>& files, TextStyle style,
                           const Sink& sink) {
  // A chunk of diagnostics at a time into one reused buffer: a big file's report is megabytes.
  constexpr std::size_t kChunk = 256;
  std::string text;
  for (const ValidatedFile& f : files) {
    const std::span<const Diagnostic> all(f.result->diagnostics);
    for (std::size_t i = 0; i < all.size(); i += kChunk) {
      text.clear();
      append_diagnostics(text, f.source, all.subspan(i, std::min(kChunk, all.size() - i)), style);
      sink(text);
    }
    sink(summary_line(f.source->name(), *f.result));
  }
}

std::string render_diff_text(const Comparison& c) {
  std::string out;
  if (c.goal_changed()) {
    out += "goal changed: '" + escape_for_terminal(*c.old_goal) + "' -> '" +
           escape_for_terminal(*c.new_goal) + "'\n";
  }
  for (const Change& ch : c.diff.changes) out += change_line(c, ch) + "\n";
  return out;
}

}  // namespace wildplan
