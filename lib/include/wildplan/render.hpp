#pragma once
// Renderers: the versioned JSON documents and the human-readable text of wildplan's results.
// The JSON schema is documented in the README; fields are added, never renamed or removed
// without a version bump.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wildplan/diagnostic.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/rules.hpp"

namespace wildplan {

inline constexpr int kJsonVersion = 1;

/// `s` as a JSON string literal, quotes included (invalid UTF-8 becomes U+FFFD).
std::string json_quote(std::string_view s);

struct TextStyle {
  bool color = false;  ///< ANSI colours (the caller decides: a terminal, NO_COLOR...)
};

/// Receives a document piece by piece (a large plan is never held whole in memory).
using Sink = std::function<void(std::string_view)>;

/// The reply document: blocks, selection, the plan's Markdown, signals, diagnostics.
void write_reply_json(const Reply& reply, const Sink& sink);
std::string reply_to_json(const Reply& reply);
/// The plan document of `doc`: title, sections, phases, tasks, counts, and `diagnostics` (what
/// to report: the document's own, and for a reply's plan the reply's before them).
void write_plan_json(const Document& doc, const std::vector<Diagnostic>& diagnostics,
                     const Sink& sink);
/// The same with the document's own diagnostics, as a string.
std::string plan_to_json(const Document& doc);
/// `file:line:col` of byte `offset` of a reply's text; in a transcript, `file:line: text L:C`
/// (the JSON line, and where in its text).
std::string reply_location(const Reply& reply, std::size_t offset);
/// `parse`'s table: ordinal, id, status, phase, title (nested tasks indented), a line per task,
/// then the counts (`5 tasks: 2 done, 3 todo`).
std::string render_plan_table(const Plan& plan);

/// One validated file, for the renderers that report on several.
struct ValidatedFile {
  const Source* source;
  const Validation* result;
};

/// The validation document: per file the profile, its reason, diagnostics and counts.
void write_validation_json(const std::vector<ValidatedFile>& files, const Sink& sink);
/// The validation report as text: per file its diagnostics (each with its source line) and a
/// summary line, `tasks.md: 1 error, 0 warnings (profile v2-planning: Goal and Tasks sections)`.
void write_validation_text(const std::vector<ValidatedFile>& files, TextStyle style,
                           const Sink& sink);
/// Where the paths a code scanning report shows are relative to: `root`, the repository's work
/// tree (outside a repository, the current directory); a relative file name is taken relative
/// to `cwd`. Both absolute. Left empty, file names are taken as relative to the root already.
struct ReportRoot {
  std::string cwd;
  std::string root;
};

/// SARIF 2.1.0, as GitHub code scanning takes it: every rule with its name, descriptions, help
/// and default level; a result per diagnostic with a URI relative to %SRCROOT% (`where.root`), a
/// region (line 1 for a finding about the whole file; columns in Unicode code points) and a
/// fingerprint that survives a line move.
void write_sarif(const std::vector<ValidatedFile>& files, const Sink& sink,
                 const ReportRoot& where = {});
/// GitHub Actions workflow commands, one per diagnostic
/// (`::error file=F,line=L,col=C,endLine=L,endColumn=C,title=RULE::message`), escaped as the
/// Actions toolkit escapes them: annotations on a pull request's diff without uploading SARIF.
void write_github_annotations(const std::vector<ValidatedFile>& files, const Sink& sink,
                              const ReportRoot& where = {});


struct ApplyOutcome;  // loop.hpp

/// The apply document, whole on every outcome (an `error` member names the step that failed):
/// the reply's selection and signals, what became of tasks.md and why (with the tasks a replan
/// removed or kept, and how the reply's plan differs from tasks.md), counts, validation,
/// diagnostics, the commit.
void write_apply_json(const ApplyOutcome& outcome, const Sink& sink);
/// The apply report as text: the plan chosen, what became of tasks.md and why, the
/// differences, the diagnostics with their source lines, the commit.
std::string render_apply_text(const ApplyOutcome& outcome, TextStyle style = {});

struct NextTask;         // loop.hpp
struct TaskDetails;      // edit.hpp
struct TaskEditOutcome;  // edit.hpp
struct CommitResult;     // git.hpp
struct Snapshot;         // git.hpp
struct Progress;         // loop.hpp
struct EditOutcome;      // edit.hpp
struct AddOutcome;       // edit.hpp
struct Comparison;       // diff.hpp
enum class HookOutcome;  // git.hpp

/// "1 task", "2 tasks": a count and its noun, in the plural unless it is one.
std::string count_of(std::size_t n, std::string_view noun);

/// The value of the task's `reason:` field; none when it has none.
std::optional<std::string> task_reason(const Task& t);

/// `list` as text: per task its ordinal, box, id, title (subtasks indented) and phase; with
/// colour, the box in its status's colour (done green, in progress yellow, blocked red,
/// cancelled dim, unknown magenta), the id bold, a cancelled title and the phase dim.
std::string render_list_text(const Plan& plan, const std::vector<std::size_t>& shown,
                             TextStyle style = {});
/// `status` as text: the file's bar and figures, one per phase, and the task in progress; with
/// colour, the bars' done part green and the current task's box in its colour.
std::string render_status_text(const Source& src, const Plan& plan, const Progress& progress,
                               TextStyle style = {});
/// `show` as text: the task, its status, reason, phase, line, fields and markers, its parent,
/// each dependency with its status, the tasks waiting on it, its subtasks.
std::string render_show_text(const Source& src, const Plan& plan, const TaskDetails& details,
                             TextStyle style = {});
/// The show document: the task, its text and markers, parent, dependencies (each reference as
/// written and the task it names, or null), dependents and subtasks.
void write_show_json(const Source& src, const Plan& plan, const TaskDetails& details,
                     const Sink& sink);
/// What `remove`, `move` or `edit` did, one line: `verb: #N ID title` (`verb`: "removed",
/// "moved", "edited"); empty when nothing was done.
std::string render_task_edit_text(std::string_view verb, const TaskEditOutcome& outcome);
/// The remove, move and edit documents (`kind`: "remove", "move", "task-edit").
void write_task_edit_json(std::string_view kind, const TaskEditOutcome& outcome,
                          const Sink& sink);

/// The task-state documents, each task as {ordinal, id, status, marker, title, phase, depth,
/// line, depends, fields, reason}. `list`: the tasks `shown` (indices into plan.tasks).
void write_list_json(const Source& src, const Plan& plan, const std::vector<std::size_t>& shown,
                     const Sink& sink);
/// `next`: the task chosen, or null, and the reason.
void write_next_json(const Source& src, const Plan& plan, const NextTask& next, const Sink& sink);
/// `status`: progress overall and per phase, the counts, the task in progress.
void write_status_json(const Source& src, const Plan& plan, const Progress& progress,
                       const Sink& sink);
/// The edit document (`check`, `start`, `uncheck`, `cancel`, `block`, `set`).
void write_edit_json(const EditOutcome& outcome, const Sink& sink);
/// The add document.
void write_add_json(const AddOutcome& outcome, const Sink& sink);
/// The diff document: the goals when they differ, every change task by task.
void write_diff_json(const Comparison& comparison, const Sink& sink);
/// The diff as a changelog: a line per change, `tasks.md:4: todo -> done Task 2 title`.
std::string render_diff_text(const Comparison& comparison);
/// The commit document (`commit`); `reason` says why nothing was committed.
void write_commit_json(const CommitResult& result, std::string_view reason, const Sink& sink);
/// The snapshot document: the repository's work tree, the paths it holds and its patterns.
void write_snapshot_json(std::string_view workdir, const Snapshot& snapshot, const Sink& sink);
/// The hook document: `action` ("install" or "uninstall"), what happened, the hook's path.
void write_hook_json(std::string_view action, HookOutcome outcome, std::string_view path,
                     const Sink& sink);
struct History;  // history.hpp

/// The history document: per entry the commit, time, trailers, counts and changes; each task's
/// track; the summary; the stall check (null when none was asked for).
void write_history_json(const History& history, const Sink& sink);
/// The history as text: a table of the entries within 100 columns (a bar of the tasks by
/// status, scaled to the largest entry; the changes wrapped), the summary, the stall check.
std::string render_history_text(const History& history);
/// A standalone SVG 1.1 document: the tasks by status, stacked per entry, replans and added
/// tasks marked, axes and a legend; readable on light and dark backgrounds.
std::string render_history_svg(const History& history);
/// One self-contained HTML page (no network resource): the SVG, the summary, the entries, and
/// the tasks' timeline.
std::string render_history_html(const History& history);

/// The error document a command prints with --json when it fails without its own document:
/// `{version, kind: "error", error: {code, message}}` (`code`: the exit code).
void write_error_json(int code, std::string_view message, const Sink& sink);

/// `file:line:col: severity: message [rule]`, the source line and a caret under the span. A line
/// longer than 160 bytes is shown cut around the caret, `...` marking each cut.
std::string render_diagnostic(const Source* src, const Diagnostic& d, TextStyle style = {});
/// The same, appended to `out`.
void append_diagnostic(std::string& out, const Source* src, const Diagnostic& d,
                       TextStyle style = {});
/// Many diagnostics of one source, appended to `out` in their order.
void append_diagnostics(std::string& out, const Source* src, std::span<const Diagnostic> ds,
                        TextStyle style = {});

/// The bytes of `text` with control characters, invalid UTF-8 and bidirectional overrides
/// escaped, safe to print on a terminal.
std::string escape_for_terminal(std::string_view text);

}  // namespace wildplan
