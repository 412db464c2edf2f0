// The task-state policies `next` and `status` report: which task comes next, and how far the
// plan is (documented on choose_next and plan_progress in loop.hpp).
#include "wildplan/edit.hpp"
#include "wildplan/loop.hpp"

namespace wildplan {
namespace {

bool is_open(Status s) { return s == Status::Todo; }

}  // namespace

NextTask choose_next(const Plan& plan) {
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    if (plan.tasks[i].status == Status::InProgress) return {i, "in progress"};
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
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
      const Task& t = plan.tasks[i];
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
      return {i, plan.phases.empty() || !t.phase
                     ? "first open task"
                     : "first open task of phase " + plan.phases[*t.phase].number};
    }
  }
  if (plan.tasks.empty()) return {std::nullopt, "the file has no tasks"};
  if (open == 0 && blocked == 0) return {std::nullopt, "every task is done or cancelled"};
  std::string why = "nothing is actionable:";
  if (blocked) why += " " + std::to_string(blocked) + " blocked";
  if (waiting)
    why += std::string(blocked ? "," : "") + " " + std::to_string(waiting) +
           " waiting on dependencies (" + last_wait + ")";
  return {std::nullopt, why};
}

Progress plan_progress(const Plan& plan) {
  Progress p;
  p.phases.resize(plan.phases.size());
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const Task& t = plan.tasks[i];
    for (Tally* g : {&p.all, t.phase ? &p.phases[*t.phase] : nullptr}) {
      if (!g) continue;
      ++g->total;
      g->done += t.status == Status::Done;
      g->cancelled += t.status == Status::Cancelled;
    }
    if (!p.current && t.status == Status::InProgress) p.current = i;
  }
  p.counts = plan.counts();
  return p;
}

}  // namespace wildplan
