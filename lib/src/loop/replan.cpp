// The replan merge: a byte assembly, never a re-rendering. Both documents are cut into segments
// at their headings' lines (the text before the first heading, then one per heading); the plan's
// segments come out in the plan's order, each patched (a further-along box carried over) and
// with the file's preserved tasks inserted at their places; the file's segments the plan lacks
// come out, byte for byte but for the tasks that moved or were removed, after their nearest
// earlier neighbour that the plan has. Every step is one pass, or a sort of what it inserts.
#include "loop/replan.hpp"

#include <algorithm>
#include <unordered_map>

#include "source/strings.hpp"

namespace wildplan::detail {
namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

struct Segment {
  Span span;
  std::string key;  ///< how it is matched; "" for the text before the first heading
  std::size_t section = npos;
  bool has_tasks = false;
  bool blank = false;  ///< nothing but whitespace
};

/// A document cut into segments, with each task's segment and line range.
class Doc {
 public:
  Doc(const Source& src, const Plan& plan) : src_(src), plan_(plan) {
    const std::string_view s = src.bytes();
    std::size_t begin = src.has_bom() ? 3 : 0;
    std::unordered_map<std::string, int> seen;
    Segment pre;
    pre.span.begin = begin;
    segments.push_back(pre);
    for (std::size_t k = 0; k < plan.sections.size(); ++k) {
      const Section& sec = plan.sections[k];
      const std::size_t at = std::max(begin, src.line_start(sec.pos.line));
      if (!blank(s.substr(at, sec.span.begin - at))) {
        refused = "a heading inside a list item or block quote (line " +
                  std::to_string(sec.pos.line) + "), which a merge could break";
        return;
      }
      segments.back().span.end = at;
      Segment seg;
      seg.span.begin = at;
      seg.section = k;
      seg.key = sec.phase ? "phase " + to_lower(plan.phases[*sec.phase].number)
                          : std::to_string(sec.level) + " " + to_lower(collapse_space(sec.title));
      seg.key += "#" + std::to_string(seen[seg.key]++);
      segments.push_back(std::move(seg));
    }
    segments.back().span.end = s.size();
    for (Segment& seg : segments) seg.blank = blank(src.text(seg.span));

    segment_of.assign(plan.tasks.size(), 0);
    lines.resize(plan.tasks.size());
    std::size_t g = 0;
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
      // cmark-gfm may end an item after the blank lines that follow it: they are not its.
      const Task& t = plan.tasks[i];
      std::size_t last = t.item.end;
      while (last > t.item.begin + 1 && is_space(s[last - 1])) --last;
      lines[i] = {line_begin(t.item.begin), line_after(last > t.item.begin ? last - 1 : last)};
      while (g + 1 < segments.size() && segments[g + 1].span.begin <= lines[i].begin) ++g;
      if (lines[i].end > segments[g].span.end) {
        refused = "a heading inside the list item at line " + std::to_string(t.pos.line) +
                  ", which a merge could break";
        return;
      }
      segment_of[i] = g;
      segments[g].has_tasks = true;
    }
    // The parent whose lines hold the task's: Kiro's `1.2` under `1.` is a subtask by its
    // number, not by nesting, and moves (or stays) on its own lines.
    parent.assign(plan.tasks.size(), npos);
    children.resize(plan.tasks.size());
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
      const auto p = plan.tasks[i].parent;
      if (!p || lines[i].begin < lines[*p].begin || lines[i].end > lines[*p].end) continue;
      parent[i] = *p;
      children[*p].push_back(i);
    }
  }

  static bool blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return is_space(c); });
  }
  std::size_t line_begin(std::size_t offset) const {
    return src_.line_start(src_.position(offset).line);
  }
  /// The start of the line after the one holding `offset` (the end, past the last line).
  std::size_t line_after(std::size_t offset) const {
    return std::min(src_.size(), src_.line_start(src_.position(offset).line + 1));
  }
  /// The marker column of task `i`.
  long column(std::size_t i) const { return static_cast<long>(plan_.tasks[i].pos.column); }
  /// Text before task `i`'s marker on its line is only indentation.
  bool indented_only(std::size_t i) const {
    return blank(src_.bytes().substr(lines[i].begin, plan_.tasks[i].item.begin - lines[i].begin));
  }

  std::vector<Segment> segments;
  std::vector<std::size_t> segment_of;  ///< task -> segment
  std::vector<Span> lines;              ///< task -> its item's whole lines, line ends included
  std::vector<std::size_t> parent;      ///< task -> the task whose item holds it, or npos
  std::vector<std::vector<std::size_t>> children;  ///< the inverse
  std::string refused;

 private:
  const Source& src_;
  const Plan& plan_;
};

