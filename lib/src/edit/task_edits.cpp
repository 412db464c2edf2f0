// The shell's task edits beyond a status: what surrounds a task (show), removing a task with its
// subtasks, moving it, and changing its text, fields and dependencies (edit.hpp). Each is a byte
// patch of whole lines or of one line, checked by parsing the result: an edit that would make
// the rest of the file read differently is refused, never written.
#include <algorithm>
#include <unordered_map>

#include "edit/lines.hpp"
#include "source/strings.hpp"
#include "wildplan/edit.hpp"

namespace wildplan {
namespace {

using detail::line_begin_at;
using detail::line_end_at;

/// The end (exclusive) of the task's subtree among Plan::tasks: its subtasks follow it.
std::size_t subtree_end(const Plan& plan, std::size_t index) {
  const Task& t = plan.tasks[index];
  std::size_t end = index + 1;
  while (end < plan.tasks.size() && plan.tasks[end].item.begin < t.item.end) ++end;
  return end;
}

/// The list item's lines: from its first line's start to its last line's end, line end included.
Span item_lines(std::string_view bytes, const Task& t) { return detail::whole_lines(bytes, t.item); }

bool is_blank_line(std::string_view bytes, std::size_t at) {
  const std::size_t end = line_end_at(bytes, at).first;
  return bytes.substr(at, end - at).find_first_not_of(" \t") == std::string_view::npos;
}

/// The tasks' texts, depths and boxes in order: what must read the same after an edit.
struct Reading {
  std::string text;
  int depth;
  char box;
  bool operator==(const Reading&) const = default;
};
std::vector<Reading> readings(const Plan& plan) {
  std::vector<Reading> out;
  out.reserve(plan.tasks.size());
  for (const Task& t : plan.tasks) out.push_back({t.text, t.depth, t.box});
  return out;
}

Plan parse_again(std::string_view name, const std::string& bytes) {
  return std::move(*parse_plan(Source(std::string(name), bytes)).value);
}

bool is_depends_key(std::string_view key) {
  const std::string k = detail::to_lower(key);
  return k == "depends" || k == "depends-on" || k == "depends_on" || k == "deps" ||
         k == "dependencies" || k == "after";
}

/// The removal span of whole `lines`: a last line without a line end takes the line end before
/// it instead (the file keeps ending without one); a blank line after the lines goes too when
/// one stands before them (a loose list keeps one blank line between its items).
Span removal_span(std::string_view bytes, Span lines) {
  const bool ends_with_eol = lines.end > lines.begin &&
                             (bytes[lines.end - 1] == '\n' || bytes[lines.end - 1] == '\r');
  if (!ends_with_eol && lines.begin > 0) {
    std::size_t b = lines.begin - 1;
    if (b > 0 && bytes[b] == '\n' && bytes[b - 1] == '\r') --b;
    return {b, lines.end};
  }
  const bool blank_before = lines.begin == 0 || is_blank_line(bytes, line_begin_at(bytes, lines.begin - 1));
  if (blank_before && lines.end < bytes.size() && is_blank_line(bytes, lines.end))
    return {lines.begin, line_end_at(bytes, lines.end).second};
  return lines;
}

}  // namespace

TaskSummary summarize(const Plan& plan, std::size_t index) {
  const Task& t = plan.tasks.at(index);
  TaskSummary s;
  s.ordinal = t.ordinal;
  s.id = t.id;
  s.title = t.title;
  s.status = t.status;
  s.marker = t.box;
  if (t.phase) s.phase = plan.phases[*t.phase].number;
  s.depth = t.depth;
  s.line = t.pos.line;
  return s;
}

std::vector<std::vector<std::size_t>> dependency_targets(const Plan& plan) {
  std::unordered_multimap<std::string, std::size_t> by_key;
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    if (!plan.tasks[i].id.empty()) by_key.emplace(task_id_key(plan.tasks[i].id), i);
  }
  std::vector<std::vector<std::size_t>> out(plan.tasks.size());
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    for (const std::string& ref : plan.tasks[i].depends) {
      if (ref.starts_with('#')) {
        const auto n = detail::to_number(std::string_view(ref).substr(1));
        if (n && *n >= 1 && static_cast<std::size_t>(*n) <= plan.tasks.size())
          out[i].push_back(static_cast<std::size_t>(*n - 1));
        continue;
      }
      const auto [b, e] = by_key.equal_range(task_id_key(ref));
      if (b != e && std::next(b) == e) out[i].push_back(b->second);
    }
  }
  return out;
}

