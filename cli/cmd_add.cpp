// wildplan add TEXT [--phase N | --after ID | --under ID]: one new task line, in the style of
// its neighbours; prints its id.
#include <memory>

#include "command.hpp"
#include "task_cmd.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct AddOptions {
  TaskFileOptions file;
  std::string text;
  std::optional<std::string> phase, after, under;
  bool dry_run = false;
  double lock_timeout = 5.0;
};

int run_add(const AddOptions& o, Terminal& term) {
  if (o.text.find_first_of("\r\n") != std::string::npos)
    throw UsageError("a task is one line: TEXT holds a line break");
  if (o.text.find_first_not_of(" \t") == std::string::npos)
    throw UsageError("a task needs text: TEXT is empty");
  if ((o.phase ? 1 : 0) + (o.after ? 1 : 0) + (o.under ? 1 : 0) > 1) {
    throw UsageError("--phase, --after and --under name one place: give one of them");
  }
  const TaskFile tf = find_task_file(o.file, term);
  NewTask added;
  auto change = [&](const Source& src) -> std::optional<std::string> {
    const Plan plan = parse_tasks(src, tf.config);
    Placement where;
    where.phase = o.phase;
    for (auto [ref, slot] :
         {std::pair{&o.after, &where.after}, std::pair{&o.under, &where.under}}) {
      if (!*ref) continue;
      const Resolution r = resolve_task(plan, **ref);
      if (!r.index) throw UsageError(r.error);
      *slot = r.index;
    }
    if (o.phase) require_phase(plan, *o.phase);
    added = add_task(src, plan, o.text, where);
    return apply_edits(src.bytes(), {added.edit});
  };
  AddOutcome outcome;
  outcome.file = tf.path;
  outcome.dry_run = o.dry_run;
  if (o.dry_run) {
    const Source src = read_source(tf.path);
    outcome.diff = unified_diff(tf.path, src.bytes(), *change(src));
    if (!o.file.json) term.out(outcome.diff);
  } else {
    LockOptions lock;
    lock.timeout = std::chrono::milliseconds(static_cast<long>(o.lock_timeout * 1000));
    outcome.written = update_file(tf.path, change, lock);
  }
  outcome.id = added.id;
  outcome.line = added.line;
  if (o.file.json) {
    write_add_json(outcome, [&](std::string_view s) { term.out(s); });
  } else if (!o.dry_run) {
    term.out(
        (added.id.empty() ? "line " + std::to_string(added.line) : escape_for_terminal(added.id)) +
        "\n");
  }
  return kExitOk;
}

}  // namespace

Command make_add(CLI::App& app) {
  auto o = std::make_shared<AddOptions>();
  CLI::App* sub = app.add_subcommand("add", "add a task, in the style of its neighbours");
  sub->add_option("text", o->text, "the task's text (without a box or an id)")->required();
  sub->add_option("--phase", o->phase, "after the last task of this phase");
  sub->add_option("--after", o->after, "after this task and its subtasks");
  sub->add_option("--under", o->under, "as the last subtask of this task");
  sub->add_flag("-n,--dry-run", o->dry_run,
                "print the unified diff of what would change (with --json, as the document's "
                "'diff'), change nothing");
  add_lock_timeout(sub, o->lock_timeout, "another writer's lock");
  add_task_file_options(sub, o->file);
  sub->footer(
      "Examples:\n  wildplan add \"Plot the loss curves\" --phase 3\n  wildplan add \"Check "
      "seeds\" --under P2-T1\n");
  return {sub, [o](Terminal& term) { return run_add(*o, term); }};
}

}  // namespace wildplan::cli
