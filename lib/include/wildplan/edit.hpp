#pragma once
// Edits: byte patches to a task file. A status change rewrites only the box character of one
// item; adding a task inserts one line in the style of its neighbours; every other byte (line
// ends, BOM, tabs, trailing spaces, non-ASCII text, a missing final newline) stays as it was.
// Writing them to disk safely is update_file()'s job.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wildplan/diagnostic.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/rules.hpp"
#include "wildplan/source.hpp"

namespace wildplan {

/// The task a reference names, or why none (with the candidates, never a guess).
struct Resolution {
  std::optional<std::size_t> index;     ///< into Plan::tasks
  std::string error;                    ///< empty when resolved
  std::vector<std::size_t> candidates;  ///< for an ambiguous reference
};

/// Resolves `ref`: an id as written (`Task 3`, `P1-T2`, `T001`, `8.5`) or its number (`3` finds
/// `Task 3`, case-insensitive), `#N` for the N-th task in file order; with `match`, a unique
/// case-insensitive substring of the task's text.
Resolution resolve_task(const Plan& plan, std::string_view ref, bool match = false);

/// A byte patch: replace `span` with `text`.
struct Edit {
  Span span;
  std::string text;
};

/// `bytes` with `edits` applied (they must not overlap).
std::string apply_edits(std::string_view bytes, std::vector<Edit> edits);

/// The edit that writes `box` into the task's box: one byte.
Edit set_box(const Task& task, char box);

/// A field to write on a task's line: `key: value`.
struct FieldValue {
  std::string key, value;
};

/// `key: value` as a field is written: line breaks and `|` in `value` become spaces, and runs of
/// blanks one space.
std::string field_text(std::string_view key, std::string_view value);

/// Whether `key` reads as a field's key: a letter, then letters, digits, `-` or `_`.
bool is_field_key(std::string_view key);

/// The edit that puts `| key: value` on the task's first line: the existing field's value is
/// replaced, or the field is appended to the line. Line breaks and `|` in `value` become spaces.
Edit set_field(const Source& src, const Task& task, std::string_view key, std::string_view value);

/// The edit that takes the field `key` (case-insensitive), its bar and the blanks before the bar
/// off the task's line; none when the task has no such field.
std::optional<Edit> remove_field(const Source& src, const Task& task, std::string_view key);

/// Where add_task puts the new line.
struct Placement {
  std::optional<std::string> phase;  ///< after the last task of this phase
  std::optional<std::size_t> after;  ///< after this task (and its subtasks)
  std::optional<std::size_t> under;  ///< as the last subtask of this task
};

struct NewTask {
  Edit edit;       ///< one inserted line
  std::string id;  ///< its id, in the scheme of its neighbours; empty when they have none
  std::uint32_t line = 0;
};

/// A new todo task `text` with `fields`, placed by `where` (default: after the last top-level
/// task), written like its neighbours: list marker, indentation, line end and id scheme (`Task N`,
/// `[Pn-Tm]`, `T0NN` or `N.M`). The id is one that validate's task-id-sequence accepts where the
/// line lands: the number after the one before it, or, when that is taken, the number before
/// with a letter (`Task 2a`). Throws Error when the placement names no place.
NewTask add_task(const Source& src, const Plan& plan, std::string_view text,
                 const Placement& where, const std::vector<FieldValue>& fields = {});

/// The fields each top-level task of this file must have by its profile: `deliverable` and
/// `done-when` in a v2-phased plan (the configuration's profile, else the one its shape asks
/// for), unless the configuration switches `missing-field` off; none otherwise.
std::vector<std::string> required_fields(const Plan& plan, const Config& config);

/// A task as the edit documents name it: what the JSON documents' common `task` holds.
struct TaskSummary {
  std::size_t ordinal = 0;
  std::string id, title;
  Status status = Status::Todo;
  char marker = ' ';
  std::optional<std::string> phase;
  int depth = 0;
  std::uint32_t line = 0;
};
TaskSummary summarize(const Plan& plan, std::size_t index);

/// For each task, the tasks its dependencies name (indices into Plan::tasks), each reference
/// read as resolve_task() reads it; a reference that names no task, or several, is left out.
std::vector<std::vector<std::size_t>> dependency_targets(const Plan& plan);

/// A task with what surrounds it: what `show` prints.
struct TaskDetails {
  std::size_t index = 0;  ///< into Plan::tasks
  struct Dependency {
    std::string ref;                  ///< as written
    std::optional<std::size_t> task;  ///< the task it names; none when it names none or several
  };
  std::vector<Dependency> depends;
  std::vector<std::size_t> dependents;  ///< the tasks whose dependencies name this one
  std::vector<std::size_t> subtasks;    ///< its direct subtasks
};
TaskDetails task_details(const Plan& plan, std::size_t index);

/// What removing a task takes: its lines, with its subtasks and continuation lines.
struct Removal {
  Edit edit;                            ///< whole lines, their line ends included
  std::vector<std::size_t> removed;     ///< the task and its subtasks, in file order
  std::vector<std::size_t> dependents;  ///< other tasks whose dependencies name one of them
};
/// The removal of task `index`. A last line without a line end stays without one. Throws Error
/// when the rest of the file would read differently without it (a continuation the parser gave
/// another task, say): nothing is removed then.
Removal remove_task(const Source& src, const Plan& plan, std::size_t index);

/// Where `move` puts a task: after a task (and its subtasks), or last in a phase.
struct MoveTarget {
  std::optional<std::size_t> after;
  std::optional<std::string> phase;
};

/// The file after moving task `index` with its subtasks and continuation lines: its lines are
/// cut and inserted at `to`, re-indented to their new list level, the first line's list marker
/// made the new neighbours' (so that it joins their list); every other line stays. `line` is the
/// moved task's new line. Throws Error when `to` lies inside the moved task or names no place,
/// or when the result would not read as the same tasks in the new order.
struct Moved {
  std::string bytes;
  std::uint32_t line = 0;
};
Moved move_task(const Source& src, const Plan& plan, std::size_t index, const MoveTarget& to);

/// What `edit` changes on a task's line.
struct TaskChange {
  std::optional<std::string> text;                  ///< the new title (id, markers, fields kept)
  std::vector<FieldValue> fields;                   ///< set; an empty value removes the field
  std::optional<std::vector<std::string>> depends;  ///< the `depends:` field; empty removes it
};
/// The byte patches of `change` on task `index`, all on its first line. Throws Error when the
/// text is empty or holds a line break, a key is no field key, or the line would not read back
/// as asked (text that would become a field, say).
std::vector<Edit> edit_task(const Source& src, const Plan& plan, std::size_t index,
                            const TaskChange& change);

/// A unified diff of two versions of a file (what `--dry-run` prints); empty when equal.
std::string unified_diff(std::string_view name, std::string_view before, std::string_view after);

/// Options of update_file().
struct LockOptions {
  std::chrono::milliseconds timeout{5000};  ///< how long to wait for a held lock
  bool create = false;  ///< a missing file is created (its directory too), `change` sees it empty
};

/// Changes a file under git's lockfile protocol: create `<file>.lock` exclusively (O_CREAT |
/// O_EXCL, the file's mode), read the file and call `change` under the lock, write what it
/// returns into the lock file, fsync it, rename it over the file, fsync the directory. A held
/// lock is waited for with bounded back-off, then Error names it (and its age). When `change`
/// returns nothing, the file is left alone. A symlink is followed: its target changes, the link
/// stays. A writer killed at any point leaves the old file or the new one, never a mix. Returns
/// whether the file was written.
///
/// `change` is told whether the file existed, as seen under the lock (with
/// LockOptions::create, a missing file reads as empty): a decision that depends on it (write a
/// plan over a missing file, keep one that is there) is taken where no other writer can
/// create the file in between.
bool update_file(const std::string& path,
                 const std::function<std::optional<std::string>(const Source&, bool existed)>&
                     change,
                 const LockOptions& options = {});
/// The same, for a change that does not need to know.
bool update_file(const std::string& path,
                 const std::function<std::optional<std::string>(const Source&)>& change,
                 const LockOptions& options = {});

/// One task a status edit named (`check`, `start`, `set`...): what it was and what it becomes.
struct StatusChange {
  std::size_t ordinal = 0;
  std::string id, title;
  Status from = Status::Todo, to = Status::Todo;
  std::uint32_t line = 0;
  bool changed() const { return from != to; }
};

/// A status edit (`check`, `start`, `set`...): the tasks it names, the status they get, and a
/// reason to write on each task's line.
struct StatusRequest {
  std::vector<std::string> ids;      ///< references, as resolve_task() reads them
  std::vector<std::string> matches;  ///< unique case-insensitive pieces of a task's text
  Status target = Status::Done;
  std::optional<std::string> reason;  ///< written as `| reason: ...` (set_field)
  bool force = false;                 ///< done even when cancelled, blocked or waiting
};

/// A finding about the file as an edit leaves it, as validate would report it.
struct EditWarning {
  std::string rule;  ///< "task-multiple-in-progress", "parent-done-child-open"
  std::string message;
};

/// The byte patches a status edit makes, and the tasks it names.
struct StatusEdit {
  std::vector<Edit> edits;            ///< empty: the file stays as it is
  std::vector<StatusChange> changes;  ///< each task once, in the order named
  std::string refused;                ///< why nothing is done (then `edits` is empty)
  std::vector<EditWarning> warnings;  ///< what validate will say of the result
};

/// The edits that carry out `request` on `src`, parsed as `plan`: each named task's box becomes
/// the one `statuses` writes for the target (a task already there keeps its byte). A task that
/// leaves cancelled or blocked for todo, in progress or done loses its `reason:` field (unless
/// the request writes one). Marking done a cancelled or blocked task, or one whose dependencies
/// are not all done or cancelled (the tasks named with it count as done), is refused, naming
/// each such task, unless `request.force`. Warns of a second task in progress and of a task
/// done with open subtasks. Throws Error when a reference names no task or several (naming the
/// candidates), when no task is named, and when no box character means the target status in
/// `statuses`.
StatusEdit status_edit(const Source& src, const Plan& plan, const StatusRequest& request,
                       const StatusMap& statuses);

/// What a status edit did to its file.
struct EditOutcome {
  std::string file;
  bool written = false;
  std::vector<StatusChange> changes;  ///< in the order the tasks were named
  bool dry_run = false;
  std::string diff;  ///< dry_run: the unified diff of what would change (empty: nothing)
  std::string refused;                ///< why nothing was changed (status_edit's refusal)
  std::vector<EditWarning> warnings;  ///< what validate will say of the result
};

/// What `add` did to its file.
struct AddOutcome {
  std::string file;
  bool written = false;
  std::string id;  ///< the new task's id; empty when its neighbours have none
  std::uint32_t line = 0;
  bool dry_run = false;
  std::string diff;  ///< dry_run: the unified diff of what would change
  std::string refused;  ///< why nothing was added (fields the profile requires, say)
};

/// What `remove`, `move` or `edit` did to its file.
struct TaskEditOutcome {
  std::string file;
  bool written = false;
  std::vector<TaskSummary> tasks;       ///< removed (as they were), moved or edited (as they are)
  std::vector<TaskSummary> dependents;  ///< remove: the tasks that depend on those removed
  std::string refused;                  ///< why nothing was done; empty when it was
  bool dry_run = false;
  std::string diff;  ///< dry_run: the unified diff of what would change
};

/// Reads `path` and, with `dry_run`, gives the unified diff of what `change` would make of it;
/// otherwise changes it under its lock (update_file). `change` returns nothing to leave the file
/// as it is. Returns whether the file was written and, for a dry run, the diff.
struct FileChange {
  bool written = false;
  std::string diff;
};
FileChange change_file(const std::string& path,
                       const std::function<std::optional<std::string>(const Source&)>& change,
                       bool dry_run, const LockOptions& options = {});

}  // namespace wildplan
