#pragma once
// The replan merge (private): the policy is documented on decide_tasks() in loop.hpp.

#include <optional>
#include <string>
#include <vector>

#include "wildplan/diff.hpp"
#include "wildplan/document.hpp"
#include "wildplan/plan.hpp"

namespace wildplan::detail {

/// How far along a status is: a carried-over box never moves a task back.
int progress(Status s);

struct Replan {
  std::string bytes;                   ///< the merged task list
  std::vector<std::size_t> removed;    ///< open tasks of the file the plan left out
  std::vector<std::size_t> preserved;  ///< tasks of the file the plan left out, kept
  std::string refused;                 ///< not empty: no merge, and why (bytes is empty then)
};

/// Merges `plan` (a reply's plan: its range, without leading blank lines and trailing
/// whitespace, is what is merged) into `file` (tasks.md, the whole of it); both were parsed
/// with `options`, and `diff` is diff_plans(file.plan, plan.plan). Linear in the two sizes.
Replan replan(const Document& file, const Document& plan, const PlanDiff& diff,
              const ParseOptions& options);

}  // namespace wildplan::detail
