#pragma once
// The steps of apply_reply() that read what the agent said against the task file (apply.cpp calls
// each in one line): --sync-todos, the promise and todo-list checks, checked-without-change.

#include <optional>
#include <string>

#include "wildplan/git.hpp"
#include "wildplan/loop.hpp"

namespace wildplan::detail {

/// --sync-todos: the reply's todo list carried into the task file, under its lock (sync_todos()).
/// Sets `out.todo_sync`, rewrites `out.tasks` when the file changed, adds the notes.
void sync_todos_step(const ApplyRequest& req, const Config& config, ApplyOutcome& out);

/// promise-done-open-tasks / all-done-no-promise on the task file as apply left it, and
/// plan-todos-differ between the reply's plan and its todo list.
void promise_step(const Config& config, ApplyOutcome& out);

/// The task file at HEAD (before the iteration's commit), or none (unborn, not tracked, outside
/// the work tree).
std::optional<std::string> task_file_at_head(const Repository& repo, const ApplyOutcome& out);

/// checked-without-change, when the commit just made changed no file but the task file.
void checked_without_change_step(const std::optional<std::string>& before,
                                 const Repository& repo, const Config& config, ApplyOutcome& out);

}  // namespace wildplan::detail
