// plan-differs: the reply's <plan> against the task file being validated, each difference
// positioned in the file (a task the file lacks, at its Tasks section or phase).
#include "rules/check.hpp"
#include "wildplan/diff.hpp"

namespace wildplan::detail {

void check_plan_vs_file(const Check& c) {
  if (!c.options.reply_plan) return;
  const Source& reply_src = c.options.reply_plan->src();
  const Plan& reply = c.options.reply_plan->plan;
  const PlanDiff d = diff_plans(reply, c.plan);
  for (const Change& ch : d.changes) {
    if (ch.kind == ChangeKind::Removed) {
      const Task& r = reply.tasks[*ch.before];
      const std::string msg = "the reply's plan has task '" + r.title + "' (" +
                              reply_src.name() + ":" + std::to_string(r.pos.line) +
                              ") that this file lacks: add it, or replan";
      c.at(c.task_area(), "plan-differs", msg);
      continue;
    }
    const Task& t = c.plan.tasks[*ch.after];
    switch (ch.kind) {
      case ChangeKind::Added:
        c.at_title(t, "plan-differs", "task not in the reply's plan");
        break;
      case ChangeKind::StatusChanged:
        c.at_task(t, t.box_span, "plan-differs",
                  std::string("status is ") + to_string(t.status) + " here but " +
                      to_string(reply.tasks[*ch.before].status) + " in the reply's plan");
        break;
      case ChangeKind::Reworded:
        c.at_title(t, "plan-differs",
                   "reworded from the reply's plan: '" + reply.tasks[*ch.before].title + "'");
        break;
      default:
        break;  // moves and field edits are the diff command's to report
    }
  }
}

}  // namespace wildplan::detail
