#pragma once
// The loop's post-iteration step, as pure functions: what tasks.md becomes given the reply's
// plan (the policy apply follows), and the commit message. The CLI's `apply` does the I/O.

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
  Merged,      ///< the plan's tasks, with the statuses tasks.md had
  NothingToDo  ///< neither a plan nor a tasks.md
};

/// "written", "kept", "merged", "nothing".
const char* to_string(TasksAction a);

struct TasksDecision {
  TasksAction action = TasksAction::Kept;
  std::string reason;                ///< one sentence, for the report
  std::optional<std::string> bytes;  ///< what tasks.md becomes, when it changes
  PlanDiff diff;                     ///< tasks.md (before) against the plan (after)
};

/// The policy, in one place:
///   - no plan: tasks.md is kept as it is;
///   - no tasks.md, or it is the loop's placeholder (its only task is "(Agent will decompose the
///     goal into tasks on iteration 1)"): the plan is written;
///   - tasks.md lists the same tasks with the same statuses and wording: it is kept;
///   - they differ and the plan holds tasks the file lacks, or `replan`: merged — the plan's
///     text, each task's box carried over from tasks.md by task identity (diff.hpp's matching)
///     when tasks.md has it further along, and tasks done or in progress in tasks.md that the
///     plan dropped are appended, so no [x] or [/] is ever lost;
///   - they differ otherwise: tasks.md, which the agent wrote last, is kept; the diff reports why.
TasksDecision decide_tasks(const std::string* plan_markdown, const Source* tasks_md, bool replan);

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
