// Structure and counts: the seed's `# Tasks / ## Goal / ## Analysis / ## Tasks` shape.
#include "source/strings.hpp"
#include "rules/check.hpp"
#include "wildplan/extract.hpp"

namespace wildplan::detail {
namespace {

/// True when the task stands under the Tasks section or a phase (or a heading below those).
bool in_task_area(const Plan& plan, const Task& t) {
  if (t.phase) return true;
  if (!t.section) return false;
  // Walk back to the enclosing headings: the nearest earlier heading of each lower level.
  int level = plan.sections[*t.section].level + 1;
  for (std::size_t i = *t.section + 1; i-- > 0;) {
    const Section& s = plan.sections[i];
    if (s.level >= level) continue;
    level = s.level;
    if (s.level >= 2 && equals_folded(s.title, "tasks")) return true;
    if (s.phase) return true;
  }
  return false;
}

}  // namespace

void check_structure(const Check& c) {
  const Plan& plan = c.plan;
  if (plan.tasks.empty()) {
    c.about_plan(c.task_area(), "no-tasks",
                 "no checklist item found: write tasks as '- [ ] Task 1: ...'");
  }
  if (to_lower(plan.title) != "tasks") {
    if (plan.title.empty()) {
      c.about_plan(c.plan_start(), "missing-title",
                   "the plan has no '# Tasks' heading: start it with '# Tasks'");
    } else {
      for (const Section& s : plan.sections) {
        if (s.level == 1) {
          c.at(s.span, "missing-title", "the first heading should be '# Tasks'");
          break;
        }
      }
    }
  }
  const Section* goal = c.plan.section("goal");
  const Section* analysis = c.plan.section("analysis");
  const Section* tasks = c.plan.section("tasks");
  if (tasks && tasks->level == 1) tasks = nullptr;  // the title, not the section
  // A missing section is reported where it belongs: Goal after the title, Analysis after the
  // Goal, the Tasks section where the tasks are.
  if (!goal) {
    c.about_plan(c.title_or_start(), "missing-goal", "add a '## Goal' section stating the goal");
  }
  if (!analysis) {
    c.about_plan(goal ? goal->span : c.title_or_start(), "missing-analysis",
                 "add a '## Analysis' section summarising what you explored");
  }
  if (!tasks) {
    c.about_plan(plan.tasks.empty() ? c.title_or_start() : plan.tasks.front().line_span,
                 "missing-tasks-section", "add a '## Tasks' section holding the checklist");
  }
  for (const Section* s : {goal, analysis}) {
    // Empty, or still the prompt's placeholder: "(Brief summary of what you learned ...)".
    if (s && (c.body_text(*s).empty() || is_placeholder(c.body_text(*s)))) {
      c.at(s->span, "empty-section", "the '" + s->title + "' section is empty: fill it in");
    }
  }
  if (tasks && c.body_text(*tasks).empty()) {
    c.at(tasks->span, "empty-section", "the 'Tasks' section is empty: list the tasks in it");
  }
  if (goal && c.options.goal) {
    const std::string want = collapse_space(*c.options.goal);
    const std::string have = collapse_space(c.body_text(*goal));
    if (want != have) {
      c.at(goal->span, "goal-mismatch",
           "the Goal section differs from the goal given: state it as '" + want + "'");
    }
  }
  if (goal || tasks || !plan.phases.empty()) {
    for (const Task& t : plan.tasks) {
      if (t.depth == 0 && !in_task_area(plan, t)) {
        c.at_task(t, t.box_span, "tasks-outside-section",
                  "task outside the Tasks section and the phases: move it under '## Tasks'");
      }
    }
  }
}

void check_counts(const Check& c) {
  int top = 0;
  for (const Task& t : c.plan.tasks) top += t.depth == 0;
  // The planning prompt's 5-15 tasks is one of the two things the loop's validation exists to
  // enforce: an error (the table's default). The phased variant's 10-25 in all follows from its
  // 4-6 phases of 2-6 tasks, and those are warnings (phase-count, phase-size): so is the total.
  const auto report = [&](const char* rule, std::string message) {
    if (c.profile == Profile::V2Phased || c.profile == Profile::V2Compact) {
      c.about_plan(c.task_area(), rule, std::move(message), Severity::Warning);
    } else {
      c.about_plan(c.task_area(), rule, std::move(message));
    }
  };
  if (c.limits.min_tasks > 0 && top < c.limits.min_tasks && top > 0) {
    report("too-few-tasks", "the plan has " + detail::plural(static_cast<std::size_t>(top), "top-level task") + "; " +
                                to_string(c.profile) + " asks for at least " +
                                std::to_string(c.limits.min_tasks) +
                                ": split the work into smaller steps");
  }
  if (c.limits.max_tasks > 0 && top > c.limits.max_tasks) {
    report("too-many-tasks", "the plan has " + detail::plural(static_cast<std::size_t>(top), "top-level task") + "; " +
                                 to_string(c.profile) + " asks for at most " +
                                 std::to_string(c.limits.max_tasks) +
                                 ": merge tasks or group them into phases");
  }
}

}  // namespace wildplan::detail
