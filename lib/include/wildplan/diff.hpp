#pragma once
// Diff: what changed between two task lists, task by task.
//
// Tasks are matched by identity, in three passes over the tasks not yet matched:
//   1. by id, when both tasks have one;
//   2. by normalised text (case, whitespace and emphasis ignored);
//   3. by similarity: the share of words the two titles have in common, at least one half,
//      best pairs first, and the nearer position breaks ties.
// A task matched in no pass is added (only in the new list) or removed (only in the old one).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "wildplan/plan.hpp"

namespace wildplan {

enum class ChangeKind { Added, Removed, StatusChanged, Reworded, Moved, FieldsChanged };

/// "added", "removed", "status-changed", "reworded", "moved", "fields-changed".
const char* to_string(ChangeKind k);

struct Change {
  ChangeKind kind;
  std::optional<std::size_t> before;  ///< index into the old plan's tasks
  std::optional<std::size_t> after;   ///< index into the new plan's tasks
};

struct PlanDiff {
  std::vector<Change>
      changes;  ///< in the new list's order, removed tasks after their old neighbour
  /// For each task of the new plan, the index of its match in the old one.
  std::vector<std::optional<std::size_t>> match_of_after;
  bool empty() const { return changes.empty(); }
};

PlanDiff diff_plans(const Plan& before, const Plan& after);

/// Lower-cased, whitespace collapsed, `*`/`_` emphasis dropped: the text tasks are matched by.
std::string normalise_task_text(std::string_view text);

/// Two task lists compared (`wildplan diff`): their plans, the task changes and the goals.
struct PlanComparison {
  std::string old_file, new_file;  ///< the sources' names
  Plan before, after;
  PlanDiff diff;
  std::optional<std::string> old_goal, new_goal;  ///< each `## Goal` section's text, one line
  bool goal_changed() const { return old_goal && new_goal && *old_goal != *new_goal; }
  bool equal() const { return diff.empty() && !goal_changed(); }
};

/// Parses both task lists (`*_range`: the span holding the list, e.g. a reply's plan body)
/// and compares them.
PlanComparison compare_plans(const Source& old_src, std::optional<Span> old_range,
                             const Source& new_src, std::optional<Span> new_range);

}  // namespace wildplan