std::string_view line_end_of(std::string_view s) {
  const std::size_t k = s.find_first_of("\r\n");
  if (k == std::string_view::npos) return {};
  return s.compare(k, 2, "\r\n") == 0 ? s.substr(k, 2) : s.substr(k, 1);
}

bool ends_with_line_end(std::string_view s) {
  return !s.empty() && (s.back() == '\n' || s.back() == '\r');
}

bool ends_with_blank_line(std::string_view s) {
  if (!ends_with_line_end(s)) return false;
  s.remove_suffix(s.ends_with("\r\n") ? 2 : 1);
  return s.empty() || ends_with_line_end(s);
}

/// Appends `text`, every line end in it written as `eol` (none: as it is).
void append_converted(std::string& out, std::string_view text, std::string_view eol) {
  if (eol.empty()) {
    out += text;
    return;
  }
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t k = text.find_first_of("\r\n", i);
    if (k == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, k - i));
    out += eol;
    i = k + (text.compare(k, 2, "\r\n") == 0 ? 2 : 1);
  }
}

/// `text` with each line's indentation moved by `delta` columns (spaces added, or leading
/// spaces removed as far as there are some).
std::string shift_lines(std::string_view text, long delta) {
  if (delta == 0) return std::string(text);
  std::string out;
  out.reserve(text.size() + 64);
  for (std::size_t i = 0; i < text.size();) {
    std::size_t k = text.find_first_of("\r\n", i);
    k = k == std::string_view::npos ? text.size() : k + (text.compare(k, 2, "\r\n") == 0 ? 2 : 1);
    std::string_view line = text.substr(i, k - i);
    if (delta > 0) {
      out.append(static_cast<std::size_t>(delta), ' ');
    } else {
      for (long d = delta; d < 0 && line.starts_with(' '); ++d) line.remove_prefix(1);
    }
    out += line;
    i = k;
  }
  return out;
}

/// A change to the plan's bytes: `length` bytes at `at` become `text`.
struct Event {
  std::size_t at, order, length;
  std::string text;
};

}  // namespace

int progress(Status s) {
  switch (s) {
    case Status::Todo:
      return 0;
    case Status::Other:
      return 1;
    case Status::Blocked:
      return 2;
    case Status::InProgress:
      return 3;
    case Status::Cancelled:
      return 4;
    case Status::Done:
      return 5;
  }
  return 0;
}

