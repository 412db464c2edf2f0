// compare_plans: two task lists parsed and compared, with their goals (diff.hpp).
#include "wildplan/diff.hpp"
#include "wildplan/loop.hpp"

namespace wildplan {
namespace {

std::optional<std::string> goal_of(const Source& src, const Plan& plan) {
  if (const Section* goal = plan.section("goal")) return sanitize_line(src.text(goal->body));
  return std::nullopt;
}

}  // namespace

PlanComparison compare_plans(const Source& old_src, std::optional<Span> old_range,
                             const Source& new_src, std::optional<Span> new_range) {
  PlanComparison c;
  c.old_file = old_src.name();
  c.new_file = new_src.name();
  c.before = std::move(*parse_plan(old_src, old_range).value);
  c.after = std::move(*parse_plan(new_src, new_range).value);
  c.diff = diff_plans(c.before, c.after);
  c.old_goal = goal_of(old_src, c.before);
  c.new_goal = goal_of(new_src, c.after);
  return c;
}

}  // namespace wildplan
