#pragma once
// History: how a task file went, commit by commit (`wildplan history`).
//
// history() walks the commits of a repository that changed the task file (first parents by
// default), parses the file at each with the configuration's status map, and compares each
// version with the one before it with diff_plans(), the one task identity. It returns a typed
// timeline: per entry the commit, its time, the loop's trailers (Wild-Session, Wild-Iteration),
// the counts by status and the task changes; per task its track across the entries (when it was
// added, started, done, removed); a summary; and, when asked, whether the loop has stalled.
//
// The entries are the commits whose version of the file differs from the version before (added,
// modified, deleted), and the loop's own iteration commits (a Wild-Iteration trailer, of the
// file's session) that left the file as it was: an iteration that did not touch tasks.md made no
// progress, and a stall check has to see it. Commits whose file is the same blob as before are
// never parsed again, so walking thousands of commits costs a tree lookup each.
//
// Errors: a repository that cannot be opened, a revision that does not exist, a file outside the
// work tree throw wildplan::Error. The task file's own problems are not errors here: each version
// is read as `parse_plan` reads it.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "wildplan/diff.hpp"
#include "wildplan/plan.hpp"

namespace wildplan {

struct HistoryRequest {
  std::string repo = ".";  ///< a directory inside the repository
  /// The task file: a path relative to the current directory, or absolute; it need not exist in
  /// the work tree any more. Must lie inside the work tree.
  std::string file;
  /// The loop's session: the iteration commits that count as entries are those whose
  /// Wild-Session trailer names it. Default: the Wild-Session of the latest commit that changed
  /// the file and has one (none: only the commits that changed the file are entries).
  std::optional<std::string> session;
  /// A revision: only the commits after it (as `git log REV..`); the file at REV is the version
  /// the first entry is compared with.
  std::optional<std::string> since;
  bool all_parents = false;  ///< walk every parent of a merge, not only the first
  StatusMap statuses;        ///< how boxes read (Config::statuses)
  /// N: judge whether the last N iterations stalled (History::stall); 0 is taken as 1.
  std::optional<std::size_t> stalled;
};

/// What the file was at an entry's commit, against the version before.
enum class FileDelta {
  Added,      ///< the file appears (first version, or back after a deletion)
  Modified,   ///< another blob than before
  Deleted,    ///< no file at this commit; every task removed
  Unchanged,  ///< a loop iteration commit that left the file as it was
};

/// "added", "modified", "deleted", "unchanged".
const char* to_string(FileDelta c);

/// One task's change between two versions, as `diff --json` reports it, with its track.
struct HistoryChange {
  ChangeKind kind = ChangeKind::Added;
  std::size_t task = 0;  ///< index into History::tasks
  std::string id;        ///< the task's id in the new version (the old one's when removed)
  std::string title;     ///< likewise
  std::optional<std::uint32_t> old_line, new_line;              ///< 1-based lines in each version
  Status from_status = Status::Todo, to_status = Status::Todo;  ///< StatusChanged
  std::string old_title;                                        ///< Reworded: the title before
  std::string old_id;  ///< Renumbered: the id before
  std::string from_phase, to_phase;  ///< Moved: the phase numbers ("-" outside phases)
};

/// The changes of one entry, counted. A status change counts by the status it reaches.
struct ChangeTally {
  std::size_t done = 0;       ///< became done
  std::size_t started = 0;    ///< became in progress
  std::size_t cancelled = 0;  ///< became cancelled
  std::size_t blocked = 0;    ///< became blocked
  std::size_t reopened = 0;   ///< became todo (or an unknown status) again
  std::size_t added = 0, removed = 0, reworded = 0, renumbered = 0, moved = 0, fields = 0;
  std::size_t dropped = 0;  ///< of the removed: neither done nor cancelled when they went
  /// Tasks that moved forward: todo, blocked or other -> in progress -> done or cancelled.
  std::size_t advanced = 0;
};

struct HistoryEntry {
  std::string commit;     ///< the commit's hex id
  std::string subject;    ///< the first line of its message, as written
  std::int64_t time = 0;  ///< committer time, seconds since the epoch
  int offset = 0;         ///< the committer's time zone, minutes east of UTC
  /// Seconds since the previous entry's commit (for the first entry: since the `since` commit);
  /// none for the first entry without `since`.
  std::optional<std::int64_t> since_previous;
  std::optional<std::string> session;     ///< the Wild-Session trailer
  std::optional<std::int64_t> iteration;  ///< the Wild-Iteration trailer, when a number
  FileDelta file = FileDelta::Modified;
  /// The plan was rewritten rather than worked on: the file is still there, tasks were removed
  /// or reworded, and the tasks added, removed and reworded together are at least 3 and a
  /// quarter of the tasks before. (The loop's replan commit carries no trailer saying so.)
  bool replan = false;
  std::array<std::size_t, kStatusCount> counts{};  ///< tasks by status, as Plan::counts()
  std::vector<HistoryChange> changes;              ///< in diff_plans()'s order
  ChangeTally tally;

