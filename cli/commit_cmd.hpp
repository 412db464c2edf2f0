#pragma once
// The commit outcome as text, shared by `commit` and `apply --commit`.

#include <string>
#include <vector>

#include "wildplan/git.hpp"

namespace wildplan::cli {

/// The commit as text.
std::string commit_summary(const CommitResult& r);

}  // namespace wildplan::cli
