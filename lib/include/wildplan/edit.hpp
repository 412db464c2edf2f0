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

/// The edit that puts `| key: value` on the task's first line: the existing field's value is
/// replaced, or the field is appended to the line. Line breaks and `|` in `value` become spaces.
Edit set_field(const Source& src, const Task& task, std::string_view key, std::string_view value);

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

/// A new todo task `text`, placed by `where` (default: after the last top-level task), written
/// like its neighbours: list marker, indentation, line end and id scheme (the next `Task N`,
/// `[Pn-Tm]`, `T0NN` or `N.M`). Throws Error when the placement names no place.
NewTask add_task(const Source& src, const Plan& plan, std::string_view text,
                 const Placement& where);

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
};

/// The byte patches a status edit makes, and the tasks it names.
struct StatusEdit {
  std::vector<Edit> edits;            ///< empty: the file stays as it is
  std::vector<StatusChange> changes;  ///< each task once, in the order named
};

/// The edits that carry out `request` on `src`, parsed as `plan`: each named task's box becomes
/// the one `statuses` writes for the target (a task already there keeps its byte). Throws Error
/// when a reference names no task or several (naming the candidates), when no task is named,
/// and when no box character means the target status in `statuses`.
StatusEdit status_edit(const Source& src, const Plan& plan, const StatusRequest& request,
                       const StatusMap& statuses);

/// What a status edit did to its file.
struct EditOutcome {
  std::string file;
  bool written = false;
  std::vector<StatusChange> changes;  ///< in the order the tasks were named
  bool dry_run = false;
  std::string diff;  ///< dry_run: the unified diff of what would change (empty: nothing)
};

/// What `add` did to its file.
struct AddOutcome {
  std::string file;
  bool written = false;
  std::string id;  ///< the new task's id; empty when its neighbours have none
  std::uint32_t line = 0;
  bool dry_run = false;
  std::string diff;  ///< dry_run: the unified diff of what would change
};

}  // namespace wildplan