  std::size_t total() const;
  std::size_t count(Status s) const { return counts[static_cast<int>(s)]; }
};

/// One task across the history: the chain of its matches from version to version.
struct TaskTrack {
  std::string id, title;               ///< as last seen
  Status status = Status::Todo;        ///< as last seen
  std::size_t added = 0;               ///< the entry it first appears in
  std::optional<std::size_t> started;  ///< the entry it was last put in progress
  std::optional<std::size_t> done;     ///< the entry it became done (none when reopened since)
  std::optional<std::size_t> removed;  ///< the entry it vanished in
  /// Its status from each entry on: (entry, status), the first at `added`.
  std::vector<std::pair<std::size_t, Status>> states;

  /// Still in the file, neither done nor cancelled.
  bool open() const;
  /// Removed while neither done nor cancelled.
  bool vanished() const;
};

struct HistorySummary {
  std::size_t planned_first = 0;         ///< tasks of the first entry
  std::size_t added_later = 0;           ///< tasks that appeared after it
  std::size_t dropped = 0;               ///< tasks removed without being done or cancelled
  std::size_t done = 0;                  ///< tasks done in the last entry
  std::size_t total = 0;                 ///< tasks in the last entry
  std::vector<std::size_t> no_progress;  ///< entries after the first where no task advanced
  /// The task open longest: from the entry it appeared in to the one it was done, cancelled or
  /// removed in, or to the last entry when it still is open (index into History::tasks).
  std::optional<std::size_t> longest_open;
  std::size_t longest_open_entries = 0;   ///< how many entries later it closed (or the last)
  std::int64_t longest_open_seconds = 0;  ///< how long, by the commits' times
  bool longest_open_still = false;        ///< still open in the last entry
  std::vector<std::size_t> vanished;      ///< tasks removed without being done (indexes)
};

enum class StallKind {
  NoProgress,  ///< no task advanced in the last N entries, and open tasks remain
  Stuck,       ///< a task has been in progress for N entries
  Churn,       ///< tasks keep being added and dropped again (see StallCheck)
};

/// "no-progress", "stuck", "churn".
const char* to_string(StallKind k);

struct StallReason {
  StallKind kind = StallKind::NoProgress;
  std::string message;              ///< one sentence
  std::optional<std::size_t> task;  ///< Stuck: the task (index into History::tasks)
};

/// Whether the last `window` entries (the iterations of a loop) went anywhere. The window leaves
/// out the first entry (the plan itself). Churn: tasks that appeared within the window and
/// vanished again within it, undone (removed while neither done nor cancelled), outnumber the
/// tasks that advanced in it; a replan that drops tasks planned long before is not churn, a loop
/// that keeps adding tasks and dropping them again is.
struct StallCheck {
  std::size_t window = 0;
  bool stalled() const { return !reasons.empty(); }
  std::vector<StallReason> reasons;
  std::size_t advanced = 0;  ///< tasks that advanced in the window
  std::size_t added = 0;     ///< tasks added in the window
  std::size_t dropped = 0;   ///< tasks removed undone in the window
  std::size_t churned = 0;   ///< of those, the ones added in the window too
};

struct History {
  std::string file;        ///< the task file, relative to the work tree's top, '/'-separated
  std::string repository;  ///< the work tree's top, with a final '/'
  std::optional<std::string> session;  ///< whose iteration commits count (see HistoryRequest)
  std::optional<std::string> since;    ///< the `since` commit's hex id
  bool all_parents = false;
  std::size_t commits_walked = 0;     ///< commits read, entries or not
  std::vector<HistoryEntry> entries;  ///< oldest first
  std::vector<TaskTrack> tasks;       ///< in order of first appearance
  HistorySummary summary;
  std::optional<StallCheck> stall;  ///< when HistoryRequest::stalled was given
};

/// The timeline of `request.file`; see the top of this header. Throws Error on failures of the
/// repository or the request (a revision that does not exist, a file outside the work tree).
History history(const HistoryRequest& request);

/// Judges the last `window` entries of `h` (window 0 is taken as 1): the StallKinds.
StallCheck check_stalled(const History& h, std::size_t window);

}  // namespace wildplan
