// add_task: a new task line in its neighbours' style, in named steps: where it goes (the anchor),
// the line end it takes, its indentation and list marker, its id in the file's scheme, and the
// blank lines that keep it one task of its own text.
#include <algorithm>
#include <cctype>

#include "edit/lines.hpp"
#include "source/strings.hpp"
#include "wildplan/edit.hpp"

namespace wildplan {
namespace {

using detail::to_number;

/// Where the new line goes and whose line it copies.
struct Anchor {
  const Task* style = nullptr;        ///< whose list marker, indentation and id scheme it copies
  std::size_t after = 0;              ///< offset: it goes after the line ending the anchor
  bool as_child = false;              ///< the first subtask of `style`
  bool nested = false;                ///< among the subtasks of a task
  std::optional<std::string> phase;   ///< the number of the phase it lands in
  bool at_end_of_file = false;        ///< no task and no phase to follow: the file's end
};

std::optional<std::string> phase_of(const Plan& plan, const Task* t) {
  if (t && t->phase) return plan.phases[*t->phase].number;
  return std::nullopt;
}

Anchor anchor_under(const Plan& plan, std::size_t parent) {
  const auto& tasks = plan.tasks;
  const Task& p = tasks.at(parent);
  Anchor a;
  a.nested = true;
  a.phase = phase_of(plan, &p);
  std::optional<std::size_t> last_child;
  for (std::size_t c : p.children) {
    if (tasks[c].parent == parent) last_child = c;
  }
  a.style = last_child ? &tasks[*last_child] : &p;
  a.as_child = !last_child;
  a.after = a.style->item.end;
  return a;
}

/// After the last top-level task (of `phase`, when given); in a phase without tasks, at the end
/// of its section, in the style of the last top-level task of the file.
Anchor anchor_at_end(const Plan& plan, const std::optional<std::string>& phase) {
  Anchor a;
  a.phase = phase;
  for (const Task& t : plan.tasks) {
    if (t.depth != 0) continue;
    if (phase && !(t.phase && plan.phases[*t.phase].number == *phase)) continue;
    a.style = &t;
  }
  if (a.style) {
    a.after = a.style->item.end;
    if (!phase) a.phase = phase_of(plan, a.style);
    return a;
  }
  if (phase) {
    for (const Phase& ph : plan.phases) {
      if (ph.number == *phase) a.after = plan.sections[ph.section].span.end;
    }
    if (a.after == 0) throw Error("the plan has no phase " + *phase);
    for (const Task& t : plan.tasks) {
      if (t.depth == 0) a.style = &t;
    }
  }
  a.at_end_of_file = plan.tasks.empty() && a.after == 0;
  return a;
}

Anchor choose_anchor(const Plan& plan, const Placement& where) {
  if (where.under) return anchor_under(plan, *where.under);
  if (where.after) {
    Anchor a;
    a.style = &plan.tasks.at(*where.after);
    a.after = a.style->item.end;
    a.nested = a.style->parent.has_value();
    a.phase = phase_of(plan, a.style);
    return a;
  }
  return anchor_at_end(plan, where.phase);
}

/// The indentation and list marker of the new line, copied from the anchor's style task (a
/// number marker counts on; a first subtask is indented to its parent's content).
std::string line_prefix(std::string_view bytes, const Plan& plan, const Anchor& a) {
  if (!a.style) return "- ";
  const Task* style = a.style;
  // A first item a template indented into code takes its list's indentation: the next task's
  // (the list's first item), so that the new line is no code.
  const Task& shape = style->indented_as_code && style->ordinal < plan.tasks.size()
                          ? plan.tasks[style->ordinal]
                          : *style;
  const std::size_t line_begin = shape.item.begin - (shape.pos.column - 1);
  std::string indent(bytes.substr(line_begin, shape.item.begin - line_begin));
  std::string marker(bytes.substr(style->item.begin, style->box_span.begin - style->item.begin));
  const char first = bytes[style->item.begin];
  const bool numbered = std::isdigit(static_cast<unsigned char>(first));
  if (numbered) {
    std::size_t d = 0;
    while (d < marker.size() && std::isdigit(static_cast<unsigned char>(marker[d]))) ++d;
    const long n = to_number(marker.substr(0, d)).value_or(0);
    marker = (a.as_child ? "1" : std::to_string(n + 1)) + marker.substr(d);
  }
  if (a.as_child) {
    // A first child is indented to the parent's content (where its box starts).
    for (char& c : indent) {
      if (c != '\t' && c != '>') c = ' ';
    }
    indent += std::string(style->box_span.begin - style->item.begin, ' ');
    if (!numbered) marker = (first == '*' || first == '+') ? std::string(1, first) + " " : "- ";
  }
  return indent + marker;
}

bool id_taken(const Plan& plan, const std::string& id) {
  const std::string key = task_id_key(id);
  return std::any_of(plan.tasks.begin(), plan.tasks.end(),
                     [&](const Task& t) { return !t.id.empty() && task_id_key(t.id) == key; });
}

/// One more than the largest number after `stem` among the ids of `kind` (up to a '.').
std::string max_plus_one(const Plan& plan, IdKind kind, const std::string& stem) {
  long m = 0;
  for (const Task& t : plan.tasks) {
    if (t.id_kind != kind || !t.id.starts_with(stem)) continue;
    const std::string_view rest = std::string_view(t.id).substr(stem.size());
    if (const auto n = to_number(rest.substr(0, rest.find('.')))) m = std::max(m, *n);
  }
  return stem + std::to_string(m + 1);
}

/// The id of a counted sequence (`Task N` at the top level, `[Pn-Tm]` in a phase: the ids
/// task-id-sequence checks) for a line at offset `at`: one more than the last number before
/// it, so that validate finds the sequence unbroken; when that id is taken, or the next task
/// carries it, a letter after the number before (`Task 2a`, `P2-T2b`), which the sequence
/// rule skips, as it skips a task inserted between two by hand.
std::string sequence_id(const Plan& plan, IdKind kind, const std::string& stem,
                        bool top_level_only, std::size_t at) {
  std::optional<long> prev, next;
  long max = 0;
  for (const Task& t : plan.tasks) {
    if (t.id_kind != kind || !t.id.starts_with(stem) || (top_level_only && t.depth != 0)) continue;
    const auto n = to_number(std::string_view(t.id).substr(stem.size()));
    if (!n) continue;
    max = std::max(max, *n);
    if (t.item.begin < at) {
      prev = n;
    } else if (!next) {
      next = n;
    }
  }
  const long candidate = prev ? *prev + 1 : 1;
  const std::string id = stem + std::to_string(candidate);
  if (next != candidate && !id_taken(plan, id)) return id;
  for (char c = 'a'; prev && c <= 'z'; ++c) {
    const std::string lettered = stem + std::to_string(*prev) + c;
    if (!id_taken(plan, lettered)) return lettered;
  }
  return stem + std::to_string(max + 1);
}

/// The new task's id in the scheme of the anchor's style task, and the text it heads.
std::pair<std::string, std::string> next_id(const Plan& plan, const Anchor& a, std::size_t at,
                                            std::string_view text) {
  const Task* s = a.style;
  const std::string body(text);
  if (!s) return {"", body};
  const std::size_t dot = s->id.rfind('.');
  const bool sibling_of_subtask = a.nested && !a.as_child && dot != std::string::npos;
  switch (s->id_kind) {
    case IdKind::Word: {
      if (a.as_child) return {"", body};  // subtasks of `Task N` carry no id of their own
      const std::string id = sibling_of_subtask
                                 ? max_plus_one(plan, IdKind::Word, s->id.substr(0, dot + 1))
                                 : sequence_id(plan, IdKind::Word, "Task ", true, at);
      return {id, id + ": " + body};
    }
    case IdKind::Phased: {
      std::string id;
      if (a.as_child) {
        id = max_plus_one(plan, IdKind::Phased, s->id + ".");
      } else if (sibling_of_subtask) {
        id = max_plus_one(plan, IdKind::Phased, s->id.substr(0, dot + 1));
      } else {
        const std::string phase = a.phase ? *a.phase : s->id.substr(1, s->id.find('-') - 1);
        id = sequence_id(plan, IdKind::Phased, "P" + phase + "-T", false, at);
      }
      return {id, "[" + id + "] " + body};
    }
    case IdKind::SpecKit: {
      std::string digits = max_plus_one(plan, IdKind::SpecKit, "T").substr(1);
      if (digits.size() < s->id.size() - 1) digits.insert(0, s->id.size() - 1 - digits.size(), '0');
      return {"T" + digits, "T" + digits + " " + body};
    }
    case IdKind::Number: {
      // Top level: the next whole number ("4."); a subtask: the parent's number and the next
      // part ("4.2").
      const std::string stem = a.as_child                  ? s->id + "."
                               : dot != std::string::npos ? s->id.substr(0, dot + 1)
                                                          : "";
      long n = 0;
      for (const Task& t : plan.tasks) {
        if (t.id_kind != IdKind::Number) continue;
        const std::string_view id = t.id;
        const auto v = stem.empty() ? (id.find('.') == std::string_view::npos ? to_number(id)
                                                                               : std::nullopt)
                       : id.starts_with(stem) ? to_number(id.substr(stem.size()))
                                              : std::nullopt;
        if (v) n = std::max(n, *v);
      }
      const std::string id = stem + std::to_string(n + 1);
      return {id, id + (stem.empty() ? ". " : " ") + body};
    }
    default:
      return {"", body};
  }
}

}  // namespace

NewTask add_task(const Source& src, const Plan& plan, std::string_view text,
                 const Placement& where, const std::vector<FieldValue>& fields) {
  const std::string_view bytes = src.bytes();
  const Anchor anchor = choose_anchor(plan, where);
  const detail::InsertPoint point =
      detail::insertion_point(bytes, anchor.after, anchor.at_end_of_file);
  auto [id, body] = next_id(plan, anchor, point.at, text);
  for (const FieldValue& f : fields) body += " | " + field_text(f.key, f.value);
  const std::string line = line_prefix(bytes, plan, anchor) + "[ ] " + body;
  NewTask out;
  out.id = std::move(id);
  out.edit.span = {point.at, point.at};
  out.edit.text = point.eol_before ? point.eol + line : line + point.eol;
  out.line = src.position(std::min(point.at, bytes.size())).line + (point.eol_before ? 1 : 0);
  detail::fit_insertion(src, plan, out.edit, point.eol, out.line);
  return out;
}

}  // namespace wildplan
