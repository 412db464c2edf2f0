// wildplan next [--json]: the task to work on, or why there is none (exit 1).
#include <memory>
#include <unordered_map>

#include "command.hpp"
#include "task_cmd.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct NextOptions {
  TaskFileOptions file;
};

bool is_open(Status s) { return s == Status::Todo; }

/// The policy: a task in progress first; otherwise, in the earliest phase that still has open
/// work, the first open task whose dependencies are all done and whose own subtasks are not open
/// (they come first). Tasks outside phases count as one phase after the numbered ones.
std::pair<const Task*, std::string> choose_next(const Plan& plan) {
  for (const Task& t : plan.tasks) {
    if (t.status == Status::InProgress) return {&t, "in progress"};
  }
  auto deps_done = [&](const Task& t, std::string& waiting) {
    for (const std::string& dep : t.depends) {
      const Resolution r = resolve_task(plan, dep);
      if (r.index && plan.tasks[*r.index].status != Status::Done &&
          plan.tasks[*r.index].status != Status::Cancelled) {
        waiting = dep;
        return false;
      }
    }
    return true;
  };
  std::size_t open = 0, blocked = 0, waiting = 0;
  std::string last_wait;
  // Phases in order, then the tasks of no phase.
  const std::size_t groups = plan.phases.size() + 1;
  for (std::size_t g = 0; g < groups; ++g) {
    for (const Task& t : plan.tasks) {
      const std::size_t group = t.phase ? *t.phase : plan.phases.size();
      if (group != g) continue;
      if (t.status == Status::Blocked) ++blocked;
      if (!is_open(t.status)) continue;
      ++open;
      bool child_open = false;
      for (std::size_t c : t.children)
        child_open |= is_open(plan.tasks[c].status) || plan.tasks[c].status == Status::InProgress;
      if (child_open) continue;
      std::string dep;
      if (!deps_done(t, dep)) {
        ++waiting;
        last_wait = "#" + std::to_string(t.ordinal) + " waits on " + dep;
        continue;
      }
      return {&t, plan.phases.empty() || !t.phase
                      ? "first open task"
                      : "first open task of phase " + plan.phases[*t.phase].number};
    }
  }
  if (plan.tasks.empty()) return {nullptr, "the file has no tasks"};
  if (open == 0 && blocked == 0) return {nullptr, "every task is done or cancelled"};
  std::string why = "nothing is actionable:";
  if (blocked) why += " " + std::to_string(blocked) + " blocked";
  if (waiting)
    why += std::string(blocked ? "," : "") + " " + std::to_string(waiting) +
           " waiting on dependencies (" + last_wait + ")";
  return {nullptr, why};
}

int run_next(const NextOptions& o, Terminal& term) {
  const TaskFile tf = find_task_file(o.file, term);
  const Source src = read_source(tf.path);
  const Plan plan = parse_tasks(src, tf.config);
  const auto [task, why] = choose_next(plan);
  if (o.file.json) {
    std::string out =
        "{\n  \"version\": 1,\n  \"kind\": \"next\",\n  \"file\": " + json_quote(src.name()) +
        ",\n  \"task\": ";
    if (task) {
      append_task_json(out, plan, *task);
    } else {
      out += "null";
    }
    out += ",\n  \"reason\": " + json_quote(why) + "\n}\n";
    term.out(out);
  } else if (task) {
    term.out("#" + std::to_string(task->ordinal) +
             (task->id.empty() ? "" : " " + escape_for_terminal(task->id)) + " [" +
             std::string(1, task->box) + "] " + escape_for_terminal(task->title) + "  (" + why +
             ")\n");
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
