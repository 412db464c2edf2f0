#pragma once
// The replan merge (private): the policy is documented on decide_tasks() in loop.hpp.

#include <optional>
#include <string>
#include <vector>

#include "wildplan/diff.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/source.hpp"

namespace wildplan::detail {

/// How far along a status is: a carried-over box never moves a task back.
int progress(Status s);

struct Replan {
  std::string bytes;                   ///< the merged task list
  std::vector<std::size_t> removed;    ///< open tasks of the file the plan left out
  std::vector<std::size_t> preserved;  ///< tasks of the file the plan left out, kept
  std::string refused;                 ///< not empty: no merge, and why (bytes is empty then)
};

/// Merges `plan` (parsed from `plan_src`) into `file` (parsed from `file_src`, both with
/// `options`); `diff` is diff_plans(file, plan). Linear in the two sizes.
Replan replan(const Source& file_src, const Plan& file, const Source& plan_src, const Plan& plan,
              const PlanDiff& diff, const ParseOptions& options);

}  // namespace wildplan::detail
