#pragma once
// What the edits share about lines: where a line ends, where a new line goes and with which line
// end, and whether a blank line must set an insertion off from its neighbours.

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "wildplan/edit.hpp"

namespace wildplan::detail {

/// `s` as a whole number, nothing else; empty when it is not one.
std::optional<long> to_number(std::string_view s);

/// The end of the line holding offset `p` and the line end itself: [eol_begin, next_line).
std::pair<std::size_t, std::size_t> line_end_at(std::string_view s, std::size_t p);

/// The start of the line holding offset `p`.
std::size_t line_begin_at(std::string_view s, std::size_t p);

/// The whole lines from the one holding `begin` to the end of the one holding the last byte
/// before `end` (its line end included): what removing or moving an item takes.
Span whole_lines(std::string_view s, Span span);

/// Where a new line goes after the line holding the last non-blank byte before `after`, and the
/// line end it takes from there (a file whose last line has no line end gets one before the new
/// line, and the new line none).
struct InsertPoint {
  std::size_t at = 0;
  std::string eol = "\n";
  bool eol_before = false;  ///< the new line is written as eol + line, not line + eol
};
InsertPoint insertion_point(std::string_view bytes, std::size_t after, bool at_end_of_file);

/// How a new task line fits where it is inserted: whether a blank line must set it off from the
/// line before or the line after, so that the insertion is one task, of its own text alone.
struct Fit {
  bool blank_before = false;  ///< the line before is a task line a template left as indented
                              ///< code: a list right after it would make it a task too
  bool blank_after = false;   ///< the line after is paragraph text (CommonMark's laziness): after
                              ///< a list whose last item ends in code, a quote or a closed fence,
                              ///< a paragraph with no blank line before it belongs to no item,
                              ///< but it would belong to the new one
};

/// Decides the Fit of `insert` (at its span, after any line end it adds first) by parsing the
/// result, when the lines around it leave any doubt.
Fit fit_new_line(const Source& src, const Plan& plan, const Edit& insert);

/// `insert` with the blank lines its Fit asks for; `line` is moved down by the one before.
void fit_insertion(const Source& src, const Plan& plan, Edit& insert, const std::string& eol,
                   std::uint32_t& line);

/// "#N ID: title", how a message names a task.
std::string describe(const Task& t);

}  // namespace wildplan::detail
