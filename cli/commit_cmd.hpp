#pragma once
// The commit outcome as text and JSON, shared by `commit` and `apply --commit`.

#include <string>
#include <vector>

#include "wildplan/git.hpp"

namespace wildplan::cli {

/// The commit as a JSON object, and as text.
std::string commit_json(const CommitResult& r, std::string_view reason);
std::string commit_summary(const CommitResult& r);

}  // namespace wildplan::cli
