#pragma once
// How a report names a task and its phase (render_apply.cpp, render_changes.cpp,
// render_reports.cpp).

#include <string>

#include "wildplan/plan.hpp"
#include "wildplan/render.hpp"

namespace wildplan::detail {

/// The task's id, or "#3" (its ordinal) for a task without one; not escaped.
inline std::string id_label(const Task& t) {
  return t.id.empty() ? "#" + std::to_string(t.ordinal) : t.id;
}

/// "Task 3 Title", or "#3 Title" for a task without an id; escaped for the terminal.
inline std::string label(const Task& t) {
  return escape_for_terminal(id_label(t)) + " " + escape_for_terminal(t.title);
}

/// A task's phase number in a report: "-" outside phases.
inline std::string phase_label(const Plan& plan, const Task& t) {
  const std::string_view n = phase_number(plan, t);
  return n.empty() ? "-" : std::string(n);
}

}  // namespace wildplan::detail
