#pragma once
// Committing, shared by `commit` and `apply --commit`.

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "wildplan/git.hpp"

namespace wildplan::cli {

struct CommitPlan {
  std::string message;
  std::optional<Identity> author;
  bool from_snapshot = false;
  bool verify = false;
  std::chrono::milliseconds lock_timeout{5000};
};

struct CommitOutcome {
  CommitResult result;
  std::vector<std::string> left_out;  ///< changed, but before the snapshot
};

/// The repository's pre-commit hook refused (exit 1, like a validation error).
struct HookFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

CommitOutcome commit_work_tree(Repository& repo, const CommitPlan& plan);
void write_snapshot(Repository& repo);
/// The commit as a JSON object, and as text.
std::string commit_json(const CommitOutcome& o, std::string_view reason);
std::string commit_summary(const CommitOutcome& o);

}  // namespace wildplan::cli
