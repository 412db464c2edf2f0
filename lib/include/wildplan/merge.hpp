#pragma once
// Merge: a three-way merge of task files by task identity (git's custom merge driver,
// `wildplan merge-driver`).
//
// Tasks are matched base -> ours and base -> theirs by diff_plans(), the one task identity. Each
// task line is merged by its parts (list marker and indentation, box, text, fields): a part one
// side changed takes that side's change; two boxes moved differently take the one further along
// (todo < in progress < done), and a cancelled, blocked or unknown box against a different change
// is a conflict; two texts changed differently, or a task one side deleted and the other changed,
// leave git's conflict markers around that one task line. Tasks either side added are all kept.
// Everything that is not a task line merges as git's own text merge does (libgit2's
// git_merge_file over the three files with each task line stood in for by its identity), and
// where that leaves a conflict git's merge of the files themselves does not, git's merge is the
// result: the merge is never worse than git's. Bytes nothing changed stay as they were.
//
// Errors: input problems are values (conflicts, notes); a libgit2 that cannot be loaded throws
// wildplan::Error.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wildplan/diagnostic.hpp"
#include "wildplan/git.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/render.hpp"
#include "wildplan/source.hpp"

namespace wildplan {

struct MergeOptions {
  StatusMap statuses;        ///< the configuration's box characters
  std::string path;          ///< the file's name in messages (git's %P); empty: ours's name
  unsigned marker_size = 7;  ///< conflict marker length (git's %L), 1 to 1024
  std::string ours_label = "ours", theirs_label = "theirs";  ///< after `<<<<<<<` and `>>>>>>>`
};

/// What the merge did with one task.
enum class TaskMergeAction {
  Ours,          ///< changed on our side only: ours taken
  Theirs,        ///< changed on their side only: theirs taken
  Combined,      ///< changed on both sides, alike or in different parts: both taken
  FurtherAlong,  ///< both sides moved the box: the one further along taken
  Added,         ///< added by `side`
  Deleted,       ///< deleted by `side` (the other left it as it was)
  Kept,          ///< deleted by one side, moved by the other: kept where the other put it
  Conflict,      ///< left between conflict markers (see MergeConflict)
};

enum class MergeSide { Ours, Theirs, Both };

/// "ours", "theirs", "combined", "further-along", "added", "deleted", "kept", "conflict".
const char* to_string(TaskMergeAction a);
/// "ours", "theirs", "both".
const char* to_string(MergeSide s);

struct TaskMerge {
  TaskMergeAction action = TaskMergeAction::Ours;
  MergeSide side = MergeSide::Both;               ///< whose change (added, deleted: who did it)
  std::optional<std::size_t> base, ours, theirs;  ///< indexes into each side's tasks
  std::string id, title;   ///< as the result (else ours, else theirs, else base) has them
  std::uint32_t line = 0;  ///< 1-based, in the result; 0 when the task is not in it
};

enum class ConflictKind {
  TaskText,        ///< both sides changed the text (or fields, or marker) of a task differently
  TaskStatus,      ///< both moved the box differently, one of them cancelled, blocked or unknown
  DeletedChanged,  ///< one side deleted a task the other changed
  Text,            ///< lines that are not one task's, changed on both sides (git's conflict)
  Binary,          ///< a side holds a NUL byte in its first 8,000: git's binary merge, ours kept
};

/// "task-text", "task-status", "deleted-changed", "text", "binary".
const char* to_string(ConflictKind k);

struct MergeConflict {
  ConflictKind kind = ConflictKind::Text;
  std::uint32_t line = 0, end_line = 0;           ///< the `<<<<<<<` and `>>>>>>>` lines, 1-based
  std::optional<std::size_t> base, ours, theirs;  ///< the task, for a task's conflict
  std::string id, title;                          ///< the task's, for a task's conflict
};

struct MergeResult {
  std::string bytes;             ///< the merged file, conflict markers included
  std::vector<TaskMerge> tasks;  ///< every task a side added, deleted or changed, in result order
                                 ///< (tasks no longer in the result last)
  std::vector<MergeConflict> conflicts;  ///< in result order
  /// Notes: an id both sides added (both tasks kept), a merge taken from git's text merge.
  std::vector<Diagnostic> diagnostics;
  bool by_task = true;  ///< false: merged as git merges text (see the notes for why)
  bool clean() const { return conflicts.empty(); }
};

/// Merges `ours` and `theirs`, both descended from `base`. Never throws on input; throws Error
/// only when libgit2 cannot be loaded.
MergeResult merge_task_files(const Source& base, const Source& ours, const Source& theirs,
                             const MergeOptions& options = {});

/// The merge report: one summary line (`tasks.md: merged by task: ...`), then each conflict and
/// note as a diagnostic line (`tasks.md:14:1: error: ... [merge-task-text]`).
std::string render_merge_text(const MergeResult& result, const std::string& file,
                              TextStyle style = {});
/// The merge document: `{version, kind: "merge", file, clean, by_task, counts, tasks[],
/// conflicts[], diagnostics[]}`.
void write_merge_json(const MergeResult& result, const std::string& file, const Sink& sink);

// Registration: git runs `merge.wildplan.driver` for the paths whose `merge` attribute is
// `wildplan`.

/// What became of one thing a registration writes or removes.
enum class RegistrationOutcome { Added, Unchanged, Updated, Removed, Absent };

/// "added", "unchanged", "updated", "removed", "absent".
const char* to_string(RegistrationOutcome o);

struct RegistrationEntry {
  std::string file;   ///< the configuration file, or the attributes file
  std::string key;    ///< `merge.wildplan.driver`, or the attribute line's pattern
  std::string value;  ///< the value, or the whole attribute line
  RegistrationOutcome outcome = RegistrationOutcome::Added;
};

struct MergeDriverRegistration {
  std::vector<RegistrationEntry> config;      ///< merge.wildplan.name and .driver
  std::vector<RegistrationEntry> attributes;  ///< one per attribute line
};

/// The command line git runs: `<program> merge-driver --marker-size=%L %O %A %B %P`.
std::string merge_driver_command(const std::string& program);

/// The attribute pattern for a task-file glob (`*` within one directory, as `task_files` reads
/// it): anchored at the top (`/tasks.md`), runs of `*` made one, quoted when it holds a blank.
std::string attribute_pattern(std::string_view glob);

/// Writes `merge.wildplan.name` and `merge.wildplan.driver` (running `command`) into the
/// repository's own configuration (`<commondir>config`, which every linked worktree shares)
/// with libgit2, and `<pattern> merge=wildplan` for each of `task_files` into `.gitattributes`
/// at the work tree's top (`local`: `<commondir>info/attributes`). What is there already is
/// left as it is. Throws Error when a file cannot be read or written.
MergeDriverRegistration install_merge_driver(const RepositoryInfo& repo,
                                             const std::vector<std::string>& task_files,
                                             const std::string& command, bool local);
/// Removes what install_merge_driver() writes: the two settings, and every line that is a
/// pattern and `merge=wildplan` alone from `.gitattributes` and `info/attributes` (a file left
/// empty is removed).
MergeDriverRegistration uninstall_merge_driver(const RepositoryInfo& repo);

/// The registration as text: a line per setting and per attribute line, saying what became of it.
std::string render_merge_driver_text(const MergeDriverRegistration& r);
/// The registration document: `{version, kind: "merge-driver", action, config[], attributes[]}`.
void write_merge_driver_json(std::string_view action, const MergeDriverRegistration& r,
                             const Sink& sink);

}  // namespace wildplan
