// wildplan status [--json]: progress overall and per phase, and the current task.
#include <memory>

#include "command.hpp"
#include "task_cmd.hpp"
#include "words.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct StatusOptions {
  TaskFileOptions file;
};

int run_status(const StatusOptions& o, Terminal& term) {
  const TaskFile tf = find_task_file(o.file, term);
  const Source src = read_source(tf.path);
  const Plan plan = parse_tasks(src, tf.config);
  const Progress progress = plan_progress(plan);
  if (plan.tasks.empty()) note_no_tasks(term, src);
  if (o.file.json) {
    write_status_json(src, plan, progress, [&](std::string_view s) { term.out(s); });
  } else {
    term.out(render_status_text(src, plan, progress, term.style(term.out_stream())));
  }
  return kExitOk;
}

}  // namespace

Command make_status(CLI::App& app) {
  auto o = std::make_shared<StatusOptions>();
  CLI::App* sub = app.add_subcommand("status", "progress overall and per phase");
  add_task_file_options(sub, o->file);
  sub->footer("Examples:\n  wildplan status\n  wildplan status --json -f .agents/wild/s1/tasks.md\n");
  return {sub, [o](Terminal& term) { return run_status(*o, term); }};
}

}  // namespace wildplan::cli