TaskDetails task_details(const Plan& plan, std::size_t index) {
  const Task& t = plan.tasks.at(index);
  TaskDetails d;
  d.index = index;
  const auto targets = dependency_targets(plan);
  for (const std::string& ref : t.depends) {
    const Resolution r = resolve_task(plan, ref);
    d.depends.push_back({ref, r.index});
  }
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    if (i != index && std::find(targets[i].begin(), targets[i].end(), index) != targets[i].end())
      d.dependents.push_back(i);
  }
  for (std::size_t c : t.children) {
    if (plan.tasks[c].parent == index) d.subtasks.push_back(c);
  }
  return d;
}

Removal remove_task(const Source& src, const Plan& plan, std::size_t index) {
  const std::string_view bytes = src.bytes();
  const Task& t = plan.tasks.at(index);
  const std::size_t end = subtree_end(plan, index);
  Removal r;
  for (std::size_t i = index; i < end; ++i) r.removed.push_back(i);
  const auto targets = dependency_targets(plan);
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    if (i >= index && i < end) continue;
    const bool waits = std::any_of(targets[i].begin(), targets[i].end(),
                                   [&](std::size_t d) { return d >= index && d < end; });
    if (waits) r.dependents.push_back(i);
  }
  r.edit = {removal_span(bytes, item_lines(bytes, t)), ""};
  // The rest must read as it did.
  std::vector<Reading> want = readings(plan);
  want.erase(want.begin() + static_cast<std::ptrdiff_t>(index),
             want.begin() + static_cast<std::ptrdiff_t>(end));
  if (readings(parse_again(src.name(), apply_edits(bytes, {r.edit}))) != want) {
    throw Error("cannot remove " + detail::describe(t) +
                " by its lines alone: another task shares them (edit the file by hand)");
  }
  return r;
}

namespace {

/// The indentation of the task's first line: what stands before its list marker.
std::string indent_of(std::string_view bytes, const Task& t) {
  const std::size_t begin = line_begin_at(bytes, t.item.begin);
  return std::string(bytes.substr(begin, t.item.begin - begin));
}

/// `block` (whole lines) with `from` at the start of each line made `to`, and its first list
/// marker made like `like` when both are bullets or both numbers (so that it joins their list).
std::string reindent(std::string_view block, const std::string& from, const std::string& to,
                     std::string_view like) {
  std::string out;
  for (std::size_t p = 0; p < block.size();) {
    const std::size_t next = line_end_at(block, p).second;
    std::string_view line = block.substr(p, next - p);
    if (from != to && line.starts_with(from)) {
      out += to;
      line.remove_prefix(from.size());
    }
    out += line;
    p = next;
  }
  const std::size_t m = to.size();  // the marker, after the new indentation
  if (m < out.size() && !like.empty()) {
    const bool bullet = out[m] == '-' || out[m] == '*' || out[m] == '+';
    const bool like_bullet = like[0] == '-' || like[0] == '*' || like[0] == '+';
    if (bullet && like_bullet) {
      out[m] = like[0];
    } else if (!bullet && !like_bullet) {
      const std::size_t d = out.find_first_not_of("0123456789", m);
      const std::size_t ld = like.find_first_not_of("0123456789");
      if (d != std::string::npos && ld != std::string_view::npos) out[d] = like[ld];
    }
  }
  return out;
}

/// Where the moved block goes in `plan` (the file without it): after a task's subtree, or after
/// the last top-level task of a phase (else at the end of the phase's section); and the task
/// whose indentation and marker it takes (none: the top level, as it is).
std::pair<std::size_t, const Task*> move_anchor(const Plan& plan, const MoveTarget& to,
                                                std::optional<std::size_t> after) {
  if (after) return {plan.tasks[*after].item.end, &plan.tasks[*after]};
  const Task* last = nullptr;
  for (const Task& t : plan.tasks) {
    if (t.depth == 0 && t.phase && plan.phases[*t.phase].number == *to.phase) last = &t;
  }
  if (last) return {last->item.end, last};
  for (const Phase& ph : plan.phases) {
    if (ph.number == *to.phase) return {plan.sections[ph.section].span.end, nullptr};
  }
  throw Error("the plan has no phase " + *to.phase);
}

}  // namespace

