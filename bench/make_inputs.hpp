#pragma once
// Generated benchmark inputs (ninja's write_fake_manifests, in small): task lists and replies
// of a given size, deterministic.

#include <cstddef>
#include <string>

namespace wildplan::bench {

/// A phased task list of `tasks` items, a third of them with two nested subtasks.
std::string make_task_list(std::size_t tasks);

/// About `bytes` of transcript noise (code fences, '<' comparisons, stray tag fragments), an
/// echoed placeholder plan first and a real 12-task plan at the end.
std::string make_reply(std::size_t bytes);

}  // namespace wildplan::bench
