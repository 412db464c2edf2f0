#pragma once
// The loop's post-iteration step. decide_tasks() is the policy: what tasks.md becomes, given the
// reply's plan, the iteration and --replan. apply_reply() is the whole step the loop calls after
// every iteration: read the reply, extract, decide and write tasks.md under its lock, validate,
// commit; it always returns an outcome (what it did, and what failed, if anything), so that the
// caller can report all of it. The commit message helpers keep untrusted text out of trailers.

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wildplan/diff.hpp"
#include "wildplan/document.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/git.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/prompt.hpp"
#include "wildplan/rules.hpp"
#include "wildplan/source.hpp"
#include "wildplan/todos.hpp"
#include "wildplan/workspace.hpp"

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
  StatusMap statuses;   ///< how boxes read (Config::statuses): the merge is read back with it
};

struct TasksDecision {
  TasksAction action = TasksAction::Kept;
  std::string reason;                ///< one sentence, for the report
  std::optional<std::string> bytes;  ///< what tasks.md becomes, when it changes
  /// tasks.md as it was (`before`) against the reply's plan (`after`, in the reply's own
  /// positions), when there are both and tasks.md is not the loop's placeholder: the drift the
  /// loop sees, and what a replan merges.
  std::optional<Comparison> drift;
  std::vector<std::size_t> removed;    ///< replan: open tasks of drift->before the plan left out
  std::vector<std::size_t> preserved;  ///< replan: tasks of drift->before the plan left out, kept
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
/// `plan` and `tasks_md` were parsed with the same status map, `options.statuses`.
TasksDecision decide_tasks(const Document* plan, const Document* tasks_md,
                           const DecideOptions& options = {});

/// True when `plan` is the loop's placeholder task list.
bool is_loop_placeholder(const Plan& plan);

/// One line of untrusted text for a commit: control characters dropped, every run of
/// whitespace (line breaks included) one space, trimmed.
std::string sanitize_line(std::string_view text);

/// `wild-v2: iteration N — <goal>`, the goal cut at a word boundary with an ellipsis so that
/// the subject stays within 72 characters; `wild-v2: iteration N` when the goal is empty.
std::string commit_subject(int iteration, std::string_view goal);

/// `subject`, a blank line, and `Key: value` trailers (keys and values sanitised; a trailer
/// that would be empty is left out).
std::string commit_message(std::string_view subject,
                           const std::vector<std::pair<std::string, std::string>>& trailers);

/// What the loop asks of apply_reply(): the CLI's `apply` options.
struct ApplyRequest {
  std::string reply;                  ///< the agent's reply (a path; "-": standard input)
  std::optional<std::string> prompt;  ///< the prompt the loop sent (ExtractOptions::prompt)
  /// Or the prompt as a template (prompt.hpp), rendered with `template_values`: its errors fail
  /// the "prompt" step.
  std::optional<std::string> prompt_template;
  std::vector<TemplateValue> template_values;
  InputFormat input_format = InputFormat::Auto;  ///< text, a JSON-lines transcript, or as it looks
  /// The task file; when none, `.agents/wild/<session>/tasks.md` at the top of the repository
  /// holding `repo`, else as locate() finds it from `repo` (workspace.hpp), else a new
  /// `tasks.md` there.
  std::optional<std::string> tasks;
  std::optional<std::string> session;  ///< the session id: the task file's place, a trailer
  std::string repo = ".";              ///< a directory inside the repository
  std::optional<std::string> config;   ///< else `.wildplan.json` found upward from the task file
  /// The rules tasks.md is held to. None: the configuration's profile, else the loop's own
  /// (v2-phased for a phased plan, else v2-planning): a plan that leaves out a section does
  /// not escape the loop's rules by looking generic.
  std::optional<Profile> profile;
  std::optional<std::string> goal;     ///< goal-mismatch, and the commit subject
  std::optional<std::string> author;   ///< "Name <email>" for the commit
  int iteration = 0;                   ///< 0 plans (a missing <plan> is an error); see decide_tasks
  bool replan = false;
  bool commit = false;         ///< commit the work tree afterwards
  bool from_snapshot = false;  ///< leave out what the snapshot holds, then renew it
  /// CommitRequest::exclude, after the configuration's "commit": {"exclude": [...]}
  std::vector<std::string> exclude;
  bool fail_on_error = false;  ///< do not commit when the validation finds errors
  /// Carry the reply's todo list (a transcript's todo tool calls) into the task file
  /// (sync_todos()); none: the todo list is only compared with the plan (plan-todos-differ).
  std::optional<TodoSyncMode> sync_todos;
  /// How long to wait for a held lock: tasks.md's, then the index's.
  std::chrono::milliseconds lock_timeout{5000};
};

/// What failed: the step that could not be done, and why (an environment failure, or a
/// request that cannot be carried out).
struct ApplyError {
  /// "request", "reply", "prompt", "config", "tasks", "repository", "commit", "snapshot"
  std::string stage;
  std::string message;
};

/// Everything apply_reply() did, found and decided, whatever failed.
struct ApplyOutcome {
  int iteration = 0;
  std::optional<Reply> reply;  ///< the reply read and extracted; none when it could not be
  std::string tasks_path;      ///< the task file (locate()); empty when not found
  TaskFileOrigin tasks_origin = TaskFileOrigin::Named;
  bool existed = false;  ///< tasks.md existed, seen under its lock
  bool written = false;  ///< tasks.md was written
  TasksDecision decision;
  std::optional<Document> tasks;  ///< tasks.md as apply left it (none: there is none)
  std::optional<Validation> validation;
  std::optional<TodoSync> todo_sync;  ///< ApplyRequest::sync_todos: what it changed and why
  /// The reply's (a missing plan is an error at iteration 0, a note after), positioned in
  /// reply->text(); then tasks.md's, positioned in `tasks`. When the configuration is invalid,
  /// its own, and nothing else.
  std::vector<Diagnostic> diagnostics;
  std::size_t reply_diagnostics = 0;  ///< how many of `diagnostics`, at the front, are the reply's
  std::optional<CommitResult> commit;  ///< the commit made (or "nothing to commit")
  std::string commit_reason;           ///< why nothing was committed; empty when committed
  bool snapshot_renewed = false;       ///< from_snapshot: the snapshot now starts after it
  std::optional<ApplyError> error;     ///< the failure; later steps were not attempted

