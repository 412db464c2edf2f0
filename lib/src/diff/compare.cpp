// compare(): two task lists compared, with their goals (diff.hpp).
#include "wildplan/diff.hpp"
#include "wildplan/loop.hpp"

namespace wildplan {
namespace {

std::optional<std::string> goal_of(const Document& doc) {
  if (const Section* goal = doc.plan.section("goal"))
    return sanitize_line(doc.src().text(goal->body));
  return std::nullopt;
}

}  // namespace

Comparison compare(Document before, Document after) {
  Comparison c;
  c.diff = diff_plans(before.plan, after.plan);
  c.old_goal = goal_of(before);
  c.new_goal = goal_of(after);
  c.before = std::move(before);
  c.after = std::move(after);
  return c;
}

}  // namespace wildplan
