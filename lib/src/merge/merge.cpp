// The three-way merge of task files (merge.hpp).
//
// How: each task's line (its `\n`-ended line, without the line end) is stood in for by a token
// naming its group, the same in every version that holds the task: a base task and its matches
// on either side (diff_plans), a task one side added, or a task both sides added alike. The lines
// of the tasks a side added are taken out of that side, each noting the line it followed. git's
// text merge of the three token texts then decides every position and every line that is not a
// task's (a box checked or a task reworded is no change to it at all), and each token of the
// result becomes its task's merged line. The added tasks go back in after the line they followed,
// found in the merge by git's line diff of the side against it; where both sides added tasks in
// one place, ours come first. Added tasks so never meet in a conflict. A conflict is git's, its
// tokens read back as each side's lines. A task one side deleted and the other changed gets a
// token of its own on the changing side, so that git sees the conflict.
#include "wildplan/merge.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "merge/line_merge.hpp"
#include "merge/text_merge.hpp"
#include "wildplan/diff.hpp"

namespace wildplan {
namespace {

using detail::LineMerge;
using detail::LineMergeOutcome;
using detail::TaskLineParts;
using detail::TextPiece;

enum Version { kBase = 0, kOurs = 1, kTheirs = 2 };

/// One version of the file: its bytes, its plan and each task's line.
struct Version3 {
  const Source* src = nullptr;
  Plan plan;
  std::vector<Span> lines;         ///< per task: its line without the line end
  std::vector<std::size_t> group;  ///< per task: its group
  std::vector<bool> own_token;     ///< per task: a token of its own (deleted on the other side)
};

/// A task as it is in each version that holds it.
struct Group {
  std::optional<std::size_t> at[3];  ///< index into each version's tasks
  std::optional<LineMerge> merged;   ///< both sides hold it
  std::uint32_t line = 0;            ///< where the result first holds it
  bool emitted = false;
  bool in_conflict = false;  ///< a side's line of it is in a git conflict
};

/// The `\n`-ended line holding `task`'s box, without its line end (`\r\n` or `\n`).
Span line_of(std::string_view bytes, const Task& task) {
  const std::size_t at = task.box_span.begin;
  const std::size_t nl = bytes.rfind('\n', at == 0 ? 0 : at - 1);
  const std::size_t begin = (nl == std::string_view::npos || at == 0) ? 0 : nl + 1;
  std::size_t end = bytes.find('\n', at);
  if (end == std::string_view::npos) {
    end = bytes.size();
  } else if (end > begin && bytes[end - 1] == '\r') {
    --end;
  }
  return {begin, end};
}

/// A prefix no input holds, so that a token can never be mistaken for a line of the files.
std::string token_prefix(const Version3 (&v)[3]) {
  for (int n = 0;; ++n) {
    std::string p = "\x01wildplan-task" + (n ? std::to_string(n) : std::string()) + ":";
    if (std::none_of(v, v + 3, [&](const Version3& x) {
          return x.src->bytes().find(p) != std::string_view::npos;
        }))
      return p;
  }
}

struct Token {
  std::size_t group = 0;
  bool own = false;
  std::string_view eol;  ///< what follows the token on its line
};

class Merger {
 public:
  Merger(const Source& base, const Source& ours, const Source& theirs, const MergeOptions& o)
      : options_(o) {
    const Source* srcs[3] = {&base, &ours, &theirs};
    for (int i = 0; i < 3; ++i) {
      v_[i].src = srcs[i];
      v_[i].plan = std::move(*parse_plan(*srcs[i], std::nullopt, ParseOptions{o.statuses}).value);
    }
    file_ = o.path.empty() ? ours.name() : o.path;
  }

  MergeResult run();

