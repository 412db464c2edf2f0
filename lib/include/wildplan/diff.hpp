#pragma once
// Task identity and diff: which task of one task list is which task of another, and what changed
// between them, task by task. One identity serves every stage that pairs tasks: `diff`, `apply`'s
// drift report, the replan, the history and the merge driver.
//
// Tasks are matched in three passes over the tasks not yet matched:
//   1. by text: the same normalised title (case, whitespace and emphasis ignored; the id,
//      markers and fields are not part of a title), so that a task an agent renumbered keeps
//      its identity. Where titles repeat, the pairs that also keep their id are taken first,
//      then those under parents of the same title, then the rest in file order;
//   2. by id (task_id_key), when the ids are stable (no pair matched by text changed its id: an
//      agent that inserts a task renumbers the rest, and then an id names another task) and the
//      two titles share a word that is not a function word ("the", "of", "to"...): a reworded
//      task keeps its id, but a status never moves onto another task's text;
//   3. by similar text: at least kSimilarity of the title's words shared (function words left
//      out; over the longer title's words), best pairs first, the nearer position breaking ties.
// A task matched in no pass is added (only in the new list) or removed (only in the old one).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "wildplan/document.hpp"
#include "wildplan/plan.hpp"

namespace wildplan {

/// Pass 3's threshold: the share of words two titles must have in common.
inline constexpr double kSimilarity = 0.5;

enum class ChangeKind { Added, Removed, StatusChanged, Reworded, Renumbered, Moved, FieldsChanged };

/// "added", "removed", "status-changed", "reworded", "renumbered", "moved", "fields-changed".
const char* to_string(ChangeKind k);

struct Change {
  ChangeKind kind;
  std::optional<std::size_t> before;  ///< index into the old plan's tasks; none for Added
  std::optional<std::size_t> after;   ///< index into the new plan's tasks; none for Removed
};

struct PlanDiff {
  /// In the new list's order (a matched pair's changes in the order of ChangeKind), each
  /// removed task after the new place of its nearest earlier old neighbour.
  std::vector<Change> changes;
  /// For each task of the new plan, the index of its match in the old one (none: added).
  std::vector<std::optional<std::size_t>> match_of_after;
  bool empty() const { return changes.empty(); }
};

/// Task identity: for each task of `after`, its match in `before` (the passes above).
std::vector<std::optional<std::size_t>> match_tasks(const Plan& before, const Plan& after);

/// The changes from `before` to `after`, task by task.
PlanDiff diff_plans(const Plan& before, const Plan& after);

/// Lower-cased, whitespace collapsed, `*`/`_` emphasis dropped: the text tasks are matched by.
std::string normalise_task_text(std::string_view text);

/// Two task lists compared (`wildplan diff`, and apply's plan against tasks.md): the Documents,
/// the task changes and the goals.
struct Comparison {
  Document before, after;
  PlanDiff diff;
  /// Each `## Goal` section's text as one line; none when the list has no Goal section.
  std::optional<std::string> old_goal, new_goal;
  bool goal_changed() const { return old_goal && new_goal && *old_goal != *new_goal; }
  bool equal() const { return diff.empty() && !goal_changed(); }
};

/// Compares two task lists.
Comparison compare(Document before, Document after);

}  // namespace wildplan
