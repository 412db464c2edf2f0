// wildplan next [--json]: the task to work on, or why there is none (exit 1).
#include <memory>

#include "command.hpp"
#include "task_cmd.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct NextOptions {
  TaskFileOptions file;
};

int run_next(const NextOptions& o, Terminal& term) {
  const TaskFile tf = find_task_file(o.file, term);
  const Source src = read_source(tf.path);
  const Plan plan = parse_tasks(src, tf.config);
  const NextTask next = choose_next(plan);
  const Task* task = next.task ? &plan.tasks[*next.task] : nullptr;
  const std::string& why = next.reason;
  if (o.file.json) {
    write_next_json(src, plan, next, [&](std::string_view s) { term.out(s); });
  } else if (task) {
    term.out("#" + std::to_string(task->ordinal) +
             (task->id.empty() ? "" : " " + escape_for_terminal(task->id)) + " [" +
             std::string(1, task->box) + "] " + escape_for_terminal(task->title) + "  (" + why +
             ")\n");
  } else if (plan.tasks.empty()) {
    term.out("no tasks in " + escape_for_terminal(src.name()) + "\n");
  } else {
    term.out(why + "\n");
  }
  return task ? kExitOk : kExitProblems;
}

}  // namespace

Command make_next(CLI::App& app) {
  auto o = std::make_shared<NextOptions>();
  CLI::App* sub = app.add_subcommand("next", "the task to work on next");
  add_task_file_options(sub, o->file);
  sub->footer(
      "A task in progress first; else the first open task of the earliest unfinished phase whose\n"
      "dependencies are done. Exit 1, saying why, when nothing is actionable.\n"
      "Examples:\n  wildplan next\n  wildplan next --json -f .agents/wild/s1/tasks.md\n");
  return {sub, [o](Terminal& term) { return run_next(*o, term); }};
}

}  // namespace wildplan::cli
