#pragma once
// The task-line grammar's actions (private): what the rules of grammars/task_line_grammar.hpp
// matched, as spans into the bytes they were given.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wildplan/plan.hpp"

namespace wildplan::detail {

/// The start of a checklist item: `- [x] `.
struct TaskStart {
  Span box;  ///< `[x]`
  bool optional = false;
  bool glued = false;  ///< `- [x]Write`: no blank between the box and the text
  std::size_t text;    ///< where the text after the box (and its blanks) starts
};

/// Matches the list marker and box at `item` (the list marker's offset) in `bytes`: a box of
/// ASCII punctuation or a space, or a letter or digit that `statuses` names.
std::optional<TaskStart> match_task_start(std::string_view bytes, std::size_t item,
                                          const StatusMap& statuses = {});

/// The parts of the text after the box.
struct TaskLine {
  IdKind id_kind = IdKind::None;
  std::string id;
  Span id_span;
  std::vector<std::string> markers;
  Span title;
  std::vector<Field> fields;
  std::vector<std::string> depends;
};

/// Parses `text` (one line, without its line end) of `bytes`. Spans are offsets into `bytes`.
TaskLine parse_task_line(std::string_view bytes, Span text);

/// The ids of a dependency list: `T012, T013 and T014`.
std::vector<std::string> parse_dependency_list(std::string_view text);

/// `Phase 2 - Experiment Design` -> {"2", "Experiment Design"}.
std::optional<Phase> parse_phase_heading(std::string_view heading);

}  // namespace wildplan::detail
