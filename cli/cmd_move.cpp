// wildplan move ID --after ID | --phase N: the task with its subtasks, to another place.
#include <memory>

#include "task_edit_cmd.hpp"

namespace wildplan::cli {
namespace {

struct MoveOptions {
  TaskEditOptions edit;
  std::optional<std::string> after, phase;
};

int run_move(const MoveOptions& o, Terminal& term) {
  if (o.after.has_value() == o.phase.has_value())
    throw OptionError("say where: --after ID or --phase N, one of them");
  return run_task_edit(
      o.edit, term, "move", "moved",
      [&](const Source& src, const Plan& plan, std::size_t index, const Config& config,
          TaskEditOutcome& out) -> std::optional<std::string> {
        MoveTarget to;
        if (o.after) {
          const Resolution r = resolve_task(plan, *o.after);
          if (!r.index) throw Error(r.error);
          to.after = r.index;
        } else {
          require_phase(plan, *o.phase);
          to.phase = o.phase;
        }
        const Moved moved = move_task(src, plan, index, to);
        const Plan after = parse_tasks(Source(src.name(), moved.bytes), config);
        for (std::size_t i = 0; i < after.tasks.size(); ++i) {
          if (after.tasks[i].pos.line != moved.line) continue;
          for (std::size_t j = i; j < after.tasks.size() && (j == i || after.tasks[j].depth > after.tasks[i].depth); ++j)
            out.tasks.push_back(summarize(after, j));
          break;
        }
        if (moved.bytes == src.bytes()) return std::nullopt;
        return moved.bytes;
      });
}

}  // namespace

Command make_move(CLI::App& app) {
  auto o = std::make_shared<MoveOptions>();
  CLI::App* sub = app.add_subcommand("move", "move a task with its subtasks");
  sub->add_option("--after", o->after, "after this task and its subtasks, at its level");
  sub->add_option("--phase", o->phase, "last among the top-level tasks of this phase");
  add_task_edit_options(sub, o->edit);
  sub->footer("Examples:\n  wildplan move P2-T4 --after P2-T1\n  wildplan move 7 --phase 3\n");
  return {sub, [o](Terminal& term) { return run_move(*o, term); }};
}

}  // namespace wildplan::cli
