// What the merge did (merger.hpp): a line per task a side changed, the notes, the names.
#include <algorithm>
#include <climits>
#include <unordered_map>
#include <unordered_set>

#include "merge/merger.hpp"

namespace wildplan::detail {

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

}  // namespace wildplan::detail

namespace wildplan {

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

}  // namespace wildplan
