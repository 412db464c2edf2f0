#pragma once
// The loop's and the prompts' own placeholder texts, in one place (private): what an agent copies
// from a prompt, or what the loop writes before the agent has planned, is never a plan or a task.
// Each is lower case, compared after trimming and case-folding (the task texts after
// normalisation: runs of blanks as one).

#include <array>
#include <string_view>

namespace wildplan::detail {

/// The one task of the task list the loop writes at a session's start, before iteration 0.
inline constexpr std::string_view kLoopPlaceholderTask =
    "(agent will decompose the goal into tasks on iteration 1)";

/// The bodies of the prompts' example <plan> blocks.
inline constexpr std::array kPlanPlaceholders = {
    std::string_view("(copy of the task list you wrote to tasks.md)"),
    std::string_view("(full tasks markdown)"),
    std::string_view("(copy of the task list you wrote to {{tasks_path}})"),
};

/// The prompts' example task texts (task-placeholder), the loop's own among them.
inline constexpr std::array kTaskPlaceholders = {
    std::string_view("specific, actionable description"),
    std::string_view("..."),
    std::string_view("\xE2\x80\xA6"),  // …
    std::string_view("tbd"),
    std::string_view("todo"),
    kLoopPlaceholderTask,
    std::string_view("task description"),
    std::string_view("description"),
};

}  // namespace wildplan::detail
