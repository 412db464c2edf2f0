// The phased variant: 4-6 phases of 2-6 tasks with deliverables, reflection gates, an analytics
// contract, and ids that name their phase.
#include "source/strings.hpp"
#include "rules/check.hpp"

namespace wildplan::detail {

void check_phased(const Check& c) {
  const Plan& plan = c.plan;
  const int phases = static_cast<int>(plan.phases.size());
  if (c.limits.min_phases > 0 && (phases < c.limits.min_phases || phases > c.limits.max_phases)) {
    c.about_plan(plan.phases.empty() ? c.task_area() : plan.sections[plan.phases[0].section].span,
                 "phase-count",
                 "the plan has " + plural(static_cast<std::size_t>(phases), "phase") + "; " + to_string(c.profile) +
                     " asks for " + std::to_string(c.limits.min_phases) + "-" +
                     std::to_string(c.limits.max_phases));
  }
  std::vector<int> per_phase(plan.phases.size(), 0);
  for (const Task& t : plan.tasks) {
    if (t.phase && t.depth == 0) ++per_phase[*t.phase];
  }
  for (std::size_t p = 0; p < plan.phases.size(); ++p) {
    const int n = per_phase[p];
    if (c.limits.min_phase_tasks > 0 &&
        (n < c.limits.min_phase_tasks || n > c.limits.max_phase_tasks)) {
      c.at(plan.sections[plan.phases[p].section].span, "phase-size",
           "phase " + plan.phases[p].number + " has " + plural(static_cast<std::size_t>(n), "task") + "; " +
               to_string(c.profile) + " asks for " + std::to_string(c.limits.min_phase_tasks) +
               "-" + std::to_string(c.limits.max_phase_tasks) + " per phase");
    }
  }
  std::vector<std::size_t> reflections;
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const Task& t = plan.tasks[i];
    if (t.depth != 0) continue;
    if (t.id_kind == IdKind::Phased && t.phase) {
      const std::string_view named = std::string_view(t.id).substr(1, t.id.find('-') - 1);
      if (named != plan.phases[*t.phase].number) {
        const std::string& number = plan.phases[*t.phase].number;
        c.at_title(t, "task-id-phase",
                   concat("'", t.id, "' stands in phase ", number, ": renumber it 'P", number,
                          "-T...' or move it"));
      }
    }
    for (const char* key : {"deliverable", "done-when"}) {
      bool found = false;
      for (const Field& f : t.fields) found |= equals_folded(f.key, key);
      if (!found) {
        c.at_title(t, "missing-field",
                   concat("the task has no '", key, ":' field: add '| ", key, ": ...'"));
      }
    }
    if (contains_folded(t.title, "reflect")) reflections.push_back(i);
  }
  // A midpoint reflection (not the last task) and a final one (in the last phase).
  const bool final_ok = !reflections.empty() && !plan.phases.empty() &&
                        plan.tasks[reflections.back()].phase == plan.phases.size() - 1;
  const bool midpoint_ok = reflections.size() >= 2 || (reflections.size() == 1 && !final_ok);
  if (!final_ok || !midpoint_ok) {
    // At the phase the missing gate belongs in: the last for the final one, the middle one for
    // the midpoint.
    const std::size_t phase = plan.phases.empty() ? 0
                              : !final_ok         ? plan.phases.size() - 1
                                                  : (plan.phases.size() - 1) / 2;
    c.about_plan(
        plan.phases.empty() ? c.task_area() : plan.sections[plan.phases[phase].section].span,
        "missing-reflection",
        std::string("the plan lacks a ") +
            (!midpoint_ok && !final_ok ? "midpoint and a final"
             : !midpoint_ok            ? "midpoint"
                                       : "final") +
            " reflection task: add one that says what evidence to inspect and when to replan");
  }
  if (!c.plan.section("shared metrics and analytics contract")) {
    c.about_plan(c.title_or_start(), "missing-analytics-contract",
                 "add a '## Shared Metrics and Analytics Contract' section (primary metrics, "
                 "diagnostics, statistical checks, artifacts)");
  }
}

}  // namespace wildplan::detail
