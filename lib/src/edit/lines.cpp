// Lines for the edits: line ends, insertion points, and the blank lines an insertion may need
// (lines.hpp).
#include "edit/lines.hpp"

#include <algorithm>
#include <charconv>

#include "source/strings.hpp"

namespace wildplan::detail {
namespace {

/// Whether `next` opens an item of the same list as the new line `line`: the same indentation,
/// the same bullet (or a number with the same delimiter), a space and text. Such a line never
/// continues the new task's paragraph, so it needs no parse to tell.
bool opens_sibling_item(std::string_view line, std::string_view next) {
  const std::size_t indent = line.find_first_not_of(" \t>");
  if (indent == std::string_view::npos || !next.starts_with(line.substr(0, indent))) return false;
  line.remove_prefix(indent);
  next.remove_prefix(indent);
  std::size_t m = 0;  // the marker's length in `next`
  if (line[0] == '-' || line[0] == '*' || line[0] == '+') {
    m = next.starts_with(line[0]) ? 1 : 0;
  } else {
    const std::size_t digits = line.find_first_not_of("0123456789");
    const std::size_t next_digits = next.find_first_not_of("0123456789");
    if (digits == 0 || digits == std::string_view::npos || next_digits == 0 ||
        next_digits == std::string_view::npos || next_digits > 9 ||
        next[next_digits] != line[digits])
      return false;
    m = next_digits + 1;
  }
  return m > 0 && next.size() > m + 1 && next[m] == ' ' && !is_space(next[m + 1]);
}

/// The line before offset `at` (the one `at` starts, when it starts none), without its line end,
/// and its start.
std::pair<std::string_view, std::size_t> line_before(std::string_view bytes, std::size_t at) {
  std::size_t prev = line_begin_at(bytes, at);
  if (prev == at && at > 0) {
    prev = at - 1;
    if (prev > 0 && bytes[prev] == '\n' && bytes[prev - 1] == '\r') --prev;
    prev = line_begin_at(bytes, prev);
  }
  return {bytes.substr(prev, line_end_at(bytes, prev).first - prev), prev};
}

/// Whether the line before an insertion holds something like a box that is no task: a task line
/// a template left as indented code, which a list right after it would make a task.
bool doubt_before(const Plan& plan, std::string_view before, std::size_t prev) {
  bool boxed = false;
  for (std::size_t i = 0; i + 2 < before.size() && !boxed; ++i) {
    boxed = before[i] == '[' && before[i + 2] == ']';
  }
  return boxed && std::none_of(plan.tasks.begin(), plan.tasks.end(), [&](const Task& t) {
           return t.line_span.begin >= prev && t.line_span.begin < prev + before.size();
         });
}

}  // namespace

std::optional<long> to_number(std::string_view s) {
  long v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::pair<std::size_t, std::size_t> line_end_at(std::string_view s, std::size_t p) {
  while (p < s.size() && s[p] != '\n' && s[p] != '\r') ++p;
  std::size_t next = p;
  if (next < s.size() && s[next] == '\r') ++next;
  if (next < s.size() && s[next] == '\n') ++next;
  return {p, next};
}

std::size_t line_begin_at(std::string_view s, std::size_t p) {
  while (p > 0 && s[p - 1] != '\n' && s[p - 1] != '\r') --p;
  return p;
}

Span whole_lines(std::string_view s, Span span) {
  std::size_t last = span.end;
  while (last > span.begin && is_space(s[last - 1])) --last;
  return {line_begin_at(s, span.begin), line_end_at(s, last > span.begin ? last - 1 : last).second};
}

InsertPoint insertion_point(std::string_view bytes, std::size_t after, bool at_end_of_file) {
  // The line after which to insert: the one holding the last non-blank byte before `after`.
  std::size_t last = after;
  while (last > 0 && is_space(bytes[last - 1])) --last;
  InsertPoint p;
  p.at = bytes.size();
  if (!at_end_of_file) {
    const auto [eol_begin, next] = line_end_at(bytes, last > 0 ? last - 1 : 0);
    p.at = next;
    if (eol_begin == next) {
      p.eol_before = true;  // the last line has no line end: give it one, add none after
    } else {
      p.eol = std::string(bytes.substr(eol_begin, next - eol_begin));
    }
  } else if (!bytes.empty() && (bytes.back() == '\n' || bytes.back() == '\r')) {
    // The end of the file: its last line end, so that a blank line added before the new line
    // is one (a "\n" after a lone "\r" would join it into one CRLF).
    const bool crlf = bytes.back() == '\n' && bytes.size() > 1 && bytes[bytes.size() - 2] == '\r';
    p.eol = std::string(bytes.substr(bytes.size() - (crlf ? 2 : 1)));
  } else {
    p.eol_before = !bytes.empty();
  }
  if (p.eol_before) {
    const auto [b, n] = line_end_at(bytes, 0);
    if (n > b) p.eol = std::string(bytes.substr(b, n - b));
  }
  return p;
}

Fit fit_new_line(const Source& src, const Plan& plan, const Edit& insert) {
  const std::string_view bytes = src.bytes();
  const std::size_t at = insert.span.begin;
  // The new line, without the line end that the file's last line may be given before it.
  const std::string_view line =
      std::string_view(insert.text).substr(insert.text.find_first_not_of("\r\n"));
  const bool doubt_after =
      at < bytes.size() && bytes[at] != '\n' && bytes[at] != '\r' &&
      !opens_sibling_item(line, bytes.substr(at, line_end_at(bytes, at).first - at));
  const auto [before, prev] = line_before(bytes, at);
  if (!doubt_after && !doubt_before(plan, before, prev)) return {};
  const Source after(src.name(), apply_edits(bytes, {insert}));
  const std::size_t inserted_end = at + insert.text.size();
  const Parsed<Plan> parsed = parse_plan(after);
  const std::vector<Task>& tasks = parsed.value->tasks;
  Fit fit;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    if (tasks[i].item.begin < at || tasks[i].item.begin >= inserted_end) continue;
    fit.blank_after = tasks[i].item.end > inserted_end;
    if (i > 0 && tasks[i - 1].indented_as_code) {
      const std::size_t adopted = tasks[i - 1].box_span.begin;
      fit.blank_before = std::none_of(plan.tasks.begin(), plan.tasks.end(),
                                      [&](const Task& t) { return t.box_span.begin == adopted; });
    }
    break;
  }
  return fit;  // when the new line is no task there (inside an HTML block, say), nothing to fit
}

void fit_insertion(const Source& src, const Plan& plan, Edit& insert, const std::string& eol,
                   std::uint32_t& line) {
  const Fit fit = fit_new_line(src, plan, insert);
  if (fit.blank_after) insert.text += eol;
  if (fit.blank_before) {
    insert.text.insert(0, eol);
    ++line;
  }
}

std::string describe(const Task& t) {
  std::string out = "#" + std::to_string(t.ordinal);
  if (!t.id.empty()) out.append(" ").append(t.id);
  return out.append(": ").append(t.title);
}

}  // namespace wildplan::detail
