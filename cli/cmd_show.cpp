// wildplan show ID: the task, its fields, its dependencies with their statuses, the tasks that
// wait on it, its subtasks.
#include <memory>

#include "task_edit_cmd.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

int run_show(const TaskRefOptions& o, Terminal& term) {
  if (o.id.empty() == !o.match) throw OptionError("name one task: an id, #N, or --match TEXT");
  const TaskFile tf = find_task_file(o.file, term);
  const Source src = read_source(tf.path);
  const Plan plan = parse_tasks(src, tf.config);
  const TaskDetails details = task_details(plan, resolve_one(plan, o));
  if (o.file.json) {
    write_show_json(src, plan, details, [&](std::string_view s) { term.out(s); });
  } else {
    term.out(render_show_text(src, plan, details, term.style(term.out_stream())));
  }
  return kExitOk;
}

}  // namespace

Command make_show(CLI::App& app) {
  auto o = std::make_shared<TaskRefOptions>();
  CLI::App* sub = app.add_subcommand(
      "show", "a task: its fields, its dependencies, the tasks waiting on it, its subtasks");
  add_task_ref_options(sub, *o);
  sub->footer("Examples:\n  wildplan show P2-T3\n  wildplan show --match 'loss curves' --json\n");
  return {sub, [o](Terminal& term) { return run_show(*o, term); }};
}

}  // namespace wildplan::cli