Moved move_task(const Source& src, const Plan& plan, std::size_t index, const MoveTarget& to) {
  const std::string_view bytes = src.bytes();
  const Task& t = plan.tasks.at(index);
  const std::size_t end = subtree_end(plan, index);
  if (to.after && *to.after >= index && *to.after < end)
    throw Error("cannot move " + detail::describe(t) + " after itself or one of its subtasks");
  // Cut the lines, then insert them where the file without them says.
  const Removal cut = remove_task(src, plan, index);
  const Span lines = item_lines(bytes, t);
  std::string block(bytes.substr(lines.begin, lines.size()));
  const std::string cut_bytes = apply_edits(bytes, {cut.edit});
  const Source rest(src.name(), cut_bytes);
  const Plan rest_plan = parse_again(src.name(), cut_bytes);
  std::optional<std::size_t> after;
  if (to.after) after = *to.after < index ? *to.after : *to.after - (end - index);
  const auto [anchor_end, like] = move_anchor(rest_plan, to, after);
  const detail::InsertPoint point = detail::insertion_point(cut_bytes, anchor_end, false);
  if (!block.ends_with('\n') && !block.ends_with('\r')) block += point.eol;
  const std::string marker =
      like ? std::string(cut_bytes.substr(like->item.begin, like->box_span.begin - like->item.begin))
           : std::string();
  block = reindent(block, indent_of(bytes, t), like ? indent_of(cut_bytes, *like) : "", marker);
  Edit insert{{point.at, point.at}, point.eol_before ? point.eol + block.substr(0, block.size() - point.eol.size()) : block};
  std::uint32_t line = 0;
  detail::fit_insertion(rest, rest_plan, insert, point.eol, line);
  Moved out;
  out.bytes = apply_edits(cut_bytes, {insert});
  // The same tasks, in the new order, the moved ones at their new level.
  const Plan moved = parse_again(src.name(), out.bytes);
  std::vector<Reading> want = readings(rest_plan);
  const std::vector<Reading> all = readings(plan);
  std::vector<Reading> block_readings(all.begin() + static_cast<std::ptrdiff_t>(index),
                                      all.begin() + static_cast<std::ptrdiff_t>(end));
  std::size_t at = 0;
  while (at < rest_plan.tasks.size() && rest_plan.tasks[at].item.begin < point.at) ++at;
  const int shift = (like ? like->depth : 0) - t.depth;
  for (Reading& r : block_readings) r.depth += shift;
  want.insert(want.begin() + static_cast<std::ptrdiff_t>(at), block_readings.begin(),
              block_readings.end());
  if (readings(moved) != want) {
    throw Error("cannot move " + detail::describe(t) +
                " there by its lines alone: it would not read as the same task (edit the file "
                "by hand)");
  }
  out.line = moved.tasks[at].pos.line;
  return out;
}