Replan replan(const Source& file_src, const Plan& file, const Source& plan_src, const Plan& plan,
              const PlanDiff& diff, const ParseOptions& options) {
  Replan r;
  const Doc F(file_src, file), P(plan_src, plan);
  if (!F.refused.empty() || !P.refused.empty()) {
    r.refused = F.refused.empty() ? "the plan has " + P.refused : "tasks.md has " + F.refused;
    return r;
  }
  const std::size_t nf = file.tasks.size();
  std::vector<std::size_t> match(nf, npos);  // file task -> plan task
  for (std::size_t j = 0; j < plan.tasks.size(); ++j) {
    if (diff.match_of_after[j]) match[*diff.match_of_after[j]] = j;
  }

  // What stays: every task the plan left out that is not open, the tasks holding one, and the
  // tasks one depends on (removing those would leave a dangling dependency).
  std::vector<char> keep(nf, 0);
  std::vector<std::size_t> work;
  auto mark = [&](std::size_t i) {
    for (std::optional<std::size_t> k = i; k && match[*k] == npos && !keep[*k];
         k = file.tasks[*k].parent) {
      keep[*k] = 1;
      work.push_back(*k);
    }
  };
  for (std::size_t i = 0; i < nf; ++i) {
    if (match[i] == npos && file.tasks[i].status != Status::Todo) mark(i);
  }
  std::unordered_map<std::string_view, std::size_t> by_id;
  for (std::size_t i = 0; i < nf; ++i) {
    if (!file.tasks[i].id.empty()) by_id.emplace(file.tasks[i].id, i);
  }
  while (!work.empty()) {
    const std::size_t i = work.back();
    work.pop_back();
    for (const std::string& dep : file.tasks[i].depends) {
      if (const auto it = by_id.find(dep); it != by_id.end()) mark(it->second);
    }
  }
  // In place in the file: kept, under tasks kept in place. Cut from it: the lines of a task
  // that is not kept (it moved into the plan's text, or it is removed) under tasks in place.
  std::vector<char> in_place(nf, 0), cut(nf, 0);
  for (std::size_t i = 0; i < nf; ++i) {
    const std::size_t parent = F.parent[i];
    const bool under = parent == npos || in_place[parent];
    in_place[i] = keep[i] && under;
    cut[i] = !keep[i] && under;
    if (match[i] == npos) (keep[i] ? r.preserved : r.removed).push_back(i);
  }
  // A task whose lines move or go must own them: `> - [ ] x` or `1. - [ ] x` would take the
  // block quote or the other item's line along.
  auto owns_lines = [&](std::size_t i) {
    if (F.indented_only(i)) return true;
    r.refused = "tasks.md has a task inside a block quote or another list item (line " +
                std::to_string(file.tasks[i].pos.line) + "), which a merge could break";
    return false;
  };

  // Sections: matched by key, in order.
  std::vector<std::size_t> seg_match(F.segments.size(), npos),
      plan_seg_match(P.segments.size(), npos);
  {
    std::unordered_map<std::string_view, std::size_t> file_by_key;
    for (std::size_t g = 0; g < F.segments.size(); ++g) file_by_key.emplace(F.segments[g].key, g);
    for (std::size_t g = 0; g < P.segments.size(); ++g) {
      if (g == 0 && P.segments[0].blank) continue;  // the plan has no text before its headings
      const auto it = file_by_key.find(P.segments[g].key);
      if (it == file_by_key.end()) continue;
      seg_match[it->second] = g;
      plan_seg_match[g] = it->second;
    }
  }

  for (std::size_t i = 0; i < nf; ++i) {  // cut from a section that stays
    if (cut[i] && seg_match[F.segment_of[i]] == npos && !owns_lines(i)) return r;
  }

  // Where the preserved tasks go that leave their place: under the plan's copy of their parent,
  // or among their neighbours in the plan's copy of their section. Each list of siblings is
  // walked twice (nearest earlier match, nearest later one), so this stays linear.
  std::vector<std::vector<Event>> events(P.segments.size());
  auto insert = [&](std::size_t i, std::size_t plan_seg, std::size_t at, long delta) {
    if (!owns_lines(i)) return;
    events[plan_seg].push_back({at, i, 0, std::string()});
    Event& e = events[plan_seg].back();
    // The item's lines without the parts that go, moved by `delta` columns.
    std::string text;
    std::size_t from = F.lines[i].begin;
    std::vector<std::size_t> stack(F.children[i].rbegin(), F.children[i].rend());
    while (!stack.empty()) {
      const std::size_t c = stack.back();
      stack.pop_back();
      if (keep[c]) {
        stack.insert(stack.end(), F.children[c].rbegin(), F.children[c].rend());
      } else {
        text += file_src.bytes().substr(from, F.lines[c].begin - from);
        from = F.lines[c].end;
      }
    }
    text += file_src.bytes().substr(from, F.lines[i].end - from);
    // Blank lines left where the parts that went were are not carried along at the end.
    if (const std::size_t k = text.find_last_not_of(" \t\r\n"); k != std::string::npos) {
      const std::size_t eol = text.find_first_of("\r\n", k);
      if (eol != std::string::npos) text.resize(eol + (text.compare(eol, 2, "\r\n") == 0 ? 2 : 1));
    }
    e.text = shift_lines(text, delta);
  };
  auto place_among = [&](const std::vector<std::size_t>& siblings, auto fits, auto fallback) {
    std::vector<std::size_t> before(siblings.size(), npos), after(siblings.size(), npos);
    for (std::size_t k = 0, last = npos; k < siblings.size(); ++k) {
      before[k] = last;
      if (fits(siblings[k])) last = siblings[k];
    }
    for (std::size_t k = siblings.size(), next = npos; k-- > 0;) {
      after[k] = next;
      if (fits(siblings[k])) next = siblings[k];
    }
    for (std::size_t k = 0; k < siblings.size(); ++k) {
      const std::size_t i = siblings[k];
      if (!keep[i]) continue;
      if (before[k] != npos) {
        const std::size_t j = match[before[k]];
        insert(i, P.segment_of[j], P.lines[j].end, P.column(j) - F.column(before[k]));
      } else if (after[k] != npos) {
        const std::size_t j = match[after[k]];
        insert(i, P.segment_of[j], P.lines[j].begin, P.column(j) - F.column(after[k]));
      } else {
        fallback(i);
      }
    }
  };
  // Under a parent the plan kept.
  for (std::size_t q = 0; q < nf; ++q) {
    if (match[q] == npos) continue;
    const auto& kids = F.children[q];
    if (std::none_of(kids.begin(), kids.end(), [&](std::size_t c) { return keep[c] != 0; }))
      continue;
    const std::size_t qp = match[q];
    place_among(
        kids, [&](std::size_t s) { return match[s] != npos && P.parent[match[s]] == qp; },
        [&](std::size_t i) {  // no sibling in the plan: first under the parent
          const auto& under = P.children[qp];
          if (under.empty()) {
            insert(i, P.segment_of[qp], P.lines[qp].end, P.column(qp) - F.column(q));
          } else {
            insert(i, P.segment_of[qp], P.lines[under[0]].begin, P.column(under[0]) - F.column(i));
          }
        });
  }
  // At the top of a section the plan has.
  {
    std::vector<std::vector<std::size_t>> top(F.segments.size());
    for (std::size_t i = 0; i < nf; ++i) {
      if (F.parent[i] == npos && seg_match[F.segment_of[i]] != npos)
        top[F.segment_of[i]].push_back(i);
    }
    std::vector<std::size_t> first_top(P.segments.size(), npos);
    for (std::size_t j = plan.tasks.size(); j-- > 0;) {
      if (P.parent[j] == npos) first_top[P.segment_of[j]] = j;
    }
    for (std::size_t g = 0; g < F.segments.size(); ++g) {
      if (top[g].empty()) continue;
      const std::size_t p = seg_match[g];
      place_among(
          top[g],
          [&](std::size_t s) {
            return match[s] != npos && P.parent[match[s]] == npos && P.segment_of[match[s]] == p;
          },
          [&](std::size_t i) {  // no neighbour in the plan: first in the section
            if (const std::size_t t = first_top[p]; t != npos) {
              insert(i, p, P.lines[t].begin, P.column(t) - F.column(i));
              return;
            }
            std::size_t end = P.segments[p].span.end;  // after the section's last text
            const std::string_view pb = plan_src.bytes();
            while (end > P.segments[p].span.begin && is_space(pb[end - 1])) --end;
            insert(i, p, end == P.segments[p].span.begin ? end : P.line_after(end - 1), 0);
          });
    }
  }

  if (!r.refused.empty()) return r;

  // Carried-over boxes.
  std::vector<Status> status(plan.tasks.size());
  for (std::size_t j = 0; j < plan.tasks.size(); ++j) status[j] = plan.tasks[j].status;
  for (std::size_t i = 0; i < nf; ++i) {
    if (match[i] == npos) continue;
    const Task& was = file.tasks[i];
    const Task& now = plan.tasks[match[i]];
    if (progress(was.status) > progress(now.status)) {
      events[P.segment_of[match[i]]].push_back(
          {now.box_span.begin + 1, 0, 1, std::string(1, was.box)});
      status[match[i]] = was.status;
    }
  }

  // Assembly.
  const std::string_view fb = file_src.bytes(), pb = plan_src.bytes();
  std::string_view eol = line_end_of(fb);
  if (eol.empty()) eol = line_end_of(pb);
  if (eol.empty()) eol = "\n";
  // The plan's line ends become the file's (a plain copy when both use LF).
  const bool convert = eol != "\n" || pb.find('\r') != std::string_view::npos;
  std::string out;
  out.reserve(fb.size() + pb.size());
  if (file_src.has_bom()) out += fb.substr(0, 3);
  std::pair<char, std::size_t> last{'-', 0};  // the segment written last: source, index
  auto junction = [&](char source, std::size_t g) {
    const bool next = last.first == source && last.second + 1 == g;
    if (!next && !out.empty() && out.size() > (file_src.has_bom() ? 3u : 0u)) {
      if (!ends_with_line_end(out)) out += eol;
      if (g > 0 && !ends_with_blank_line(out)) out += eol;
    }
    last = {source, g};
  };
  auto write_plan = [&](std::size_t g) {
    junction('p', g);
    auto& ev = events[g];
    std::stable_sort(ev.begin(), ev.end(), [](const Event& a, const Event& b) {
      return a.at != b.at ? a.at < b.at : a.order < b.order;
    });
    std::size_t at = P.segments[g].span.begin;
    for (const Event& e : ev) {
      append_converted(out, pb.substr(at, e.at - at), convert ? eol : std::string_view());
      if (e.length == 0 && !out.empty() && !ends_with_line_end(out)) out += eol;
      out += e.text;
      if (e.length == 0 && !ends_with_line_end(out)) out += eol;
      at = e.at + e.length;
    }
    const std::size_t end = P.segments[g].span.end;
    append_converted(out, pb.substr(at, end - at), convert ? eol : std::string_view());
  };
  std::vector<std::vector<Span>> cuts(F.segments.size());
  std::vector<char> keeps_task(F.segments.size(), 0);
  for (std::size_t i = 0; i < nf; ++i) {
    if (cut[i]) cuts[F.segment_of[i]].push_back(F.lines[i]);
    if (in_place[i]) keeps_task[F.segment_of[i]] = 1;
  }
  auto write_file = [&](std::size_t g) {
    const Segment& seg = F.segments[g];
    std::string text;
    std::size_t at = seg.span.begin;
    for (const Span& c : cuts[g]) {
      text += fb.substr(at, c.begin - at);
      at = c.end;
    }
    text += fb.substr(at, seg.span.end - at);
    if (seg.has_tasks && !keeps_task[g]) {
      // Emptied of its tasks: it goes with them when nothing but its heading is left.
      const std::size_t heading =
          seg.section == npos ? 0 : file.sections[seg.section].span.end - seg.span.begin;
      if (Doc::blank(std::string_view(text).substr(std::min(heading, text.size())))) return;
    }
    if (text.empty()) return;
    junction('f', g);
    out += text;
  };
  auto write_unmatched_after = [&](std::size_t g) {
    for (std::size_t k = g; k < F.segments.size() && seg_match[k] == npos; ++k) write_file(k);
  };
  write_unmatched_after(0);
  for (std::size_t g = 0; g < P.segments.size(); ++g) {
    if (g == 0 && P.segments[0].blank) continue;
    write_plan(g);
    if (plan_seg_match[g] != npos) write_unmatched_after(plan_seg_match[g] + 1);
  }

  // The result must read as the tasks merged into it. Removing a line can change how the
  // Markdown around it reads (an ordered list whose first item went no longer interrupts the
  // paragraph before it, and its items become that paragraph's text): then no merge at all.
  std::unordered_map<std::string, long> want;
  auto key = [](const Task& t, Status st) {
    return t.text + '\x1f' + static_cast<char>('0' + static_cast<int>(st));
  };
  for (std::size_t j = 0; j < plan.tasks.size(); ++j) ++want[key(plan.tasks[j], status[j])];
  for (std::size_t i : r.preserved) ++want[key(file.tasks[i], file.tasks[i].status)];
  const Source merged("merged", out);
  const Parsed<Plan> reread = parse_plan(merged, std::nullopt, options);
  for (const Task& t : reread.value->tasks) {
    if (--want[key(t, t.status)] < 0) break;
  }
  if (std::any_of(want.begin(), want.end(), [](const auto& w) { return w.second != 0; })) {
    r.refused =
        "the merged file would not read as the tasks merged into it (removing a task changed "
        "how the Markdown around it reads)";
    r.removed.clear();
    r.preserved.clear();
    return r;
  }
  r.bytes = std::move(out);
  return r;
}

}  // namespace wildplan::detail
