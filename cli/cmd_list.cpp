// wildplan list [--status S,...] [--phase N] [--json]: the tasks, nested ones indented.
#include <algorithm>
#include <memory>

#include "command.hpp"
#include "task_cmd.hpp"
#include "words.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct ListOptions {
  TaskFileOptions file;
  std::vector<std::string> statuses;
  std::optional<std::string> phase;
  bool ids = false;  // the completions' question: the task ids, one a line
};

/// The ids of the tasks, one a line, as a reference names them (`Task 3` as `3`), for the
/// completion scripts; an id with other characters than letters, digits, `.`, `-` or `_`
/// (none of the grammar's forms has any) is left out, so nothing reaches a shell unquoted.
std::string completion_ids(const Plan& plan) {
  std::string out;
  for (const Task& t : plan.tasks) {
    std::string_view id = t.id;
    if (t.id_kind == IdKind::Word) id.remove_prefix(id.find(' ') + 1);
    const bool safe = !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    });
    if (safe) out.append(id).append("\n");
  }
  return out;
}

int run_list(const ListOptions& o, Terminal& term) {
  const TaskFile tf = find_task_file(o.file, term);
  const Source src = read_source(tf.path);
  const Plan plan = parse_tasks(src, tf.config);
  if (o.phase) require_phase(plan, *o.phase);
  std::vector<Status> wanted;
  for (const std::string& name : o.statuses) wanted.push_back(status_named(name, true));
  std::vector<std::size_t> shown;
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const Task& t = plan.tasks[i];
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), t.status) == wanted.end())
      continue;
    if (o.phase && !(t.phase && plan.phases[*t.phase].number == *o.phase)) continue;
    shown.push_back(i);
  }
  if (o.ids) {
    term.out(completion_ids(plan));
    return kExitOk;
  }
  if (plan.tasks.empty()) note_no_tasks(term, src);
  if (o.file.json) {
    write_list_json(src, plan, shown, [&](std::string_view s) { term.out(s); });
    return kExitOk;
  }
  term.out(render_list_text(plan, shown, term.style(term.out_stream())));
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
  // Hidden (no group): what the completion scripts ask for.
  sub->add_flag("--ids", o->ids, "the task ids, one a line")->group("");
  sub->footer("Examples:\n  wildplan list\n  wildplan list --status todo,in_progress --phase 2\n");
  return {sub, [o](Terminal& term) { return run_list(*o, term); }};
}

}  // namespace wildplan::cli