namespace {

/// The edits of `change.depends`: the dependency field written (or removed) where the task has
/// one, else appended; refused when the task states them in its text.
void depends_edits(const Source& src, const Plan& plan, std::size_t index,
                   const std::vector<std::string>& ids, std::vector<Edit>& edits,
                   std::string& appended) {
  const Task& t = plan.tasks[index];
  const Field* field = nullptr;
  for (const Field& f : t.fields) {
    if (is_depends_key(f.key)) field = &f;
  }
  if (!field && !t.depends.empty()) {
    throw Error(detail::describe(t) +
                " states its dependencies in its text ('(depends on ...)'): change them with --text");
  }
  for (const std::string& id : ids) {
    const Resolution r = resolve_task(plan, id);
    if (!r.index) throw Error(r.error);
    if (*r.index == index) throw Error("a task cannot depend on itself");
  }
  std::string list;
  for (const std::string& id : ids) list += (list.empty() ? "" : ", ") + id;
  if (field && ids.empty()) {
    edits.push_back(*remove_field(src, t, field->key));
  } else if (field) {
    edits.push_back({field->span, field_text(field->key, list)});
  } else if (!ids.empty()) {
    appended += " | " + field_text("depends", list);
  }
}

}  // namespace

std::vector<Edit> edit_task(const Source& src, const Plan& plan, std::size_t index,
                            const TaskChange& change) {
  const Task& t = plan.tasks.at(index);
  std::vector<Edit> edits;
  std::string appended;  // new fields, at the end of the line, in the order given
  if (change.text) {
    if (change.text->find_first_of("\r\n") != std::string::npos)
      throw Error("a task is one line: --text holds a line break");
    if (detail::trim(*change.text).empty()) throw Error("a task needs text: --text is empty");
    edits.push_back({t.title_span, std::string(detail::trim(*change.text))});
  }
  std::vector<std::string> keys;
  for (const FieldValue& f : change.fields) {
    if (!is_field_key(f.key))
      throw Error("'" + f.key + "' is no field key: a letter, then letters, digits, '-' or '_'");
    if (std::find(keys.begin(), keys.end(), detail::to_lower(f.key)) != keys.end())
      throw Error("the field '" + f.key + "' is given twice");
    keys.push_back(detail::to_lower(f.key));
    const bool exists = std::any_of(t.fields.begin(), t.fields.end(), [&](const Field& x) {
      return detail::to_lower(x.key) == detail::to_lower(f.key);
    });
    if (f.value.empty()) {
      if (!exists) throw Error(detail::describe(t) + " has no '" + f.key + ":' field to remove");
      edits.push_back(*remove_field(src, t, f.key));
    } else if (exists) {
      edits.push_back(set_field(src, t, f.key, f.value));
    } else {
      appended += " | " + field_text(f.key, f.value);
    }
  }
  if (change.depends) depends_edits(src, plan, index, *change.depends, edits, appended);
  if (!appended.empty()) edits.push_back({{t.text_span.end, t.text_span.end}, appended});
  // The line must read back as asked: the same tasks, this one with the new title.
  const std::string bytes = apply_edits(src.bytes(), edits);
  const Plan after = parse_again(src.name(), bytes);
  const bool same_count = after.tasks.size() == plan.tasks.size();
  const std::string_view title =
      same_count ? std::string_view(bytes).substr(after.tasks[index].title_span.begin,
                                                  after.tasks[index].title_span.size())
                 : std::string_view();
  if (!same_count || (change.text && detail::trim(title) != detail::trim(*change.text))) {
    throw Error("the new text would not read back as written" +
                (same_count ? " (it reads '" + std::string(title) + "')" : std::string()) +
                ": a '|' before a word and ':' starts a field, and an id or a [tag] at its "
                "start is read as one");
  }
  return edits;
}

std::vector<std::string> required_fields(const Plan& plan, const Config& config) {
  const auto rule = config.rules.find("missing-field");
  if (rule != config.rules.end() && !rule->second) return {};
  ValidateOptions options;
  options.config = &config;
  if (profile_for(plan, options).first != Profile::V2Phased) return {};
  return {"deliverable", "done-when"};
}

FileChange change_file(const std::string& path,
                       const std::function<std::optional<std::string>(const Source&)>& change,
                       bool dry_run, const LockOptions& options) {
  FileChange out;
  if (dry_run) {
    const Source src = read_source(path);
    if (auto next = change(src)) out.diff = unified_diff(path, src.bytes(), *next);
    return out;
  }
  out.written = update_file(path, change, options);
  return out;
}

}  // namespace wildplan
