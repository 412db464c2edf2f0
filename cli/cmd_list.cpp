// wildplan list [--status S,...] [--phase N] [--json]: the tasks, nested ones indented.
#include <algorithm>
#include <memory>
#include <sstream>

#include "command.hpp"
#include "task_cmd.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct ListOptions {
  TaskFileOptions file;
  std::vector<std::string> statuses;
  std::optional<std::string> phase;
};

int run_list(const ListOptions& o, Terminal& term) {
  const TaskFile tf = find_task_file(o.file, term);
  const Source src = read_source(tf.path);
  const Plan plan = parse_tasks(src, tf.config);
  if (o.phase) require_phase(plan, *o.phase);
  std::vector<Status> wanted;
  for (const std::string& name : o.statuses) {
    std::string n = name;
    std::replace(n.begin(), n.end(), '-', '_');
    const auto s = status_from_string(n);
    if (!s)
      throw UsageError("unknown status '" + name +
                       "' (todo, done, in_progress, cancelled, blocked, other)");
    wanted.push_back(*s);
  }
  std::vector<std::size_t> shown;
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const Task& t = plan.tasks[i];
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), t.status) == wanted.end())
      continue;
    if (o.phase && !(t.phase && plan.phases[*t.phase].number == *o.phase)) continue;
    shown.push_back(i);
  }
  if (o.file.json) {
    write_list_json(src, plan, shown, [&](std::string_view s) { term.out(s); });
    return kExitOk;
  }
  std::size_t id_width = 2;
  for (std::size_t i : shown) id_width = std::max(id_width, plan.tasks[i].id.size());
  std::string out;
  for (std::size_t i : shown) {
    const Task* t = &plan.tasks[i];
    const std::string ord = "#" + std::to_string(t->ordinal);
    out += ord + std::string(ord.size() < 5 ? 5 - ord.size() : 1, ' ');
    out += "[" + std::string(1, t->box) + "] ";
    out += escape_for_terminal(t->id) + std::string(id_width - t->id.size() + 2, ' ');
    out += std::string(2 * static_cast<std::size_t>(t->depth), ' ') + escape_for_terminal(t->title);
    if (t->phase) out += "  (phase " + plan.phases[*t->phase].number + ")";
    out += '\n';
  }
  term.out(out);
  return kExitOk;
}

}  // namespace

Command make_list(CLI::App& app) {
  auto o = std::make_shared<ListOptions>();
  CLI::App* sub = app.add_subcommand("list", "list the tasks of the task file");
  add_task_file_options(sub, o->file);
  sub->add_option("--status", o->statuses, "only these statuses (todo,in_progress,...)")
      ->delimiter(',');
  sub->add_option("--phase", o->phase, "only the tasks of this phase");
  sub->footer("Examples:\n  wildplan list\n  wildplan list --status todo,in_progress --phase 2\n");
  return {sub, [o](Terminal& term) { return run_list(*o, term); }};
}

}  // namespace wildplan::cli
