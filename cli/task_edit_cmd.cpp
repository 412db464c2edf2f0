#include "task_edit_cmd.hpp"

#include "wildplan/render.hpp"

namespace wildplan::cli {

void add_task_ref_options(CLI::App* sub, TaskRefOptions& o) {
  sub->add_option("id", o.id, "the task: an id as written (3, Task 3, P1-T2, T001, 8.5) or #N");
  sub->add_option("--match", o.match, "the task by a unique case-insensitive piece of its text");
  add_task_file_options(sub, o.file);
}

std::size_t resolve_one(const Plan& plan, const TaskRefOptions& o) {
  if (o.id.empty() == !o.match) throw OptionError("name one task: an id, #N, or --match TEXT");
  const Resolution r = o.match ? resolve_task(plan, *o.match, true) : resolve_task(plan, o.id);
  if (!r.index) throw Error(r.error);
  return *r.index;
}

void add_task_edit_options(CLI::App* sub, TaskEditOptions& o) {
  sub->add_flag("-n,--dry-run", o.dry_run,
                "print the unified diff of what would change (with --json, as the document's "
                "'diff'), change nothing");
  add_lock_timeout(sub, o.lock_timeout, "another writer's lock");
  add_task_ref_options(sub, o.ref);
}

std::vector<TaskSummary> summaries(const Plan& plan, const std::vector<std::size_t>& indices) {
  std::vector<TaskSummary> out;
  for (std::size_t i : indices) out.push_back(summarize(plan, i));
  return out;
}

int run_task_edit(const TaskEditOptions& o, Terminal& term, std::string_view kind,
                  std::string_view verb,
                  const std::function<std::optional<std::string>(
                      const Source&, const Plan&, std::size_t, const Config&, TaskEditOutcome&)>&
                      change) {
  if (o.ref.id.empty() == !o.ref.match) throw OptionError("name one task: an id, #N, or --match TEXT");
  const TaskFile tf = find_task_file(o.ref.file, term);
  TaskEditOutcome outcome;
  outcome.file = tf.path;
  outcome.dry_run = o.dry_run;
  LockOptions lock;
  lock.timeout = std::chrono::milliseconds(static_cast<long>(o.lock_timeout * 1000));
  const FileChange done = change_file(
      tf.path,
      [&](const Source& src) {
        outcome = TaskEditOutcome{tf.path, false, {}, {}, {}, o.dry_run, {}};
        const Plan plan = parse_tasks(src, tf.config);
        return change(src, plan, resolve_one(plan, o.ref), tf.config, outcome);
      },
      o.dry_run, lock);
  outcome.written = done.written;
  outcome.diff = done.diff;
  if (!outcome.refused.empty()) term.error(outcome.refused);
  if (o.ref.file.json) {
    write_task_edit_json(kind, outcome, [&](std::string_view s) { term.out(s); });
  } else if (o.dry_run) {
    term.out(outcome.diff);
  } else if (outcome.refused.empty()) {
    term.out(render_task_edit_text(verb, outcome));
  }
  return outcome.refused.empty() ? kExitOk : kExitProblems;
}

}  // namespace wildplan::cli
