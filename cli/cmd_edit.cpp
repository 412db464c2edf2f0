// wildplan check|start|uncheck|cancel|block ID... and set ID STATUS: change the box of tasks,
// one byte each, under the file's lock.
#include <memory>

#include "command.hpp"
#include "task_cmd.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct EditOptions {
  TaskFileOptions file;
  std::vector<std::string> ids;
  std::vector<std::string> matches;
  std::optional<std::string> reason;
  std::string set_id, status;  // `set` only
  bool dry_run = false;
  double lock_timeout = 5.0;
  Status target = Status::Done;
  const char* verb = "";
};

/// The edits for `o` against the current bytes (status_edit: an unknown or ambiguous reference
/// is an error naming the candidates).
std::optional<std::string> edit(const EditOptions& o, const Config& config, const Source& src,
                                std::vector<StatusChange>& changed) {
  StatusEdit e = status_edit(src, parse_tasks(src, config), {o.ids, o.matches, o.target, o.reason},
                             config.statuses);
  changed = std::move(e.changes);
  if (e.edits.empty()) return std::nullopt;
  return apply_edits(src.bytes(), std::move(e.edits));
}

int run_edit(const EditOptions& o, Terminal& term) {
  EditOptions opts = o;
  if (!o.status.empty()) {
    std::string n = o.status;
    std::replace(n.begin(), n.end(), '-', '_');
    const auto s = status_from_string(n);
    if (!s || *s == Status::Other) {
      throw UsageError("unknown status '" + o.status +
                       "' (todo, done, in_progress, cancelled, blocked)");
    }
    opts.target = *s;
    opts.ids = {o.set_id};
  }
  const TaskFile tf = find_task_file(opts.file, term);
  EditOutcome outcome;
  outcome.file = tf.path;
  outcome.dry_run = opts.dry_run;
  if (opts.dry_run) {
    const Source src = read_source(tf.path);
    if (auto next = edit(opts, tf.config, src, outcome.changes)) {
      outcome.diff = unified_diff(tf.path, src.bytes(), *next);
      if (!opts.file.json) term.out(outcome.diff);
    }
  } else {
    LockOptions lock;
    lock.timeout = std::chrono::milliseconds(static_cast<long>(opts.lock_timeout * 1000));
    outcome.written = update_file(
        tf.path, [&](const Source& src) { return edit(opts, tf.config, src, outcome.changes); },
        lock);
  }
  if (opts.file.json) {
    write_edit_json(outcome, [&](std::string_view s) { term.out(s); });
  } else if (!opts.dry_run) {
    for (const StatusChange& c : outcome.changes) {
      term.out(std::string(c.from == c.to ? "already " : "") + to_string(c.to) + ": #" +
               std::to_string(c.ordinal) + (c.id.empty() ? "" : " " + escape_for_terminal(c.id)) +
               " " + escape_for_terminal(c.title) + "\n");
    }
  }
  return kExitOk;
}

/// The options every edit command shares.
void add_edit_options(CLI::App* sub, EditOptions& o, bool with_reason) {
  if (with_reason) {
    sub->add_option("--reason", o.reason, "why: written on the task's line as '| reason: ...'");
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
                   "  wildplan cancel 5 --reason \"superseded by Task 7\"\n");
}
Command make_block(CLI::App& app) {
  return make_edit(app, "block", nullptr, Status::Blocked, "mark a task blocked ([!])", true,
                   "  wildplan block P2-T1 --reason \"waiting for GPU quota\"\n");
}
Command make_set(CLI::App& app) {
  auto o = std::make_shared<EditOptions>();
  CLI::App* sub =
      app.add_subcommand("set", "set a task's status: todo, done, in_progress, cancelled, blocked");
  sub->add_option("id", o->set_id, "the task: an id as written, or #N")->required();
  sub->add_option("status", o->status, "todo, done, in_progress, cancelled or blocked")->required();
  add_edit_options(sub, *o, true);
  sub->footer(
      "Examples:\n  wildplan set 3 in_progress\n  wildplan set T004 blocked --reason \"needs the "
      "dataset\"\n");
  return {sub, [o](Terminal& term) { return run_edit(*o, term); }};
}

}  // namespace wildplan::cli
