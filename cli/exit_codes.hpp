#pragma once
// wildplan's exit codes: 0/1/2 as in ripgrep and grep, so that shells and git hooks know them.

namespace wildplan::cli {

inline constexpr int kExitOk = 0;        ///< success: no error diagnostics
inline constexpr int kExitProblems = 1;  ///< the input has problems: errors, no usable <plan>
inline constexpr int kExitFailure = 2;   ///< usage error, or failure of the environment
inline constexpr int kExitInterrupted = 130;

}  // namespace wildplan::cli
