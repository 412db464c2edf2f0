// wildplan status [--json]: progress overall and per phase, and the current task.
#include <memory>

#include "command.hpp"
#include "task_cmd.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct StatusOptions {
  TaskFileOptions file;
};

std::string bar(const Tally& p) {
  constexpr std::size_t kWidth = 20;
  const std::size_t filled = p.counted() ? p.done * kWidth / p.counted() : 0;
  return "[" + std::string(filled, '#') + std::string(kWidth - filled, '.') + "]";
}

std::string figures(const Tally& p) {
  std::string s = std::to_string(p.done) + "/" + std::to_string(p.counted()) + " done";
  if (p.counted()) s += " (" + std::to_string(p.done * 100 / p.counted()) + "%)";
  if (p.cancelled) s += ", " + std::to_string(p.cancelled) + " cancelled";
  return s;
}

int run_status(const StatusOptions& o, Terminal& term) {
  const TaskFile tf = find_task_file(o.file, term);
  const Source src = read_source(tf.path);
  const Plan plan = parse_tasks(src, tf.config);
  const Progress progress = plan_progress(plan);
  if (o.file.json) {
    write_status_json(src, plan, progress, [&](std::string_view s) { term.out(s); });
    return kExitOk;
  }
  const Tally& all = progress.all;
  const std::vector<Tally>& phases = progress.phases;
  const Task* current = progress.current ? &plan.tasks[*progress.current] : nullptr;
  std::string out = escape_for_terminal(src.name()) + ": " + bar(all) + " " + figures(all) + "\n";
  for (std::size_t i = 0; i < phases.size(); ++i) {
    out += "  phase " + plan.phases[i].number + " " + bar(phases[i]) + " " + figures(phases[i]);
    if (!plan.phases[i].name.empty()) out += "  " + escape_for_terminal(plan.phases[i].name);
    out += "\n";
  }
  if (current) {
    out += "current: #" + std::to_string(current->ordinal) +
           (current->id.empty() ? "" : " " + escape_for_terminal(current->id)) + " " +
           escape_for_terminal(current->title) + "\n";
  }
  if (all.cancelled) out += "(cancelled tasks are left out of the totals)\n";
  term.out(out);
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
