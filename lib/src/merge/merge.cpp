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
// token of its own on the changing side, so that git sees the conflict.#include
// "wildplan/merge.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "merge/merger.hpp"
#include "wildplan/diff.hpp"

namespace wildplan::detail {
namespace {

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

}  // namespace

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

/// Never worse than git: a conflict git's own merge of the three files does not have is git's.
void Merger::take_git_merge_if_clean() {
  TextMergeResult git =
      merge_text(v_[kBase].src->bytes(), v_[kOurs].src->bytes(), v_[kTheirs].src->bytes(),
                 options_.marker_size, options_.ours_label, options_.theirs_label);
  if (git.clean) {
    result_.bytes = std::move(git.bytes);
    result_.conflicts.clear();
    for (TaskMerge& t : result_.tasks) t.line = 0;
    result_.diagnostics.push_back(
        note("merge-as-text",
             "the merge by task left a conflict that git's text merge does not: git's merge "
             "taken"));
    result_.by_task = false;
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
  if (!result_.clean()) take_git_merge_if_clean();
  return std::move(result_);
}

}  // namespace wildplan::detail

namespace wildplan {

MergeResult merge_task_files(const Source& base, const Source& ours, const Source& theirs,
                             const MergeOptions& options) {
  return detail::Merger(base, ours, theirs, options).run();
}

}  // namespace wildplan