  /// The reply's line of the chosen plan's opening tag: in a transcript, the JSON line its answer
  /// text came from. 0 when no plan was chosen.
  std::uint32_t plan_line() const;
  /// tasks.md's tasks by status, as apply left it (all zero when there is none).
  std::array<std::size_t, kStatusCount> counts() const;
  bool failed() const { return error.has_value(); }
  bool has_problems() const { return has_errors(diagnostics); }
};

/// The loop's post-iteration step: reads the reply (and the prompt), extracts the plan and the
/// signals, finds the task file and its configuration, decides what tasks.md becomes (reading
/// it under the lock its write takes: decide_tasks), writes it, validates what it now is, and
/// with `commit` commits the work tree (Repository::commit; with `from_snapshot`, renews the
/// snapshot afterwards, so that one `snapshot` at the start of a session serves every
/// iteration). Never throws on a failure of the environment: the outcome's `error` says which
/// step failed, and what was done before it is in the outcome.
ApplyOutcome apply_reply(const ApplyRequest& request);

/// The task to work on next (`wildplan next`), or why there is none.
struct NextTask {
  std::optional<std::size_t> task;  ///< index into Plan::tasks; none: nothing is actionable
  std::string reason;               ///< "in progress", "first open task of phase 2", or why none
};

/// The policy: a task in progress first; otherwise, in the earliest phase that still has open
/// work, the first open task whose dependencies are all done (or cancelled) and whose own
/// subtasks are not open (they come first). Tasks outside phases count as one phase after the
/// numbered ones.
NextTask choose_next(const Plan& plan);

/// How far a group of tasks is (`wildplan status`).
struct Tally {
  std::size_t done = 0, total = 0, cancelled = 0;
  /// Cancelled tasks are out of the denominator: they will never be done.
  std::size_t counted() const { return total - cancelled; }
};

struct Progress {
  Tally all;
  std::vector<Tally> phases;                       ///< one per Plan::phases
  std::array<std::size_t, kStatusCount> counts{};  ///< Plan::counts()
  std::optional<std::size_t> current;  ///< the first task in progress (index into Plan::tasks)
};

Progress plan_progress(const Plan& plan);

}  // namespace wildplan
