#pragma once
// One task's line merged from its three versions, part by part: the prefix (indentation, quote
// and list markers), the box, the head (id, markers, title: up to the fields) and the tail (the
// fields, from the `|` before the first). Each part one side changed takes that side's; a part
// both changed alike is taken once; two boxes moved differently take the one further along
// (todo < in progress < done) and are a conflict when either is cancelled, blocked or unknown;
// any other part both changed differently is a conflict.

#include <string>
#include <string_view>

#include "wildplan/merge.hpp"
#include "wildplan/plan.hpp"

namespace wildplan::detail {

/// A task's line (its `\n`-ended line, without the line end), in parts.
struct TaskLineParts {
  std::string_view whole;   ///< prefix + box + head + tail
  std::string_view prefix;  ///< up to the `[`
  std::string_view box;     ///< `[c]`
  std::string_view head;    ///< after the `]`, up to the fields
  std::string_view tail;    ///< the fields, from the blanks and `|` before the first; or empty
};

/// The parts of `task`'s line `line` (a span of `src` holding the task's box).
TaskLineParts task_line_parts(const Source& src, const Task& task, Span line);

enum class LineMergeOutcome { Same, Ours, Theirs, Combined, FurtherAlong, Conflict };

struct LineMerge {
  LineMergeOutcome outcome = LineMergeOutcome::Same;
  ConflictKind conflict = ConflictKind::TaskText;  ///< for Conflict: TaskText or TaskStatus
  std::string text;                                ///< the merged line (not for Conflict)
};

/// Merges a task's line. `base` null: the task both sides added (a two-way merge, the parts
/// that differ taken from ours but the box, which goes further along or conflicts).
LineMerge merge_task_line(const TaskLineParts* base, const TaskLineParts& ours,
                          const TaskLineParts& theirs, const StatusMap& statuses);

}  // namespace wildplan::detail