 private:
  bool find_lines();
  void make_groups();
  bool repeated_texts_in_place() const;
  void merge_lines();
  std::string tokenized(int version);
  void place_additions(int version, const std::string& side_text, const detail::TextPieces& m);
  void emit_additions(int version, std::size_t at, bool in_conflict);
  std::optional<Token> token_of(std::string_view line) const;
  void emit_clean_line(std::string_view line);
  void emit_task(std::size_t g, std::string_view eol);
  void emit_conflict(const TextPiece& piece, std::size_t& at_ours, std::size_t& at_theirs);
  std::string side_line(int version, std::string_view line, Token* tok) const;
  void append(std::string_view s);
  void report();
  TaskMerge describe(const Group& g) const;
  const TaskLineParts parts(int version, std::size_t task) const {
    return detail::task_line_parts(*v_[version].src, v_[version].plan.tasks[task],
                                   v_[version].lines[task]);
  }
  Diagnostic note(std::string rule, std::string message) const {
    return {file_, {}, {}, Severity::Note, std::move(rule), std::move(message), {}, {}};
  }

  const MergeOptions& options_;
  std::string file_;
  Version3 v_[3];
  std::vector<Group> groups_;
  std::string prefix_;
  /// Per side: the tasks it added, as (the number of the side's other lines before it, group).
  std::vector<std::pair<std::size_t, std::size_t>> added_[3];
  /// Per side: the groups to insert before each line of its view of the merge (clean lines and
  /// its own side of each conflict), and after the last.
  std::vector<std::vector<std::size_t>> before_[3];
  std::string_view eol_ = "\n";  ///< the line end an added task without one gets
  bool ends_with_bare_addition_ = false;
  MergeResult result_;
  std::uint32_t line_ = 1;
};

bool Merger::find_lines() {
  for (Version3& v : v_) {
    const std::string_view bytes = v.src->bytes();
    for (const Task& t : v.plan.tasks) {
      const Span line = line_of(bytes, t);
      // Two tasks on one `\n`-ended line (lone CR line ends): the file merges as text.
      if (!v.lines.empty() && v.lines.back().begin == line.begin) return false;
      v.lines.push_back(line);
    }
    v.group.assign(v.plan.tasks.size(), 0);
    v.own_token.assign(v.plan.tasks.size(), false);
  }
  return true;
}

void Merger::make_groups() {
  const PlanDiff to_ours = diff_plans(v_[kBase].plan, v_[kOurs].plan);
  const PlanDiff to_theirs = diff_plans(v_[kBase].plan, v_[kTheirs].plan);
  groups_.resize(v_[kBase].plan.tasks.size());
  for (std::size_t i = 0; i < groups_.size(); ++i) {
    groups_[i].at[kBase] = i;
    v_[kBase].group[i] = i;
  }
  const auto place = [&](int version, const PlanDiff& d) {
    for (std::size_t j = 0; j < d.match_of_after.size(); ++j) {
      if (!d.match_of_after[j]) continue;
      groups_[*d.match_of_after[j]].at[version] = j;
      v_[version].group[j] = *d.match_of_after[j];
    }
  };
  place(kOurs, to_ours);
  place(kTheirs, to_theirs);
  // Tasks both sides added alike (the same text, as diff_plans pairs them) are one task.
  const PlanDiff across = diff_plans(v_[kOurs].plan, v_[kTheirs].plan);
  std::vector<std::optional<std::size_t>> group_of_ours(v_[kOurs].plan.tasks.size());
  for (std::size_t j = 0; j < v_[kOurs].plan.tasks.size(); ++j) {
    if (to_ours.match_of_after[j]) continue;
    groups_.push_back({});
    groups_.back().at[kOurs] = j;
    v_[kOurs].group[j] = groups_.size() - 1;
    group_of_ours[j] = groups_.size() - 1;
  }
  for (std::size_t k = 0; k < v_[kTheirs].plan.tasks.size(); ++k) {
    if (to_theirs.match_of_after[k]) continue;
    const auto j = across.match_of_after[k];
    if (j && group_of_ours[*j] && !groups_[*group_of_ours[*j]].at[kTheirs] &&
        normalise_task_text(v_[kOurs].plan.tasks[*j].text) ==
            normalise_task_text(v_[kTheirs].plan.tasks[k].text)) {
      groups_[*group_of_ours[*j]].at[kTheirs] = k;
      v_[kTheirs].group[k] = *group_of_ours[*j];
      continue;
    }
    groups_.push_back({});
    groups_.back().at[kTheirs] = k;
    v_[kTheirs].group[k] = groups_.size() - 1;
  }
}

/// Whether diff_plans' pairs agree with git's own line diff where the base repeats a task's text:
/// diff_plans pairs equal texts in their order, so that with `- [ ] Commit` in every section a
/// side that deletes the first one would have its later ones stand for the earlier ones, and a
/// box checked in one section would land in the next. A task line git's diff keeps in place must
/// be the same task; where it is not, the file merges as text.
bool Merger::repeated_texts_in_place() const {
  const Plan& base = v_[kBase].plan;
  std::unordered_set<std::string> seen;
  bool repeated = false;
  for (const Task& t : base.tasks) repeated |= !seen.insert(normalise_task_text(t.title)).second;
  if (!repeated) return true;
  // the 0-based `\n` line of each task's line
  const auto lines_of = [](const Version3& v) {
    std::vector<std::size_t> out;
    std::size_t line = 0, at = 0;
    const std::string_view bytes = v.src->bytes();
    for (const Span& s : v.lines) {
      line += static_cast<std::size_t>(
          std::count(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                     bytes.begin() + static_cast<std::ptrdiff_t>(s.begin), '\n'));
      at = s.begin;
      out.push_back(line);
    }
    return out;
  };
  const std::vector<std::size_t> base_lines = lines_of(v_[kBase]);
  for (int side : {kOurs, kTheirs}) {
    const auto map = detail::line_map(v_[kBase].src->bytes(), v_[side].src->bytes());
    const std::vector<std::size_t> side_lines = lines_of(v_[side]);
    std::unordered_map<std::size_t, std::size_t> task_at;  // line -> task
    for (std::size_t t = 0; t < side_lines.size(); ++t) task_at.emplace(side_lines[t], t);
    for (std::size_t i = 0; i < base_lines.size(); ++i) {
      if (base_lines[i] >= map.size() || !map[base_lines[i]].kept) continue;
      const auto it = task_at.find(map[base_lines[i]].at);
      if (it != task_at.end() && v_[side].group[it->second] != i) return false;
    }
  }
  return true;
}

void Merger::merge_lines() {
  // A task added under a task the other side deleted changes that task: its line gets a token of
  // its own, so that git shows the deletion against it (with the new subtask on its side).
  for (int side : {kOurs, kTheirs}) {
    const int other = side == kOurs ? kTheirs : kOurs;
    const Plan& plan = v_[side].plan;
    for (std::size_t t = 0; t < plan.tasks.size(); ++t) {
      if (groups_[v_[side].group[t]].at[kBase]) continue;
      auto up = plan.tasks[t].parent;
      while (up && !groups_[v_[side].group[*up]].at[kBase]) up = plan.tasks[*up].parent;
      if (up && !groups_[v_[side].group[*up]].at[other]) v_[side].own_token[*up] = true;
    }
  }
  for (Group& g : groups_) {
    if (g.at[kOurs] && g.at[kTheirs]) {
      const TaskLineParts o = parts(kOurs, *g.at[kOurs]), t = parts(kTheirs, *g.at[kTheirs]);
      if (g.at[kBase]) {
        const TaskLineParts b = parts(kBase, *g.at[kBase]);
        g.merged = detail::merge_task_line(&b, o, t, options_.statuses);
      } else {
        g.merged = detail::merge_task_line(nullptr, o, t, options_.statuses);
      }
    } else if (g.at[kBase] && (g.at[kOurs] || g.at[kTheirs])) {
      // Deleted on one side: when the other changed the line, its token is its own, so that
      // git's merge sees a change against a deletion, a conflict.
      const int side = g.at[kOurs] ? kOurs : kTheirs;
      if (parts(side, *g.at[side]).whole != parts(kBase, *g.at[kBase]).whole)
        v_[side].own_token[*g.at[side]] = true;
    }
  }
}

/// The version's text with every task line a token; on either side, without the lines of the
/// tasks it added (noted in added_).
std::string Merger::tokenized(int version) {
  const Version3& v = v_[version];
  const std::string_view bytes = v.src->bytes();
  std::string out;
  out.reserve(bytes.size());
  std::size_t at = 0, lines = 0;
  for (std::size_t t = 0; t < v.lines.size(); ++t) {
    const std::string_view before = bytes.substr(at, v.lines[t].begin - at);
    lines += static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    out.append(before);
    const std::size_t g = v.group[t];
    if (version != kBase && !groups_[g].at[kBase]) {  // added: out, and back in after the merge
      added_[version].emplace_back(lines, g);
      const std::size_t nl = bytes.find('\n', v.lines[t].end);
      at = nl == std::string_view::npos ? bytes.size() : nl + 1;
      continue;
    }
    out.append(prefix_).append(std::to_string(g));
    if (v.own_token[t]) out.push_back('~');
    at = v.lines[t].end;
  }
  out.append(bytes.substr(at));
  return out;
}

/// Where each task the side added goes in the merge `m`: after the line it followed, as git's
/// line diff of the side (without them) against its view of the merge finds that line.
void Merger::place_additions(int version, const std::string& side_text,
                             const detail::TextPieces& m) {
  std::string view;
  std::size_t n = 0;
  for (const TextPiece& p : m.pieces) {
    const auto& lines = !p.conflict ? p.lines : version == kOurs ? p.ours : p.theirs;
    for (std::string_view l : lines) view.append(l);
    n += lines.size();
  }
  before_[version].assign(n + 1, {});
  if (added_[version].empty()) return;
  const auto map = detail::line_map(side_text, view);
  for (const auto& [gap, g] : added_[version]) {
    // a task both sides added goes in once, where ours put it
    if (version == kTheirs && groups_[g].at[kOurs]) continue;
    // after the line it followed; when the merge changed that line, after what replaced it;
    // when the merge dropped it, where it was
    std::size_t at = 0;
    if (gap > 0 && gap <= map.size()) at = map[gap - 1].at + (map[gap - 1].kept ? 1 : 0);
    before_[version][at].push_back(g);
  }
}

/// The added tasks placed before line `at` of the side's view of the merge: inside a conflict,
/// as that side's lines; else merged.
void Merger::emit_additions(int version, std::size_t at, bool in_conflict) {
  if (at >= before_[version].size()) return;
  for (std::size_t g : std::exchange(before_[version][at], {})) {
    if (!result_.bytes.empty() && result_.bytes.back() != '\n') append(eol_);
    const Version3& v = v_[version];
    const std::size_t t = *groups_[g].at[version];
    const std::string_view bytes = v.src->bytes();
    std::string_view eol = bytes.substr(v.lines[t].end);
    eol = eol.substr(0, std::min(eol.find('\n') + 1, eol.size()));
    ends_with_bare_addition_ = eol.empty();
    if (eol.empty()) eol = eol_;
    if (in_conflict) {
      groups_[g].in_conflict = true;
      append(parts(version, t).whole);
      append(eol);
    } else {
      emit_task(g, eol);
    }
  }
}

std::optional<Token> Merger::token_of(std::string_view line) const {
  if (!line.starts_with(prefix_)) return std::nullopt;
  line.remove_prefix(prefix_.size());
  Token t;
  const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), t.group);
  if (ec != std::errc() || t.group >= groups_.size()) return std::nullopt;
  line.remove_prefix(static_cast<std::size_t>(end - line.data()));
  if (line.starts_with('~')) {
    t.own = true;
    line.remove_prefix(1);
  }
  t.eol = line;
  return t;
}

