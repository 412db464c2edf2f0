// Edits: task references, byte patches, new task lines in their neighbours' style, and the
// unified diff that --dry-run prints.
#include "wildplan/edit.hpp"

#include <algorithm>
#include <charconv>

#include "source/strings.hpp"

namespace wildplan {
namespace {

using detail::to_lower;
using detail::trim;

std::optional<long> to_number(std::string_view s) {
  long v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string describe(const Task& t) {
  std::string out = "#" + std::to_string(t.ordinal);
  if (!t.id.empty()) out.append(" ").append(t.id);
  return out.append(": ").append(t.title);
}

/// The end of the line holding offset `p` and the line end itself: [eol_begin, next_line).
std::pair<std::size_t, std::size_t> line_end_at(std::string_view s, std::size_t p) {
  while (p < s.size() && s[p] != '\n' && s[p] != '\r') ++p;
  std::size_t next = p;
  if (next < s.size() && s[next] == '\r') ++next;
  if (next < s.size() && s[next] == '\n') ++next;
  return {p, next};
}

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
  return m > 0 && next.size() > m + 1 && next[m] == ' ' && !detail::is_space(next[m + 1]);
}

/// How a new task line fits where add_task puts it: whether a blank line must set it off from
/// the line before or the line after, so that the insertion is one task, of its own text alone.
struct Fit {
  bool blank_before = false;  ///< the line before is a task line a template left as indented
                              ///< code: a list right after it would make it a task too
  bool blank_after = false;   ///< the line after is paragraph text (CommonMark's laziness): after
                              ///< a list whose last item ends in code, a quote or a closed fence,
                              ///< a paragraph with no blank line before it belongs to no item,
                              ///< but it would belong to the new one
};

/// Decides the Fit of `insert` (at its span, after any line end it adds first) by parsing the
/// result, when the lines around it leave any doubt: a blank line or a sibling item after it, and
/// a task or a line with no box before it, need no parse.
Fit fit_new_line(const Source& src, const Plan& plan, const Edit& insert) {
  const std::string_view bytes = src.bytes();
  const std::size_t at = insert.span.begin;
  // The new line, without the line end that the file's last line may be given before it.
  const std::string_view line =
      std::string_view(insert.text).substr(insert.text.find_first_not_of("\r\n"));
  const bool doubt_after =
      at < bytes.size() && bytes[at] != '\n' && bytes[at] != '\r' &&
      !opens_sibling_item(line, bytes.substr(at, line_end_at(bytes, at).first - at));
  // The line the insertion follows: in doubt when it holds something like a box but no task.
  std::size_t prev = at;
  while (prev > 0 && bytes[prev - 1] != '\n' && bytes[prev - 1] != '\r') --prev;
  if (prev == at && at > 0) {
    prev = at - 1;
    if (prev > 0 && bytes[prev] == '\n' && bytes[prev - 1] == '\r') --prev;
    while (prev > 0 && bytes[prev - 1] != '\n' && bytes[prev - 1] != '\r') --prev;
  }
  const std::string_view before = bytes.substr(prev, line_end_at(bytes, prev).first - prev);
  bool boxed = false;
  for (std::size_t i = 0; i + 2 < before.size() && !boxed; ++i) {
    boxed = before[i] == '[' && before[i + 2] == ']';
  }
  const bool doubt_before =
      boxed && std::none_of(plan.tasks.begin(), plan.tasks.end(), [&](const Task& t) {
        return t.line_span.begin >= prev && t.line_span.begin < prev + before.size();
      });
  if (!doubt_after && !doubt_before) return {};
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
      r.error = "no task " + std::string(ref) + ": the file has " + std::to_string(tasks.size()) +
                " tasks";
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

Edit set_field(const Source& src, const Task& task, std::string_view key, std::string_view value) {
  std::string clean;
  for (char c : value) clean += (c == '\n' || c == '\r' || c == '|') ? ' ' : c;
  clean = detail::collapse_space(clean);
  for (const Field& f : task.fields) {
    if (to_lower(f.key) == to_lower(key)) {
      return {f.span, f.key + ": " + clean};
    }
  }
  (void)src;
  const std::size_t end = task.text_span.end;  // after the last non-blank byte of the line
  return {{end, end}, " | " + std::string(key) + ": " + clean};
}

NewTask add_task(const Source& src, const Plan& plan, std::string_view text,
                 const Placement& where) {
  const std::string_view bytes = src.bytes();
  const auto& tasks = plan.tasks;
  const Task* style = nullptr;   // whose line the new one copies
  std::size_t insert_after = 0;  // offset: the new line goes after the line holding it
  bool as_child = false;
  std::optional<std::size_t> parent;
  if (where.under) {
    const Task& p = tasks.at(*where.under);
    parent = *where.under;
    std::optional<std::size_t> last_child;
    for (std::size_t c : p.children) {
      if (tasks[c].parent == *where.under) last_child = c;
    }
    if (last_child) {
      style = &tasks[*last_child];
      insert_after = style->item.end;
    } else {
      style = &p;
      as_child = true;
      insert_after = p.item.end;
    }
  } else if (where.after) {
    style = &tasks.at(*where.after);
    insert_after = style->item.end;
    if (style->parent) parent = style->parent;
  } else {
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      const Task& t = tasks[i];
      if (t.depth != 0) continue;
      if (where.phase && !(t.phase && plan.phases[*t.phase].number == *where.phase)) continue;
      style = &t;
    }
    if (style) insert_after = style->item.end;
    if (!style && where.phase) {
      for (const Phase& ph : plan.phases) {
        if (ph.number == *where.phase) insert_after = plan.sections[ph.section].span.end;
      }
      if (insert_after == 0) throw Error("the plan has no phase " + *where.phase);
      for (const Task& t : tasks) {
        if (t.depth == 0) style = &t;
      }
    }
  }

  // The line after which to insert: the one holding the last non-blank byte of the anchor.
  std::size_t last = insert_after;
  while (last > 0 && detail::is_space(bytes[last - 1])) --last;
  std::size_t at = bytes.size();
  std::string eol = "\n";
  bool need_eol_before = false;
  if (!tasks.empty() || insert_after > 0) {
    const auto [eol_begin, next] = line_end_at(bytes, last > 0 ? last - 1 : 0);
    at = next;
    if (eol_begin == next) {
      need_eol_before = true;  // the last line has no line end: give it one, add none after
    } else {
      eol = std::string(bytes.substr(eol_begin, next - eol_begin));
    }
  } else if (!bytes.empty() && (bytes.back() == '\n' || bytes.back() == '\r')) {
    // The end of the file: its last line end, so that a blank line added before the new line
    // is one (a "\n" after a lone "\r" would join it into one CRLF).
    const bool crlf = bytes.back() == '\n' && bytes.size() > 1 && bytes[bytes.size() - 2] == '\r';
    eol = std::string(bytes.substr(bytes.size() - (crlf ? 2 : 1)));
  } else {
    need_eol_before = !bytes.empty();
  }
  if (need_eol_before) {
    const auto [b, n] = line_end_at(bytes, 0);
    if (n > b) eol = std::string(bytes.substr(b, n - b));
  }

  // Indentation and list marker, copied from the style task's line.
  std::string prefix = "- ";
  std::string marker = "- ";
  if (style) {
    // A first item a template indented into code takes its list's indentation: the next task's
    // (the list's first item), so that the new line is no code.
    const Task& shape =
        style->indented_as_code && style->ordinal < tasks.size() ? tasks[style->ordinal] : *style;
    const std::size_t line_begin = shape.item.begin - (shape.pos.column - 1);
    std::string indent(bytes.substr(line_begin, shape.item.begin - line_begin));
    marker =
        std::string(bytes.substr(style->item.begin, style->box_span.begin - style->item.begin));
    if (!marker.empty() && std::isdigit(static_cast<unsigned char>(marker[0]))) {
      std::size_t d = 0;
      while (d < marker.size() && std::isdigit(static_cast<unsigned char>(marker[d]))) ++d;
      const long n = to_number(marker.substr(0, d)).value_or(0);
      marker = (as_child ? "1" : std::to_string(n + 1)) + marker.substr(d);
    }
    if (as_child) {
      // A first child is indented to the parent's content (where its box starts).
      for (char& c : indent) {
        if (c != '\t' && c != '>') c = ' ';
      }
      indent += std::string(style->box_span.begin - style->item.begin, ' ');
      marker = std::string(1, bytes[style->item.begin]) == "*" ||
                       std::string(1, bytes[style->item.begin]) == "+"
                   ? std::string(1, bytes[style->item.begin]) + " "
               : std::isdigit(static_cast<unsigned char>(bytes[style->item.begin])) ? marker
                                                                                    : "- ";
    }
    prefix = indent + marker;
  }

  // The id, in the scheme of the neighbours.
  NewTask out;
  std::string body(text);
  const Task* scheme = style;
  if (scheme && scheme->id_kind != IdKind::None) {
    auto max_of = [&](auto&& key_of) {
      long m = 0;
      for (const Task& t : tasks) {
        if (auto v = key_of(t)) m = std::max(m, *v);
      }
      return m;
    };
    switch (scheme->id_kind) {
      case IdKind::Word:
        if (!as_child) {
          const long n = max_of([](const Task& t) -> std::optional<long> {
            return t.id_kind == IdKind::Word ? to_number(std::string_view(t.id).substr(5))
                                             : std::nullopt;
          });
          out.id = "Task " + std::to_string(n + 1);
          body = out.id + ": " + body;
        }
        break;
      case IdKind::Phased: {
        const std::string phase =
            where.phase ? *where.phase : scheme->id.substr(1, scheme->id.find('-') - 1);
        const std::string stem = parent && as_child ? scheme->id + "." : "P" + phase + "-T";
        const long n = max_of([&](const Task& t) -> std::optional<long> {
          if (t.id_kind != IdKind::Phased || !t.id.starts_with(stem)) return std::nullopt;
          const std::string rest = t.id.substr(stem.size());
          return to_number(rest.substr(0, rest.find('.')));
        });
        const std::string sub_stem =
            parent && !as_child && scheme->id.rfind('.') != std::string::npos
                ? scheme->id.substr(0, scheme->id.rfind('.') + 1)
                : stem;
        long m = n;
        if (sub_stem != stem) {
          m = max_of([&](const Task& t) -> std::optional<long> {
            return t.id_kind == IdKind::Phased && t.id.starts_with(sub_stem)
                       ? to_number(t.id.substr(sub_stem.size()))
                       : std::nullopt;
          });
        }
        out.id = sub_stem + std::to_string(m + 1);
        body = "[" + out.id + "] " + body;
        break;
      }
      case IdKind::SpecKit: {
        const long n = max_of([](const Task& t) -> std::optional<long> {
          return t.id_kind == IdKind::SpecKit ? to_number(std::string_view(t.id).substr(1))
                                              : std::nullopt;
        });
        std::string digits = std::to_string(n + 1);
        if (digits.size() < scheme->id.size() - 1)
          digits.insert(0, scheme->id.size() - 1 - digits.size(), '0');
        out.id = "T" + digits;
        body = out.id + " " + body;
        break;
      }
      case IdKind::Number: {
        // Top level: the next whole number ("4."); a subtask: the parent's number and the next
        // part ("4.2").
        std::string stem;
        if (as_child) {
          stem = scheme->id + ".";
        } else if (scheme->id.find('.') != std::string::npos) {
          stem = scheme->id.substr(0, scheme->id.rfind('.') + 1);
        }
        const long n = max_of([&](const Task& t) -> std::optional<long> {
          if (t.id_kind != IdKind::Number) return std::nullopt;
          if (stem.empty())
            return t.id.find('.') == std::string::npos ? to_number(t.id) : std::nullopt;
          return t.id.starts_with(stem) ? to_number(t.id.substr(stem.size())) : std::nullopt;
        });
        out.id = stem + std::to_string(n + 1);
        body = out.id + (stem.empty() ? ". " : " ") + body;
        break;
      }
      default:
        break;
    }
  }
  std::string line = prefix + "[ ] " + body;
  out.edit.span = {at, at};
  out.edit.text = need_eol_before ? eol + line : line + eol;
  const Fit fit = fit_new_line(src, plan, out.edit);
  if (fit.blank_after) out.edit.text += eol;
  if (fit.blank_before) out.edit.text.insert(0, eol);
  out.line = src.position(std::min(at, bytes.size())).line + (need_eol_before ? 1 : 0) +
             (fit.blank_before ? 1 : 0);
  return out;
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
