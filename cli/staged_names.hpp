#pragma once
// `validate --staged --names-from`: the pre-commit hook's fast answer. git names what the commit
// changes (`git diff --cached --name-only`), and wildplan opens the repository (loading libgit2,
// reading the index) only when a task file is among the names.

#include <optional>
#include <string>
#include <vector>


namespace wildplan::cli {

/// The task files among the names git listed (read from `from`, "-" for standard input; one per
/// line, quoted as git quotes them), as absolute paths under the work tree's top: the names that match the
/// configuration's `task_files` (`config`, else the `.wildplan.json` found upward from the top).
/// nullopt when the index must decide: `.wildplan.json` itself is among the names (the staged
/// one then rules), or the top cannot be found without git. Throws UsageError when the names
/// cannot be read.
std::optional<std::vector<std::string>> task_files_among_names(
    const std::string& from, const std::optional<std::string>& config);

}  // namespace wildplan::cli
