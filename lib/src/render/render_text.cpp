// Human-readable output: diagnostics in the GNU and clang style, and escaping of untrusted text
// for the terminal (control characters, C1 controls, bidirectional overrides, invalid UTF-8).
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "source/utf8.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace {

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kReset = "\x1b[0m";
constexpr const char* kGreen = "\x1b[32m";

const char* severity_color(Severity s) {
  switch (s) {
    case Severity::Note:
      return "\x1b[1;36m";
    case Severity::Warning:
      return "\x1b[1;35m";
    case Severity::Error:
      return "\x1b[1;31m";
  }
  return "";
}

void append_hex(std::string& out, const char* prefix, std::uint32_t v, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += prefix;
  for (int i = digits - 1; i >= 0; --i) out += kHex[(v >> (4 * i)) & 15];
}

bool is_bidi_control(std::int32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

/// Appends the character of `text` at `i` (`length` bytes) as a terminal may show it.
void append_escaped_char(std::string& out, std::string_view text, std::size_t i,
                         const detail::Decoded& d) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {  // C0 controls and DEL; printable ASCII never comes here
    switch (c) {
      case '\t':
        out += '\t';
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        append_hex(out, "\\x", c, 2);
    }
  } else if (d.code_point < 0) {
    append_hex(out, "\\x", c, 2);
  } else if ((d.code_point >= 0x80 && d.code_point < 0xA0) || is_bidi_control(d.code_point)) {
    append_hex(out, "\\u", static_cast<std::uint32_t>(d.code_point), 4);
  } else {
    out.append(text.data() + i, d.length);
  }
}

bool printable_ascii(unsigned char c) { return c >= 0x20 && c < 0x7F; }

void append_escaped(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (printable_ascii(static_cast<unsigned char>(text[i]))) {
      out += text[i++];
      continue;
    }
    const detail::Decoded d = static_cast<unsigned char>(text[i]) < 0x80
                                  ? detail::Decoded{static_cast<unsigned char>(text[i]), 1}
                                  : detail::decode_utf8(text, i);
    append_escaped_char(out, text, i, d);
    i += d.length;
  }
}

/// The part of a source line that a diagnostic shows: the whole line when it is short, else
/// kShownColumns bytes around the caret, so that 20 diagnostics on one 100 MB line print
/// kilobytes, not gigabytes, and read no more than that. ninja cuts its lines at 72 columns; task
/// lines with their fields often run past 100, and a terminal is wider than that today.
struct LineWindow {
  std::string_view text;       ///< the bytes shown
  std::size_t first = 0;       ///< the 0-based column of text[0] in the line
  bool cut_before = false, cut_after = false;
};

constexpr std::size_t kShownColumns = 160;
constexpr std::size_t kColumnsBeforeCaret = 40;  // of context, when the line is cut before

/// Steps back from `i` to the first byte of the UTF-8 character holding it (at most 3 bytes).
std::size_t character_start(std::string_view s, std::size_t floor, std::size_t i) {
  for (int k = 0; k < 3 && i > floor && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80; ++k) --i;
  return i;
}

/// The window of line `d.begin.line` of `src` around column `d.begin.column`; reads only the
/// bytes it shows (and one past them, to know whether the line goes on).
LineWindow line_window(const Source& src, const Diagnostic& d) {
  const std::string_view bytes = src.bytes();
  const std::size_t start = src.line_start(d.begin.line);
  const std::size_t column = d.begin.column ? d.begin.column - 1 : 0;
  const std::size_t caret = start + column;
  LineWindow w;
  std::size_t from = start;
  if (column > kShownColumns - kColumnsBeforeCaret) {
    from = character_start(bytes, start, std::min(caret, bytes.size()) - kColumnsBeforeCaret);
    w.cut_before = from > start;
  }
  const std::size_t limit = std::min(bytes.size(), from + kShownColumns);
  std::size_t to = from;
  while (to < limit && bytes[to] != '\n' && bytes[to] != '\r') ++to;
  if (to == limit && to < bytes.size() && bytes[to] != '\n' && bytes[to] != '\r') {
    to = character_start(bytes, from, to);
    w.cut_after = true;
  }
  w.text = bytes.substr(from, to - from);
  w.first = from - start;
  return w;
}

/// A diagnostic, with its source line when it has one.
void append_with_line(std::string& out, const Diagnostic& d, const LineWindow* window,
                      TextStyle style) {
  if (style.color) out += kBold;
  append_escaped(out, d.file);
  if (d.begin.line > 0) {
    out += ':';
    out += std::to_string(d.begin.line);
    out += ':';
    out += std::to_string(d.begin.column);
  }
  out += ": ";
  if (style.color) out.append(kReset).append(severity_color(d.severity));
  out += to_string(d.severity);
  out += ": ";
  if (style.color) out.append(kReset).append(kBold);
  append_escaped(out, d.message);
  if (style.color) out += kReset;
  out.append(" [").append(d.rule).append("]\n");
  if (!window) return;

  // The source line and a caret under the span (to the end of what is shown when it goes
  // past): one caret column per column shown, and an escaped character shows as several.
  const std::string_view line = window->text;
  const std::string number = std::to_string(d.begin.line);
  const std::size_t begin = d.begin.column ? d.begin.column - 1 : 0;
  const std::size_t end =
      d.end.line == d.begin.line && d.end.column > d.begin.column ? d.end.column - 1 : begin + 1;
  out.append(" ").append(number).append(" | ");
  std::string caret;
  if (window->cut_before) {
    out += "...";
    caret += "   ";
  }
  std::size_t column = window->first;  // of line[i], 0-based, in the whole line
  for (std::size_t i = 0; i < line.size();) {
    const auto c = static_cast<unsigned char>(line[i]);
    std::size_t length = 1;
    std::size_t width = 1;
    if (c == '\t') {
      out += ' ';
    } else if (printable_ascii(c)) {
      out += line[i];
    } else {
      const detail::Decoded dc = c < 0x80 ? detail::Decoded{c, 1} : detail::decode_utf8(line, i);
      length = dc.length;
      const std::size_t before = out.size();
      append_escaped_char(out, line, i, dc);
      const bool escaped = out.compare(before, std::string::npos, line.data() + i, length) != 0;
      width = escaped ? out.size() - before : 1;
    }
    if (column < end) caret.append(width, column == begin ? '^' : (column > begin ? '~' : ' '));
    i += length;
    column += length;
  }
  if (window->cut_after) out += "...";
  if (begin >= column) caret.append(begin - column, ' ').append("^");
  while (!caret.empty() && caret.back() == ' ') caret.pop_back();
  out += '\n';
  out.append(number.size() + 1, ' ').append(" | ");
  if (style.color) out += kGreen;
  out += caret;
  if (style.color) out += kReset;
  out += '\n';
}

}  // namespace

std::string escape_for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

std::string render_diagnostic(const Source* src, const Diagnostic& d, TextStyle style) {
  std::string out;
  append_diagnostic(out, src, d, style);
  return out;
}

void append_diagnostic(std::string& out, const Source* src, const Diagnostic& d, TextStyle style) {
  if (src && d.begin.line > 0 && d.begin.line <= src->line_count()) {
    const LineWindow window = line_window(*src, d);
    append_with_line(out, d, &window, style);
  } else {
    append_with_line(out, d, nullptr, style);
  }
}

void append_diagnostics(std::string& out, const Source* src, std::span<const Diagnostic> ds,
                        TextStyle style) {
  for (const Diagnostic& d : ds) append_diagnostic(out, src, d, style);
}

}  // namespace wildplan
