// wildplan check|start|uncheck|cancel|block ID... and set ID STATUS: change the box of tasks,
// one byte each, under the file's lock.
#include <memory>

#include "command.hpp"
#include "task_cmd.hpp"
#include "words.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct EditOptions {
  TaskFileOptions file;
  std::vector<std::string> ids;
  std::vector<std::string> matches;
  std::vector<std::string> reason;  // the words after --reason, up to the next option
  std::string set_id, status;  // `set` only
  bool dry_run = false;
  bool force = false;
  double lock_timeout = 5.0;
  Status target = Status::Done;
  const char* verb = "";
};

/// The edits for `o` against the current bytes (status_edit: an unknown or ambiguous reference
/// is an error naming the candidates).
/// The edits for `o` against the current bytes, recorded in `outcome` (status_edit: an unknown
/// or ambiguous reference is an error naming the candidates; a refusal changes nothing).
std::optional<std::string> edit(const EditOptions& o, const Config& config, const Source& src,
                                EditOutcome& outcome) {
  std::optional<std::string> reason;
  if (!o.reason.empty()) reason = join_words(o.reason);
  StatusRequest request{o.ids, o.matches, o.target, reason, o.force};
  StatusEdit e = status_edit(src, parse_tasks(src, config), request, config.statuses);
  outcome.changes = std::move(e.changes);
  outcome.refused = std::move(e.refused);
  outcome.warnings = std::move(e.warnings);
  if (e.edits.empty()) return std::nullopt;
  return apply_edits(src.bytes(), std::move(e.edits));
}

int run_edit(const EditOptions& o, Terminal& term) {
  EditOptions opts = o;
  if (!o.status.empty()) {
    opts.target = status_named(o.status, false);
    opts.ids = {o.set_id};
  }
  const TaskFile tf = find_task_file(opts.file, term);
  EditOutcome outcome;
  outcome.file = tf.path;
  outcome.dry_run = opts.dry_run;
  LockOptions lock;
  lock.timeout = std::chrono::milliseconds(static_cast<long>(opts.lock_timeout * 1000));
  const FileChange done = change_file(
      tf.path, [&](const Source& src) { return edit(opts, tf.config, src, outcome); },
      opts.dry_run, lock);
  outcome.written = done.written;
  outcome.diff = done.diff;
  if (!outcome.refused.empty())
    term.error("not marked done: " + outcome.refused + "; --force marks it done anyway");
  if (outcome.refused.empty()) {
    for (const EditWarning& w : outcome.warnings) term.warning(w.message + " [" + w.rule + "]");
  }
  if (opts.file.json) {
    write_edit_json(outcome, [&](std::string_view s) { term.out(s); });
  } else if (opts.dry_run) {
    term.out(outcome.diff);
  } else if (outcome.refused.empty()) {
    for (const StatusChange& c : outcome.changes) {
      term.out(std::string(c.from == c.to ? "already " : "") + to_string(c.to) + ": #" +
               std::to_string(c.ordinal) + (c.id.empty() ? "" : " " + escape_for_terminal(c.id)) +
               " " + escape_for_terminal(c.title) + "\n");
    }
  }
  return outcome.refused.empty() ? kExitOk : kExitProblems;
}

/// The options every edit command shares.
void add_edit_options(CLI::App* sub, EditOptions& o, bool with_reason) {
  if (with_reason) {
    sub->add_option("--reason", o.reason,
                    "why: written on the task's line as '| reason: ...' (the words up to the next "
                    "option; no quotes needed)")
        ->expected(1, -1);
  }
  sub->add_flag("-n,--dry-run", o.dry_run,
                "print the unified diff of what would change (with --json, as the document's "
                "'diff'), change nothing");
  add_lock_timeout(sub, o.lock_timeout, "another writer's lock");
  add_task_file_options(sub, o.file);
}

Command make_edit(CLI::App& app, const char* name, const char* alias, Status target,
                  const char* help, bool with_reason, const char* examples) {
  auto o = std::make_shared<EditOptions>();
  o->target = target;
  CLI::App* sub = app.add_subcommand(name, help);
  if (alias) sub->alias(alias);
  sub->add_option("ids", o->ids, "tasks: an id as written (3, Task 3, P1-T2, T001, 8.5) or #N");
  sub->add_option("--match", o->matches, "a task by a unique case-insensitive piece of its text");
  add_edit_options(sub, *o, with_reason);
  if (target == Status::Done) {
    sub->add_flag("--force", o->force,
                  "mark done even a cancelled or blocked task, or one whose dependencies are open");
  }
  sub->footer(std::string("Examples:\n") + examples);
  return {sub, [o](Terminal& term) { return run_edit(*o, term); }};
}

}  // namespace

Command make_check(CLI::App& app) {
  return make_edit(app, "check", "done", Status::Done, "mark tasks done ([x])", false,
                   "  wildplan check 3\n  wildplan check P1-T2 P1-T3 --dry-run\n"
                   "  wildplan done --match \"loss curves\"\n");
}
Command make_start(CLI::App& app) {
  return make_edit(app, "start", nullptr, Status::InProgress, "mark a task in progress ([/])",
                   false, "  wildplan start 4\n  wildplan start '#2' -f .agents/wild/s1/tasks.md\n");
}
Command make_uncheck(CLI::App& app) {
  return make_edit(app, "uncheck", "reopen", Status::Todo, "mark tasks todo again ([ ])", false,
                   "  wildplan uncheck 3\n  wildplan reopen T004 T005\n");
}
Command make_cancel(CLI::App& app) {
  return make_edit(app, "cancel", nullptr, Status::Cancelled, "mark a task cancelled ([-])", true,
                   "  wildplan cancel 5 --reason superseded by Task 7\n");
}
Command make_block(CLI::App& app) {
  return make_edit(app, "block", nullptr, Status::Blocked, "mark a task blocked ([!])", true,
                   "  wildplan block P2-T1 --reason waiting for GPU quota\n");
}
Command make_set(CLI::App& app) {
  auto o = std::make_shared<EditOptions>();
  CLI::App* sub =
      app.add_subcommand("set", "set a task's status: todo, done, in_progress, cancelled, blocked");
  sub->add_option("id", o->set_id, "the task: an id as written, or #N")->required();
  sub->add_option("status", o->status, "todo, done, in_progress, cancelled or blocked")->required();
  add_edit_options(sub, *o, true);
  sub->add_flag("--force", o->force,
                "to done: even a cancelled or blocked task, or one whose dependencies are open");
  sub->footer(
      "Examples:\n  wildplan set 3 in_progress\n  wildplan set T004 blocked --reason needs the "
      "dataset\n");
  return {sub, [o](Terminal& term) { return run_edit(*o, term); }};
}

}  // namespace wildplan::cli