void Merger::append(std::string_view s) {
  result_.bytes.append(s);
  line_ += static_cast<std::uint32_t>(std::count(s.begin(), s.end(), '\n'));
}

void Merger::emit_clean_line(std::string_view line) {
  const auto tok = token_of(line);
  if (!tok) {
    append(line);
    return;
  }
  emit_task(tok->group, tok->eol);
}

/// The merged line of group `g` where the result holds it (once: a task both sides moved to
/// different places stays at the first).
void Merger::emit_task(std::size_t g, std::string_view eol) {
  Group& group = groups_[g];
  if (group.emitted) return;
  group.emitted = true;
  group.line = line_;
  const auto line_of_side = [&](int version) {
    return std::string(parts(version, *group.at[version]).whole);
  };
  if (!group.merged) {  // one side holds it: added there, or moved there and deleted by the other
    append(line_of_side(group.at[kOurs] ? kOurs : group.at[kTheirs] ? kTheirs : kBase));
    append(eol);
    return;
  }
  if (group.merged->outcome != LineMergeOutcome::Conflict) {
    append(group.merged->text);
    append(eol);
    return;
  }
  const std::string_view end = eol.empty() ? std::string_view("\n") : eol;
  const std::string k(options_.marker_size, '<'), m(options_.marker_size, '='),
      n(options_.marker_size, '>');
  MergeConflict c;
  c.kind = group.merged->conflict;
  c.line = line_;
  append(k + " " + options_.ours_label);
  append(end);
  append(line_of_side(kOurs));
  append(end);
  append(m);
  append(end);
  append(line_of_side(kTheirs));
  append(end);
  c.end_line = line_;
  append(n + " " + options_.theirs_label);
  append(end);
  c.base = group.at[kBase];
  c.ours = group.at[kOurs];
  c.theirs = group.at[kTheirs];
  const Task& t = v_[kOurs].plan.tasks[*group.at[kOurs]];
  c.id = t.id;
  c.title = t.title;
  result_.conflicts.push_back(std::move(c));
}

