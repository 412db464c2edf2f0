#pragma once
// Todos: the plan an agent keeps in its todo tool (transcript.hpp's TodoList), as a Plan, and
// carried into tasks.md.
//
// todo_markdown() writes the list as a Markdown checklist, one `- [c] text` line per item, which
// parse_document() reads like any task file (todo_document()): `parse --reply --from todos`, `list`, `diff` and
// `validate` then work on it, with positions in that text.
//
// sync_todos() is `apply --sync-todos`: it carries the list's progress into tasks.md and never
// loses anything there. Each todo is matched to a task by diff_plans()'s identity (normalised
// text, then id, then similar wording), and a match counts only when it is by id (the id the
// todo's text writes, `Task 3: ...`) or by the same normalised title: a similarly worded todo is
// reported as unmatched, naming the task it resembles, and changes nothing. A matched task moves
// forward only: a todo in progress starts a task that is todo, a completed todo checks a task
// that is todo, in progress, blocked or of another status; nothing is unchecked, reworded or
// deleted. An unmatched todo is a note, and with TodoSyncMode::Add it becomes a new task (in
// the todo's status, after the last top-level task, in its neighbours' style).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wildplan/diagnostic.hpp"
#include "wildplan/document.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/source.hpp"
#include "wildplan/transcript.hpp"

namespace wildplan {

/// `todos` as a Markdown checklist: a `# Todos` title, then `- [c] text` per item, `c` the box
/// `statuses` writes for its status (`?` when none does). Line breaks in a text become spaces.
/// The Source is named `name`.
Source todo_markdown(const TodoList& todos, std::string name, const StatusMap& statuses = {});

/// The reply's todo list (Reply::todos()) as a Document: todo_markdown() named "REPLY (todos)",
/// parsed with `statuses` (`parse --reply --from todos`). A reply without one gives an empty
/// Document with error todos-missing, naming the reply, which says why.
Document todo_document(const Reply& reply, const StatusMap& statuses = {});

/// The task of a plan a todo names.
struct TodoMatch {
  std::optional<std::size_t> task;       ///< index into Plan::tasks; none: no task
  std::optional<std::size_t> resembles;  ///< a task of similar wording, not taken as the match
  const char* by = nullptr;              ///< "id" or "text" when matched
};

/// For each item of `todos`, the task of `plan` it names: diff_plans()'s match of the item (as
/// todo_markdown() writes it), taken when it is by id or by the same normalised title.
std::vector<TodoMatch> match_todos(const Plan& plan, const TodoList& todos,
                                   const StatusMap& statuses = {});

enum class TodoSyncMode {
  Mark,  ///< `--sync-todos`: start or check matched tasks
  Add,   ///< `--sync-todos=add`: and add every unmatched todo as a task
};

/// "mark", "add"; and back (nullopt for anything else).
const char* to_string(TodoSyncMode m);
std::optional<TodoSyncMode> todo_sync_mode_from_string(std::string_view s);

/// One task of tasks.md the sync changed, and why.
struct TodoSyncChange {
  std::size_t task = 0;  ///< index into the task file's Plan::tasks (before the sync)
  std::size_t todo = 0;  ///< index into TodoList::items
  std::string id, title;  ///< the task's
  std::uint32_t line = 0;  ///< the task's line in the task file
  Status from = Status::Todo, to = Status::Todo;
  std::string matched_by;  ///< "id" or "text"
};

/// A todo that named no task, and what became of it.
struct TodoUnmatched {
  std::size_t todo = 0;                  ///< index into TodoList::items
  std::string text;                      ///< the todo's, on one line
  Status status = Status::Todo;          ///< the todo's
  std::optional<std::size_t> resembles;  ///< a task of similar wording, not taken as a match
  std::string resembles_id;              ///< that task's id, or `#N` (its ordinal)
  bool added = false;                    ///< TodoSyncMode::Add: it became a task
  std::string added_id;                  ///< the new task's id (empty when its neighbours have none)
};

/// A matched todo that moves nothing: the task is already as far along, or the todo's status is
/// not one the sync carries (cancelled, blocked, other).
struct TodoKept {
  std::size_t task = 0, todo = 0;
  std::string id, title;  ///< the task's
  std::uint32_t line = 0;
  std::string reason;  ///< "already done", "cancelled in the todo list: not carried", ...
};

struct TodoSync {
  TodoSyncMode mode = TodoSyncMode::Mark;
  std::vector<Edit> edits;  ///< byte patches to the task file, not overlapping; empty: no change
  std::vector<TodoSyncChange> changed;
  std::vector<TodoKept> kept;
  std::vector<TodoUnmatched> unmatched;
  /// A note for each unmatched todo (`todo-unmatched`), at the last top-level task of the file.
  std::vector<Diagnostic> diagnostics;
};

/// The sync of `todos` into the task file `tasks` (parsed with `statuses`).
TodoSync sync_todos(const Document& tasks, const TodoList& todos, TodoSyncMode mode,
                    const StatusMap& statuses = {});

}  // namespace wildplan
