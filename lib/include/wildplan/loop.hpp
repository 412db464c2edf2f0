#pragma once
// The loop's post-iteration step, as pure functions: what tasks.md becomes given the reply's
// plan, the iteration and --replan (the policy apply follows), and the commit message. The
// CLI's `apply` does the I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wildplan/diff.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/source.hpp"

namespace wildplan {

enum class TasksAction {
  Written,     ///< no tasks.md, or only the loop's placeholder: the plan was written
  Kept,        ///< tasks.md stays as it is
  Merged,      ///< a replan: the plan's tasks merged into tasks.md (see decide_tasks)
  NothingToDo  ///< neither a plan nor a tasks.md
};

/// "written", "kept", "merged", "nothing".
const char* to_string(TasksAction a);

struct DecideOptions {
  int iteration = 0;    ///< 0 plans; from 1 on, tasks.md is the agent's
  bool replan = false;  ///< the loop asks for the plan to replace tasks.md's tasks
  StatusMap statuses;   ///< how boxes read (Config::statuses)
};

struct TasksDecision {
  TasksAction action = TasksAction::Kept;
  std::string reason;                ///< one sentence, for the report
  std::optional<std::string> bytes;  ///< what tasks.md becomes, when it changes
  /// tasks.md (before) against the plan (after), when there are both (and tasks.md is not the
  /// placeholder): the drift the loop sees.
  PlanDiff diff;
  Plan file;  ///< tasks.md as it was (its spans point into bytes the decision does not keep)
  Plan plan;  ///< the reply's plan, likewise
  std::vector<std::size_t> removed;    ///< replan: open tasks of `file` the plan left out
  std::vector<std::size_t> preserved;  ///< replan: tasks of `file` the plan left out, kept
};

/// The policy, in one place:
///   - no plan: tasks.md is kept as it is;
///   - no tasks.md, or only the loop's placeholder (its only task is "(Agent will decompose the
///     goal into tasks on iteration 1)"): the plan is written, at any iteration (nothing of the
///     agent's is there to lose);
///   - with `replan`: merged (below), or kept when the merge changes nothing;
///   - otherwise tasks.md is kept: at iteration 0 the agent wrote it and may have written more
///     than it echoed; from iteration 1 on it is the agent's, and a <plan> in a reply is not a
///     request to rewrite it. The diff (tasks.md against the plan) says how they differ.
/// The replan merge:
///   - the plan's tasks, in the plan's order and phases, each with the further-along status of
///     its match in tasks.md (diff.hpp's identity: id, then text, then wording), the box
///     character as tasks.md wrote it (todo < other < blocked < in progress < cancelled < done);
///   - a task of tasks.md that the plan leaves out stays when it is started, done, blocked,
///     cancelled or of an unknown status, or holds or is depended on by such a task: in its own
///     section at its old place among its neighbours (after the nearest earlier one the plan
///     kept, else before the nearest later one), a subtask under its parent; it is `preserved`;
///   - an open task the plan leaves out is removed, and listed in `removed`;
///   - sections are matched by phase number, else by level and title: a section the plan has
///     is the plan's; one it lacks is kept in its place (after its nearest earlier neighbour
///     that the plan has), byte for byte but for the tasks that moved or were removed (a section
///     left with nothing but its heading, that held tasks, goes with them);
///   - the plan's lines take tasks.md's line end; a tasks.md whose shape would make the merge
///     unsafe (a heading inside a list item, a task inside a block quote) is kept, and the
///     reason says why.
/// Statuses read with `options.statuses`, in both tasks.md and the plan.
TasksDecision decide_tasks(const std::string* plan_markdown, const Source* tasks_md,
                           const DecideOptions& options = {});

/// True when `plan` is the loop's placeholder task list.
bool is_loop_placeholder(const Plan& plan);

/// One line of untrusted text for a commit: control characters dropped, every run of
/// whitespace (line breaks included) one space, trimmed.
std::string sanitize_line(std::string_view text);

/// `wild-v2: iteration N — <goal>`, the goal cut at a word boundary with an ellipsis so that
/// the subject stays within 72 characters.
std::string commit_subject(int iteration, std::string_view goal);

/// `subject`, a blank line, and `Key: value` trailers (keys and values sanitised; a trailer
/// that would be empty is left out).
std::string commit_message(std::string_view subject,
                           const std::vector<std::pair<std::string, std::string>>& trailers);

}  // namespace wildplan