/// A line of one side of a conflict: its own bytes, a token read back as that side's task line.
std::string Merger::side_line(int version, std::string_view line, Token* tok) const {
  const auto t = token_of(line);
  if (!t) return std::string(line);
  if (tok) *tok = *t;
  const Group& g = groups_[t->group];
  if (!g.at[version]) return std::string(line);  // cannot happen: the side's text holds it
  return std::string(parts(version, *g.at[version]).whole) + std::string(t->eol);
}

void Merger::emit_conflict(const TextPiece& piece, std::size_t& at_ours, std::size_t& at_theirs) {
  MergeConflict c;
  c.kind = ConflictKind::Text;
  c.line = line_;
  append(std::string(options_.marker_size, '<') + " " + options_.ours_label);
  append(piece.eol);
  std::optional<Token> own;
  for (int side : {kOurs, kTheirs}) {
    const auto& lines = side == kOurs ? piece.ours : piece.theirs;
    std::size_t& at = side == kOurs ? at_ours : at_theirs;
    for (std::size_t i = 0; i < lines.size(); ++i, ++at) {
      if (i > 0) emit_additions(side, at, true);
      const std::string_view l = lines[i];
      Token tok{static_cast<std::size_t>(-1), false, {}};
      append(side_line(side, l, &tok));
      if (tok.group == static_cast<std::size_t>(-1)) continue;
      groups_[tok.group].in_conflict = true;
      if (tok.own && !own) own = tok;
    }
    if (side == kOurs) {
      append(std::string(options_.marker_size, '='));
      append(piece.eol);
    }
  }
  c.end_line = line_;
  append(std::string(options_.marker_size, '>') + " " + options_.theirs_label);
  append(piece.eol);
  ends_with_bare_addition_ = false;
  if (own) {  // a task deleted on one side and changed on the other
    const Group& g = groups_[own->group];
    c.kind = ConflictKind::DeletedChanged;
    c.base = g.at[kBase];
    c.ours = g.at[kOurs];
    c.theirs = g.at[kTheirs];
    const Task& t = v_[kBase].plan.tasks[*g.at[kBase]];
    c.id = t.id;
    c.title = t.title;
  }
  result_.conflicts.push_back(std::move(c));
}

