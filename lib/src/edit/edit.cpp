// Edits: task references, byte patches, new task lines in their neighbours' style, and the
// unified diff that --dry-run prints.
#include "wildplan/edit.hpp"

#include <algorithm>
#include <cctype>

#include "edit/lines.hpp"
#include "source/strings.hpp"

namespace wildplan {
namespace {

using detail::describe;
using detail::line_end_at;
using detail::to_lower;
using detail::to_number;
using detail::trim;

}  // namespace

Resolution resolve_task(const Plan& plan, std::string_view ref, bool match) {
  Resolution r;
  const auto& tasks = plan.tasks;
  if (match) {
    const std::string needle = to_lower(ref);
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      if (to_lower(tasks[i].text).find(needle) != std::string::npos) r.candidates.push_back(i);
    }
    if (r.candidates.size() == 1) {
      r.index = r.candidates.front();
      r.candidates.clear();
    } else if (r.candidates.empty()) {
      r.error = "no task's text contains '" + std::string(ref) + "'";
    } else {
      r.error =
          "'" + std::string(ref) + "' matches " + std::to_string(r.candidates.size()) + " tasks:";
      for (std::size_t i : r.candidates) r.error += "\n  " + describe(tasks[i]);
    }
    return r;
  }
  if (ref.starts_with('#')) {
    const auto n = to_number(ref.substr(1));
    if (n && *n >= 1 && static_cast<std::size_t>(*n) <= tasks.size()) {
      r.index = static_cast<std::size_t>(*n - 1);
    } else {
      r.error = "no task " + std::string(ref) + ": the file has " + detail::plural(tasks.size(), "task");
    }
    return r;
  }
  const std::string key = task_id_key(ref);
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    if (!tasks[i].id.empty() && task_id_key(tasks[i].id) == key) r.candidates.push_back(i);
  }
  if (r.candidates.size() == 1) {
    r.index = r.candidates.front();
    r.candidates.clear();
  } else if (r.candidates.empty()) {
    r.error =
        "no task has the id '" + std::string(ref) + "' (use #N for the N-th task, or --match TEXT)";
  } else {
    r.error = "the id '" + std::string(ref) + "' names " + std::to_string(r.candidates.size()) +
              " tasks:";
    for (std::size_t i : r.candidates) r.error += "\n  " + describe(tasks[i]);
    r.error += "\nname one by #N";
  }
  return r;
}

std::string apply_edits(std::string_view bytes, std::vector<Edit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const Edit& a, const Edit& b) { return a.span.begin < b.span.begin; });
  std::string out;
  out.reserve(bytes.size() + 64);
  std::size_t at = 0;
  for (const Edit& e : edits) {
    out.append(bytes.substr(at, e.span.begin - at));
    out += e.text;
    at = e.span.end;
  }
  out.append(bytes.substr(at));
  return out;
}

Edit set_box(const Task& task, char box) {
  return {{task.box_span.begin + 1, task.box_span.begin + 2}, std::string(1, box)};
}

std::string field_text(std::string_view key, std::string_view value) {
  std::string clean;
  for (char c : value) clean += (c == '\n' || c == '\r' || c == '|') ? ' ' : c;
  return std::string(key) + ": " + detail::collapse_space(clean);
}

bool is_field_key(std::string_view key) {
  if (key.empty() || !std::isalpha(static_cast<unsigned char>(key[0]))) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

Edit set_field(const Source& src, const Task& task, std::string_view key, std::string_view value) {
  (void)src;
  for (const Field& f : task.fields) {
    if (to_lower(f.key) == to_lower(key)) return {f.span, field_text(f.key, value)};
  }
  const std::size_t end = task.text_span.end;  // after the last non-blank byte of the line
  return {{end, end}, " | " + field_text(key, value)};
}

std::optional<Edit> remove_field(const Source& src, const Task& task, std::string_view key) {
  const std::string_view bytes = src.bytes();
  for (const Field& f : task.fields) {
    if (to_lower(f.key) != to_lower(key)) continue;
    // The field with the bar and the blanks before it: `title | a: 1 | key: v` -> `title | a: 1`.
    std::size_t begin = f.span.begin;
    while (begin > task.text_span.begin && bytes[begin - 1] != '|') --begin;
    if (begin > task.text_span.begin) --begin;
    while (begin > task.text_span.begin && (bytes[begin - 1] == ' ' || bytes[begin - 1] == '\t'))
      --begin;
    return Edit{{begin, f.span.end}, ""};
  }
  return std::nullopt;
}

namespace {

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines;
  std::size_t p = 0;
  while (p < s.size()) {
    const auto [e, n] = line_end_at(s, p);
    lines.push_back(s.substr(p, n - p));
    p = n;
  }
  return lines;
}

/// One diff line: the mark, the line without its line end, a newline.
void add_line(std::string& out, char mark, std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  out += mark;
  out.append(line);
  out += '\n';
}

}  // namespace

std::string unified_diff(std::string_view name, std::string_view before, std::string_view after) {
  if (before == after) return {};
  const auto a = split_lines(before);
  const auto b = split_lines(after);
  // The edits wildplan makes change lines in place or insert one: pair the lines when the
  // counts agree, else trim the common head and tail.
  struct Hunk {
    std::size_t a_begin, a_end, b_begin, b_end;
  };
  std::vector<Hunk> hunks;
  if (a.size() == b.size()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i] != b[i]) hunks.push_back({i, i + 1, i, i + 1});
    }
  } else {
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
      ++tail;
    hunks.push_back({head, a.size() - tail, head, b.size() - tail});
  }
  constexpr std::size_t kContext = 3;
  std::string out = "--- a/" + std::string(name) + "\n+++ b/" + std::string(name) + "\n";
  for (std::size_t h = 0; h < hunks.size();) {
    // Merge hunks whose context overlaps.
    std::size_t last = h;
    while (last + 1 < hunks.size() && hunks[last + 1].a_begin <= hunks[last].a_end + 2 * kContext)
      ++last;
    const std::size_t a0 = hunks[h].a_begin > kContext ? hunks[h].a_begin - kContext : 0;
    const std::size_t a1 = std::min(a.size(), hunks[last].a_end + kContext);
    const long shift = static_cast<long>(hunks[h].b_begin) - static_cast<long>(hunks[h].a_begin);
    const std::size_t b0 = static_cast<std::size_t>(static_cast<long>(a0) + shift);
    const std::size_t b1 = std::min(b.size(), hunks[last].b_end + kContext);
    out += "@@ -" + std::to_string(a0 + 1) + "," + std::to_string(a1 - a0) + " +" +
           std::to_string(b0 + 1) + "," + std::to_string(b1 - b0) + " @@\n";
    std::size_t i = a0, j = b0;
    for (std::size_t k = h; k <= last; ++k) {
      for (; i < hunks[k].a_begin; ++i, ++j) add_line(out, ' ', a[i]);
      for (; i < hunks[k].a_end; ++i) add_line(out, '-', a[i]);
      for (; j < hunks[k].b_end; ++j) add_line(out, '+', b[j]);
    }
    for (; i < a1; ++i, ++j) add_line(out, ' ', a[i]);
    h = last + 1;
  }
  return out;
}

}  // namespace wildplan
