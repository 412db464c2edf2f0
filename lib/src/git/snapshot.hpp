#pragma once
// The iteration's snapshot (`wildplan snapshot`, CommitRequest::from_snapshot) and the hooks git
// would run: pieces of Repository::commit that live beside it.

#include <string>
#include <vector>

#include "wildplan/git.hpp"

namespace wildplan::detail {

/// The changed paths to stage for a commit from the snapshot: those changed since it was taken.
/// The paths changed before it and untouched since go to `left_out`. Throws Error when there is
/// no snapshot.
std::vector<std::string> paths_since_snapshot(const Repository& repo,
                                              std::vector<std::string>& left_out);

/// Runs the repository's pre-commit hook as git would, in the work tree; throws HookFailed when
/// it exits non-zero, Error when it cannot be run.
void run_pre_commit_hook(const RepositoryInfo& info);

}  // namespace wildplan::detail