TaskMerge Merger::describe(const Group& g) const {
  TaskMerge m;
  m.base = g.at[kBase];
  m.ours = g.at[kOurs];
  m.theirs = g.at[kTheirs];
  m.line = g.emitted ? g.line : 0;
  const bool ours = g.at[kOurs].has_value(), theirs = g.at[kTheirs].has_value();
  if (!g.at[kBase]) {
    m.action = g.merged && g.merged->outcome == LineMergeOutcome::Conflict
                   ? TaskMergeAction::Conflict
                   : TaskMergeAction::Added;
    m.side = ours && theirs ? MergeSide::Both : ours ? MergeSide::Ours : MergeSide::Theirs;
  } else if (!ours && !theirs) {
    m.action = TaskMergeAction::Deleted;
    m.side = MergeSide::Both;
  } else if (!ours || !theirs) {
    const bool changed = v_[ours ? kOurs : kTheirs].own_token[*g.at[ours ? kOurs : kTheirs]];
    m.action = changed     ? TaskMergeAction::Conflict
               : g.emitted ? TaskMergeAction::Kept
                           : TaskMergeAction::Deleted;
    m.side = ours ? MergeSide::Theirs : MergeSide::Ours;  // who deleted it
    if (m.action == TaskMergeAction::Kept) m.side = ours ? MergeSide::Ours : MergeSide::Theirs;
  } else {
    switch (g.merged->outcome) {
      case LineMergeOutcome::Ours:
        m.action = TaskMergeAction::Ours, m.side = MergeSide::Ours;
        break;
      case LineMergeOutcome::Theirs:
        m.action = TaskMergeAction::Theirs, m.side = MergeSide::Theirs;
        break;
      case LineMergeOutcome::FurtherAlong:
        m.action = TaskMergeAction::FurtherAlong;
        break;
      case LineMergeOutcome::Conflict:
        m.action = TaskMergeAction::Conflict;
        break;
      default:
        m.action = TaskMergeAction::Combined;
    }
  }
  if (!g.emitted && g.in_conflict && m.action != TaskMergeAction::Deleted)
    m.action = TaskMergeAction::Conflict;
  const int from =
      m.action == TaskMergeAction::Theirs || !ours ? (theirs ? kTheirs : kBase) : kOurs;
  const Task& t = v_[from].plan.tasks[*g.at[from]];
  m.id = t.id;
  m.title = t.title;
  return m;
}

