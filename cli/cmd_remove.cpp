// wildplan remove ID [--force]: the task's lines, with its subtasks and continuation lines;
// refused (exit 1) while other tasks depend on it.
#include <memory>

#include "task_edit_cmd.hpp"

namespace wildplan::cli {
namespace {

struct RemoveOptions {
  TaskEditOptions edit;
  bool force = false;
};

std::string refusal(const Plan& plan, std::size_t index, const std::vector<std::size_t>& waiting) {
  std::string names;
  for (std::size_t i : waiting) {
    const Task& t = plan.tasks[i];
    names += (names.empty() ? "#" : ", #") + std::to_string(t.ordinal) + (t.id.empty() ? "" : " " + t.id);
  }
  const Task& t = plan.tasks[index];
  return "not removed: " + names + (waiting.size() == 1 ? " depends" : " depend") + " on #" +
         std::to_string(t.ordinal) + (t.id.empty() ? "" : " " + t.id) +
         " or its subtasks; --force removes it anyway";
}

int run_remove(const RemoveOptions& o, Terminal& term) {
  return run_task_edit(
      o.edit, term, "remove", "removed",
      [&](const Source& src, const Plan& plan, std::size_t index, const Config&,
          TaskEditOutcome& out) -> std::optional<std::string> {
        const Removal r = remove_task(src, plan, index);
        out.tasks = summaries(plan, r.removed);
        out.dependents = summaries(plan, r.dependents);
        if (!r.dependents.empty() && !o.force) {
          out.refused = refusal(plan, index, r.dependents);
          return std::nullopt;
        }
        return apply_edits(src.bytes(), {r.edit});
      });
}

}  // namespace

Command make_remove(CLI::App& app) {
  auto o = std::make_shared<RemoveOptions>();
  CLI::App* sub =
      app.add_subcommand("remove", "remove a task, with its subtasks and continuation lines");
  add_task_edit_options(sub, o->edit);
  sub->add_flag("--force", o->force, "remove it even when other tasks depend on it");
  sub->footer("Examples:\n  wildplan remove P3-T2\n  wildplan remove 4 --dry-run\n");
  return {sub, [o](Terminal& term) { return run_remove(*o, term); }};
}

}  // namespace wildplan::cli
