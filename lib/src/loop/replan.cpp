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

/// A document's range cut into segments, with each task's segment and line range.
class CutDocument {
 public:
  CutDocument(const Document& doc, Span range) : src_(doc.src()), plan_(doc.plan), range_(range) {
    const Source& src = doc.src();
    const Plan& plan = doc.plan;
    const std::string_view s = src.bytes();
    const std::size_t begin = range.begin == 0 && src.has_bom() ? 3 : range.begin;
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
    segments.back().span.end = std::max(segments.back().span.begin, range.end);
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
    return std::min(range_.end, src_.line_start(src_.position(offset).line + 1));
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
  Span range_;
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


namespace {

/// What of a reply's plan is merged: its range without leading blank lines and trailing
/// whitespace, with the line end after its last line when there is one.
Span merged_range(const Document& plan) {
  const std::string_view s = plan.src().bytes();
  Span r = plan.range;
  for (;;) {  // leading blank lines
    std::size_t k = r.begin;
    while (k < r.end && (s[k] == ' ' || s[k] == '\t')) ++k;
    if (k == r.end || (s[k] != '\n' && s[k] != '\r')) break;
    r.begin = k + (s[k] == '\r' && k + 1 < r.end && s[k + 1] == '\n' ? 2 : 1);
  }
  std::size_t end = r.end;
  while (end > r.begin && is_space(s[end - 1])) --end;
  if (end < r.end && s.compare(end, 2, "\r\n") == 0 && end + 2 <= r.end) {
    end += 2;
  } else if (end > r.begin && end < r.end && (s[end] == '\n' || s[end] == '\r')) {
    ++end;
  }
  r.end = end;
  return r;
}

/// The merge's steps over one pair of documents, in the order replan() runs them.
class Merge {
 public:
  Merge(const Document& file, const Document& plan, const PlanDiff& diff, Replan& result)
      : result_(result),
        file_doc_(file),
        plan_doc_(plan),
        file_(file, file.range),
        plan_(plan, merged_range(plan)),
        file_tasks_(file.plan.tasks),
        plan_tasks_(plan.plan.tasks),
        plan_of_file_(file_tasks_.size(), npos),
        keep_(file_tasks_.size(), 0),
        in_place_(file_tasks_.size(), 0),
        cut_(file_tasks_.size(), 0),
        events_(plan_.segments.size()) {
    for (std::size_t j = 0; j < plan_tasks_.size(); ++j) {
      if (diff.match_of_after[j]) plan_of_file_[*diff.match_of_after[j]] = j;
    }
  }

  /// A shape a merge could break: a heading inside a list item or a block quote.
  bool refused_by_shape() const {
    if (file_.refused.empty() && plan_.refused.empty()) return false;
    result_.refused = file_.refused.empty() ? "the plan has " + plan_.refused : "tasks.md has " + file_.refused;
    return true;
  }

  /// What stays: every task the plan left out that is not open, the tasks holding one, and the
  /// tasks one depends on (removing those would leave a dangling dependency).
  void choose_kept() {
    std::vector<std::size_t> work;
    const auto mark = [&](std::size_t i) {
      for (std::optional<std::size_t> k = i; k && plan_of_file_[*k] == npos && !keep_[*k];
           k = file_tasks_[*k].parent) {
        keep_[*k] = 1;
        work.push_back(*k);
      }
    };
    for (std::size_t i = 0; i < file_tasks_.size(); ++i) {
      if (plan_of_file_[i] == npos && file_tasks_[i].status != Status::Todo) mark(i);
    }
    std::unordered_map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < file_tasks_.size(); ++i) {
      if (!file_tasks_[i].id.empty()) by_id.emplace(task_id_key(file_tasks_[i].id), i);
    }
    while (!work.empty()) {
      const std::size_t i = work.back();
      work.pop_back();
      for (const std::string& dep : file_tasks_[i].depends) {
        if (const auto it = by_id.find(task_id_key(dep)); it != by_id.end()) mark(it->second);
      }
    }
  }

  /// In place in the file: kept, under tasks kept in place. Cut from it: the lines of a task
  /// that is not kept (it moved into the plan's text, or it is removed) under tasks in place.
  void split_in_place_and_cut() {
    for (std::size_t i = 0; i < file_tasks_.size(); ++i) {
      const std::size_t parent = file_.parent[i];
      const bool under = parent == npos || in_place_[parent];
      in_place_[i] = keep_[i] && under;
      cut_[i] = !keep_[i] && under;
      if (plan_of_file_[i] == npos) (keep_[i] ? result_.preserved : result_.removed).push_back(i);
    }
  }

  /// Sections matched by key (phase number, else level and title), in order.
  void match_sections() {
    plan_of_segment_.assign(file_.segments.size(), npos);
    file_of_segment_.assign(plan_.segments.size(), npos);
    std::unordered_map<std::string_view, std::size_t> file_by_key;
    for (std::size_t g = 0; g < file_.segments.size(); ++g)
      file_by_key.emplace(file_.segments[g].key, g);
    for (std::size_t g = 0; g < plan_.segments.size(); ++g) {
      if (g == 0 && plan_.segments[0].blank) continue;  // the plan has no text before headings
      const auto it = file_by_key.find(plan_.segments[g].key);
      if (it == file_by_key.end()) continue;
      plan_of_segment_[it->second] = g;
      file_of_segment_[g] = it->second;
    }
  }

  /// A task cut from a section that stays must own its lines.
  bool cut_tasks_own_their_lines() const {
    for (std::size_t i = 0; i < file_tasks_.size(); ++i) {
      if (cut_[i] && plan_of_segment_[file_.segment_of[i]] == npos && !owns_lines(i))
        return false;
    }
    return true;
  }

  /// Kept tasks under a parent the plan kept: among their siblings in the plan's copy of it.
  void place_under_parents() {
    for (std::size_t q = 0; q < file_tasks_.size(); ++q) {
      if (plan_of_file_[q] == npos) continue;
      const auto& kids = file_.children[q];
      if (std::none_of(kids.begin(), kids.end(), [&](std::size_t c) { return keep_[c] != 0; }))
        continue;
      const std::size_t qp = plan_of_file_[q];
      place_among(
          kids,
          [&](std::size_t s) {
            return plan_of_file_[s] != npos && plan_.parent[plan_of_file_[s]] == qp;
          },
          [&](std::size_t i) {  // no sibling in the plan: first under the parent
            const auto& under = plan_.children[qp];
            if (under.empty()) {
              insert(i, plan_.segment_of[qp], plan_.lines[qp].end,
                     plan_.column(qp) - file_.column(q));
            } else {
              insert(i, plan_.segment_of[qp], plan_.lines[under[0]].begin,
                     plan_.column(under[0]) - file_.column(i));
            }
          });
    }
  }

  /// Kept top-level tasks of a section the plan has: among their neighbours in the plan's copy.
  void place_at_section_tops() {
    std::vector<std::vector<std::size_t>> top(file_.segments.size());
    for (std::size_t i = 0; i < file_tasks_.size(); ++i) {
      if (file_.parent[i] == npos && plan_of_segment_[file_.segment_of[i]] != npos)
        top[file_.segment_of[i]].push_back(i);
    }
    std::vector<std::size_t> first_top(plan_.segments.size(), npos);
    for (std::size_t j = plan_tasks_.size(); j-- > 0;) {
      if (plan_.parent[j] == npos) first_top[plan_.segment_of[j]] = j;
    }
    for (std::size_t g = 0; g < file_.segments.size(); ++g) {
      if (top[g].empty()) continue;
      const std::size_t p = plan_of_segment_[g];
      place_among(
          top[g],
          [&](std::size_t s) {
            const std::size_t j = plan_of_file_[s];
            return j != npos && plan_.parent[j] == npos && plan_.segment_of[j] == p;
          },
          [&](std::size_t i) { place_first_in_section(i, p, first_top[p]); });
    }
  }

  /// Each matched task's box becomes its old one where that is further along.
  void carry_boxes() {
    status_.resize(plan_tasks_.size());
    for (std::size_t j = 0; j < plan_tasks_.size(); ++j) status_[j] = plan_tasks_[j].status;
    for (std::size_t i = 0; i < file_tasks_.size(); ++i) {
      const std::size_t j = plan_of_file_[i];
      if (j == npos) continue;
      const Task& was = file_tasks_[i];
      const Task& now = plan_tasks_[j];
      if (progress(was.status) <= progress(now.status)) continue;
      events_[plan_.segment_of[j]].push_back(
          {now.box_span.begin + 1, 0, 1, std::string(1, was.box)});
      status_[j] = was.status;
    }
  }

  /// The merged bytes: the file's segments before the plan's first, then each of the plan's
  /// segments (patched) followed by the file's segments the plan lacks that came after it.
  std::string assemble() {
    const std::string_view fb = file_doc_.src().bytes(), pb = plan_doc_.src().bytes();
    eol_ = line_end_of(fb);
    if (eol_.empty()) eol_ = line_end_of(pb.substr(plan_doc_.range.begin, plan_doc_.range.size()));
    if (eol_.empty()) eol_ = "\n";
    // The plan's line ends become the file's (a plain copy when both use LF).
    convert_ = eol_ != "\n" ||
               pb.substr(plan_doc_.range.begin, plan_doc_.range.size()).find('\r') !=
                   std::string_view::npos;
    out_.reserve(fb.size() + plan_doc_.range.size());
    if (file_doc_.src().has_bom()) out_ += fb.substr(0, 3);
    collect_cuts();
    write_unmatched_file_segments_from(0);
    for (std::size_t g = 0; g < plan_.segments.size(); ++g) {
      if (g == 0 && plan_.segments[0].blank) continue;
      write_plan_segment(g);
      if (file_of_segment_[g] != npos) write_unmatched_file_segments_from(file_of_segment_[g] + 1);
    }
    return std::move(out_);
  }

  /// The result must read as the tasks merged into it. Removing a line can change how the
  /// Markdown around it reads (an ordered list whose first item went no longer interrupts the
  /// paragraph before it, and its items become that paragraph's text): then no merge at all.
  bool reads_as_merged(const std::string& merged, const ParseOptions& options) const {
    std::unordered_map<std::string, long> want;
    const auto key = [](const Task& t, Status st) {
      return t.text + '\x1f' + static_cast<char>('0' + static_cast<int>(st));
    };
    for (std::size_t j = 0; j < plan_tasks_.size(); ++j) ++want[key(plan_tasks_[j], status_[j])];
    for (std::size_t i : result_.preserved) ++want[key(file_tasks_[i], file_tasks_[i].status)];
    const Source merged_src("merged", merged);
    const Parsed<Plan> reread = parse_plan(merged_src, std::nullopt, options);
    for (const Task& t : reread.value->tasks) {
      if (--want[key(t, t.status)] < 0) return false;
    }
    return std::all_of(want.begin(), want.end(), [](const auto& w) { return w.second == 0; });
  }

 private:
  /// A task whose lines move or go must own them: `> - [ ] x` or `1. - [ ] x` would take the
  /// block quote or the other item's line along.
  bool owns_lines(std::size_t i) const {
    if (file_.indented_only(i)) return true;
    result_.refused = "tasks.md has a task inside a block quote or another list item (line " +
                std::to_string(file_tasks_[i].pos.line) + "), which a merge could break";
    return false;
  }

  /// Inserts kept task `i` (its item's lines without the parts that go, moved by `delta`
  /// columns) at byte `at` of the plan's segment `plan_segment`.
  void insert(std::size_t i, std::size_t plan_segment, std::size_t at, long delta) {
    if (!owns_lines(i)) return;
    const std::string_view fb = file_doc_.src().bytes();
    std::string text;
    std::size_t from = file_.lines[i].begin;
    std::vector<std::size_t> stack(file_.children[i].rbegin(), file_.children[i].rend());
    while (!stack.empty()) {
      const std::size_t c = stack.back();
      stack.pop_back();
      if (keep_[c]) {
        stack.insert(stack.end(), file_.children[c].rbegin(), file_.children[c].rend());
      } else {
        text += fb.substr(from, file_.lines[c].begin - from);
        from = file_.lines[c].end;
      }
    }
    text += fb.substr(from, file_.lines[i].end - from);
    // Blank lines left where the parts that went were are not carried along at the end.
    if (const std::size_t k = text.find_last_not_of(" \t\r\n"); k != std::string::npos) {
      const std::size_t eol = text.find_first_of("\r\n", k);
      if (eol != std::string::npos) text.resize(eol + (text.compare(eol, 2, "\r\n") == 0 ? 2 : 1));
    }
    events_[plan_segment].push_back({at, i, 0, shift_lines(text, delta)});
  }

  /// Places each kept task of `siblings` after the nearest earlier sibling that `fits` (is in
  /// the plan at the right place), else before the nearest later one, else by `fallback`. Each
  /// list is walked twice, so this stays linear.
  template <typename Fits, typename Fallback>
  void place_among(const std::vector<std::size_t>& siblings, Fits fits, Fallback fallback) {
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
      if (!keep_[i]) continue;
      if (before[k] != npos) {
        const std::size_t j = plan_of_file_[before[k]];
        insert(i, plan_.segment_of[j], plan_.lines[j].end, plan_.column(j) - file_.column(before[k]));
      } else if (after[k] != npos) {
        const std::size_t j = plan_of_file_[after[k]];
        insert(i, plan_.segment_of[j], before_blank_lines(plan_.lines[j].begin),
               plan_.column(j) - file_.column(after[k]));
      } else {
        fallback(i);
      }
    }
  }

  /// Where a task placed before the plan task starting at `at` goes: before the blank lines
  /// above that task when a plan task's lines end right above them, so that the task lands
  /// where placing it after that earlier task would put it (a second replan with the same plan
  /// then changes nothing).
  std::size_t before_blank_lines(std::size_t at) const {
    const std::string_view pb = plan_doc_.src().bytes();
    std::size_t start = at;
    while (start > 0) {
      std::size_t line = start - 1;  // the line end of the line above
      if (line > 0 && pb[line] == '\n' && pb[line - 1] == '\r') --line;
      std::size_t begin = line;
      while (begin > 0 && pb[begin - 1] != '\n' && pb[begin - 1] != '\r') --begin;
      if (!CutDocument::blank(pb.substr(begin, line - begin))) break;
      start = begin;
    }
    if (start == at) return at;
    for (std::size_t j = 0; j < plan_tasks_.size(); ++j) {
      if (plan_.lines[j].end == start) return start;
    }
    return at;
  }

  /// No neighbour in the plan: first in the plan's section `p` (before its first top-level task
  /// `first`, else after its last text).
  void place_first_in_section(std::size_t i, std::size_t p, std::size_t first) {
    if (first != npos) {
      insert(i, p, plan_.lines[first].begin, plan_.column(first) - file_.column(i));
      return;
    }
    const std::string_view pb = plan_doc_.src().bytes();
    std::size_t end = plan_.segments[p].span.end;
    while (end > plan_.segments[p].span.begin && is_space(pb[end - 1])) --end;
    insert(i, p, end == plan_.segments[p].span.begin ? end : plan_.line_after(end - 1), 0);
  }

  void collect_cuts() {
    cuts_.resize(file_.segments.size());
    keeps_task_.assign(file_.segments.size(), 0);
    for (std::size_t i = 0; i < file_tasks_.size(); ++i) {
      if (cut_[i]) cuts_[file_.segment_of[i]].push_back(file_.lines[i]);
      if (in_place_[i]) keeps_task_[file_.segment_of[i]] = 1;
    }
  }

  /// Between two segments that were not neighbours: a line end, and a blank line before a
  /// heading.
  void junction(char source, std::size_t g) {
    const bool next = last_.first == source && last_.second + 1 == g;
    if (!next && out_.size() > (file_doc_.src().has_bom() ? 3u : 0u)) {
      if (!ends_with_line_end(out_)) out_ += eol_;
      if (g > 0 && !ends_with_blank_line(out_)) out_ += eol_;
    }
    last_ = {source, g};
  }

  void write_plan_segment(std::size_t g) {
    junction('p', g);
    const std::string_view pb = plan_doc_.src().bytes();
    const std::string_view eol = convert_ ? eol_ : std::string_view();
    auto& ev = events_[g];
    std::stable_sort(ev.begin(), ev.end(), [](const Event& a, const Event& b) {
      return a.at != b.at ? a.at < b.at : a.order < b.order;
    });
    std::size_t at = plan_.segments[g].span.begin;
    for (const Event& e : ev) {
      append_converted(out_, pb.substr(at, e.at - at), eol);
      if (e.length == 0 && !out_.empty() && !ends_with_line_end(out_)) out_ += eol_;
      out_ += e.text;
      if (e.length == 0 && !ends_with_line_end(out_)) out_ += eol_;
      at = e.at + e.length;
    }
    append_converted(out_, pb.substr(at, plan_.segments[g].span.end - at), eol);
    // The plan's last line ends as a file's does, even where `</plan>` followed it directly.
    if (g + 1 == plan_.segments.size() && !ends_with_line_end(out_)) out_ += eol_;
  }

  void write_file_segment(std::size_t g) {
    const std::string_view fb = file_doc_.src().bytes();
    const Segment& seg = file_.segments[g];
    std::string text;
    std::size_t at = seg.span.begin;
    for (const Span& c : cuts_[g]) {
      text += fb.substr(at, c.begin - at);
      at = c.end;
    }
    text += fb.substr(at, seg.span.end - at);
    if (seg.has_tasks && !keeps_task_[g]) {
      // Emptied of its tasks: it goes with them when nothing but its heading is left.
      const std::size_t heading = seg.section == npos
                                      ? 0
                                      : file_doc_.plan.sections[seg.section].span.end - seg.span.begin;
      if (CutDocument::blank(std::string_view(text).substr(std::min(heading, text.size())))) return;
    }
    if (text.empty()) return;
    junction('f', g);
    out_ += text;
  }

  void write_unmatched_file_segments_from(std::size_t g) {
    for (std::size_t k = g; k < file_.segments.size() && plan_of_segment_[k] == npos; ++k)
      write_file_segment(k);
  }

  Replan& result_;  ///< removed, preserved, and a refusal's reason
  const Document& file_doc_;
  const Document& plan_doc_;
  const CutDocument file_, plan_;
  const std::vector<Task>& file_tasks_;
  const std::vector<Task>& plan_tasks_;
  std::vector<std::size_t> plan_of_file_;  ///< file task -> its plan task, or npos
  std::vector<char> keep_, in_place_, cut_;  ///< per file task
  std::vector<std::size_t> plan_of_segment_, file_of_segment_;  ///< matched sections
  std::vector<std::vector<Event>> events_;  ///< per plan segment: the bytes it changes
  std::vector<Status> status_;              ///< per plan task, after carry_boxes()
  std::vector<std::vector<Span>> cuts_;     ///< per file segment: the lines cut from it
  std::vector<char> keeps_task_;            ///< per file segment: a task stays in place
  std::string out_;
  std::string_view eol_;
  bool convert_ = false;
  std::pair<char, std::size_t> last_{'-', 0};  ///< the segment written last: source, index
};

}  // namespace

Replan replan(const Document& file, const Document& plan, const PlanDiff& diff,
              const ParseOptions& options) {
  Replan r;
  Merge merge(file, plan, diff, r);
  if (merge.refused_by_shape()) return r;
  merge.choose_kept();
  merge.split_in_place_and_cut();
  merge.match_sections();
  if (!merge.cut_tasks_own_their_lines()) return r;
  merge.place_under_parents();
  merge.place_at_section_tops();
  if (!r.refused.empty()) return r;
  merge.carry_boxes();
  std::string bytes = merge.assemble();
  if (!merge.reads_as_merged(bytes, options)) {
    r.refused =
        "the merged file would not read as the tasks merged into it (removing a task changed "
        "how the Markdown around it reads)";
    r.removed.clear();
    r.preserved.clear();
    return r;
  }
  r.bytes = std::move(bytes);
  return r;
}

}  // namespace wildplan::detail