/// The tasks the merge did something with, in the result's order; the notes.
void Merger::report() {
  std::vector<std::size_t> order;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    const Group& group = groups_[g];
    const bool same =
        group.at[kBase] && group.merged && group.merged->outcome == LineMergeOutcome::Same;
    if (!same) order.push_back(g);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const std::uint32_t la = groups_[a].emitted ? groups_[a].line : UINT32_MAX;
    const std::uint32_t lb = groups_[b].emitted ? groups_[b].line : UINT32_MAX;
    return la < lb;
  });
  for (std::size_t g : order) result_.tasks.push_back(describe(groups_[g]));
  // An id both sides added: both tasks are kept, and the note says so.
  std::unordered_map<std::string, std::size_t> added_by_ours;
  for (const TaskMerge& t : result_.tasks) {
    if (t.action == TaskMergeAction::Added && t.side == MergeSide::Ours && !t.id.empty())
      added_by_ours.emplace(task_id_key(t.id), 0);
  }
  std::unordered_set<std::string> said;
  for (const TaskMerge& t : result_.tasks) {
    if (t.action != TaskMergeAction::Added || t.side != MergeSide::Theirs || t.id.empty()) continue;
    const std::string key = task_id_key(t.id);
    if (!added_by_ours.count(key) || !said.insert(key).second) continue;
    result_.diagnostics.push_back(
        note("merge-same-id",
             "both sides added a task with the id '" + t.id +
                 "': both are kept, ours first; give one of them another id (validate reports "
                 "task-duplicate-id until then)"));
  }
}

MergeResult Merger::run() {
  const std::string_view bytes[3] = {v_[kBase].src->bytes(), v_[kOurs].src->bytes(),
                                     v_[kTheirs].src->bytes()};
  const auto as_text = [&](std::string why) {
    detail::TextMergeResult r =
        detail::merge_text(bytes[0], bytes[1], bytes[2], options_.marker_size, options_.ours_label,
                           options_.theirs_label);
    result_ = {};
    result_.bytes = std::move(r.bytes);
    result_.by_task = false;
    if (!r.clean)
      result_.conflicts.push_back(
          {r.binary ? ConflictKind::Binary : ConflictKind::Text, 0, 0, {}, {}, {}, {}, {}});
    result_.diagnostics.push_back(note("merge-as-text", std::move(why)));
    return std::move(result_);
  };
  if (!find_lines()) return as_text("two tasks share a line (lone CR line ends): merged as text");
  make_groups();
  if (!repeated_texts_in_place())
    return as_text("tasks of the same text were paired out of place: merged as text");
  merge_lines();
  prefix_ = token_prefix(v_);
  const std::string tok[3] = {tokenized(kBase), tokenized(kOurs), tokenized(kTheirs)};
  auto pieces = detail::merge_pieces(tok[0], tok[1], tok[2]);
  if (!pieces) {
    if (detail::is_binary(bytes[0]) || detail::is_binary(bytes[1]) || detail::is_binary(bytes[2]))
      return as_text("a side holds a NUL byte: git's binary merge keeps ours, a conflict");
    return as_text("a line starts with 65,534 or more marker characters: merged as text");
  }
  if (const auto nl = bytes[1].find('\n');
      nl != std::string_view::npos && nl > 0 && bytes[1][nl - 1] == '\r')
    eol_ = "\r\n";
  place_additions(kOurs, tok[1], *pieces);
  place_additions(kTheirs, tok[2], *pieces);
  std::size_t at_ours = 0, at_theirs = 0;  // the next line of each side's view of the merge
  for (const TextPiece& p : pieces->pieces) {
    emit_additions(kOurs, at_ours, false);
    emit_additions(kTheirs, at_theirs, false);
    if (p.conflict) {
      emit_conflict(p, at_ours, at_theirs);
      continue;
    }
    for (std::size_t i = 0; i < p.lines.size(); ++i, ++at_ours, ++at_theirs) {
      if (i > 0) {
        emit_additions(kOurs, at_ours, false);
        emit_additions(kTheirs, at_theirs, false);
      }
      ends_with_bare_addition_ = false;
      emit_clean_line(p.lines[i]);
    }
  }
  emit_additions(kOurs, at_ours, false);
  emit_additions(kTheirs, at_theirs, false);
  // an added task that ended its side's file without a line end ends the merge without one
  if (ends_with_bare_addition_ && result_.bytes.ends_with(eol_))
    result_.bytes.resize(result_.bytes.size() - eol_.size());
  report();
  if (!result_.clean()) {
    // Never worse than git: a conflict git's own merge of the files does not have is git's.
    detail::TextMergeResult git =
        detail::merge_text(bytes[0], bytes[1], bytes[2], options_.marker_size, options_.ours_label,
                           options_.theirs_label);
    if (git.clean) {
      result_.bytes = std::move(git.bytes);
      result_.conflicts.clear();
      for (TaskMerge& t : result_.tasks) t.line = 0;
      result_.diagnostics.push_back(
          note("merge-as-text",
               "the merge by task left a conflict that git's text merge does "
               "not: git's merge taken"));
      result_.by_task = false;
    }
  }
  return std::move(result_);
}

}  // namespace

const char* to_string(TaskMergeAction a) {
  switch (a) {
    case TaskMergeAction::Ours:
      return "ours";
    case TaskMergeAction::Theirs:
      return "theirs";
    case TaskMergeAction::Combined:
      return "combined";
    case TaskMergeAction::FurtherAlong:
      return "further-along";
    case TaskMergeAction::Added:
      return "added";
    case TaskMergeAction::Deleted:
      return "deleted";
    case TaskMergeAction::Kept:
      return "kept";
    case TaskMergeAction::Conflict:
      return "conflict";
  }
  return "conflict";
}

const char* to_string(MergeSide s) {
  switch (s) {
    case MergeSide::Ours:
      return "ours";
    case MergeSide::Theirs:
      return "theirs";
    case MergeSide::Both:
      return "both";
  }
  return "both";
}

const char* to_string(ConflictKind k) {
  switch (k) {
    case ConflictKind::TaskText:
      return "task-text";
    case ConflictKind::TaskStatus:
      return "task-status";
    case ConflictKind::DeletedChanged:
      return "deleted-changed";
    case ConflictKind::Text:
      return "text";
    case ConflictKind::Binary:
      return "binary";
  }
  return "text";
}

MergeResult merge_task_files(const Source& base, const Source& ours, const Source& theirs,
                             const MergeOptions& options) {
  return Merger(base, ours, theirs, options).run();
}

}  // namespace wildplan
