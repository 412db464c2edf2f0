// Human-readable output: diagnostics in the GNU and clang style, and escaping of untrusted text
// for the terminal (control characters, C1 controls, bidirectional overrides, invalid UTF-8).
#include <algorithm>
#include <cstdint>
#include <cstring>
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

/// The end of the run of printable ASCII that starts at `i`, eight bytes at a time: a word has
/// no byte below 0x20 and none above 0x7E when neither of these borrows reaches a high bit.
std::size_t printable_run(std::string_view text, std::size_t i) {
  constexpr std::uint64_t kOnes = 0x0101010101010101u;
  constexpr std::uint64_t kHigh = 0x8080808080808080u;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    const std::uint64_t below = (w - kOnes * 0x20) & ~w;          // a byte < 0x20
    const std::uint64_t above = (w + kOnes * (0x7F - 0x7E)) | w;  // a byte > 0x7E
    if ((below | above) & kHigh) break;
  }
  while (i < text.size() && printable_ascii(static_cast<unsigned char>(text[i]))) ++i;
  return i;
}

void append_escaped(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t run = printable_run(text, i); run > i) {
      out.append(text.data() + i, run - i);
      i = run;
      continue;
    }
    const detail::Decoded d = static_cast<unsigned char>(text[i]) < 0x80
                                  ? detail::Decoded{static_cast<unsigned char>(text[i]), 1}
                                  : detail::decode_utf8(text, i);
    append_escaped_char(out, text, i, d);
    i += d.length;
  }
}

/// A diagnostic whose source line (when it has one) is `source_line`.
void append_with_line(std::string& out, const Diagnostic& d,
                      std::optional<std::string_view> source_line, TextStyle style) {
  if (style.color) out += kBold;
  append_escaped(out, d.file);
  if (d.begin.line > 0) {
    out += ':';
    out += std::to_string(d.begin.line);
    if (d.begin.column > 0) {  // 0: the line as a whole (a transcript's line)
      out += ':';
      out += std::to_string(d.begin.column);
    }
  }
  if (d.text_begin.line > 0) {  // where in that line's text
    out += ": text ";
    out += std::to_string(d.text_begin.line);
    out += ':';
    out += std::to_string(d.text_begin.column);
  }
  out += ": ";
  if (style.color) out.append(kReset).append(severity_color(d.severity));
  out += to_string(d.severity);
  out += ": ";
  if (style.color) out.append(kReset).append(kBold);
  append_escaped(out, d.message);
  if (style.color) out += kReset;
  out.append(" [").append(d.rule).append("]\n");
  if (!source_line || d.begin.column == 0) return;  // no column: no caret to show

  // The source line and a caret under the span (to the end of the line when it goes past):
  // one caret column per column shown, and an escaped character shows as several.
  const std::string_view line = *source_line;
  const std::string number = std::to_string(d.begin.line);
  const std::size_t begin = d.begin.column - 1;
  const std::size_t end =
      d.end.line == d.begin.line && d.end.column > d.begin.column ? d.end.column - 1 : begin + 1;
  out.append(" ").append(number).append(" | ");
  thread_local std::string caret;  // its buffer reused from one diagnostic to the next
  caret.clear();
  // The caret marks of the columns [from, to), each one column wide.
  const auto mark_run = [&](std::size_t from, std::size_t to) {
    to = std::min(to, end);
    if (from >= to) return;
    if (from < begin) caret.append(std::min(to, begin) - from, ' ');
    if (begin >= from && begin < to) caret += '^';
    const std::size_t tildes_from = std::max(from, begin + 1);
    if (to > tildes_from) caret.append(to - tildes_from, '~');
  };
  for (std::size_t i = 0; i < line.size();) {
    if (const std::size_t run = printable_run(line, i); run > i) {  // the common case, in bulk
      out.append(line.data() + i, run - i);
      mark_run(i, run);
      i = run;
      continue;
    }
    const auto c = static_cast<unsigned char>(line[i]);
    std::size_t length = 1;
    std::size_t width = 1;
    if (c == '\t') {
      out += ' ';
    } else {
      const detail::Decoded dc = c < 0x80 ? detail::Decoded{c, 1} : detail::decode_utf8(line, i);
      length = dc.length;
      const std::size_t before = out.size();
      append_escaped_char(out, line, i, dc);
      const bool escaped = out.compare(before, std::string::npos, line.data() + i, length) != 0;
      width = escaped ? out.size() - before : 1;
    }
    if (i < end) caret.append(width, i == begin ? '^' : (i > begin ? '~' : ' '));
    i += length;
  }
  if (begin >= line.size()) caret.append(begin - std::min(begin, line.size()), ' ').append("^");
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
  std::optional<std::string_view> line;
  if (src && d.begin.line > 0 && d.begin.line <= src->line_count())
    line = src->line_text(d.begin.line);
  append_with_line(out, d, line, style);
}

void append_diagnostics(std::string& out, const Source* src, std::span<const Diagnostic> ds,
                        TextStyle style) {
  // Diagnostics come in line order: find each line from the one before, not from the index.
  std::uint32_t at_line = 0;  // none found yet
  std::size_t at = 0;
  const std::string_view bytes = src ? src->bytes() : std::string_view();
  // Walking from line to line by '\n' is right only where no CR ends a line: look for one in the
  // stretch these diagnostics lie in (a caller writing a chunk at a time reads each byte once).
  bool lf_only = false;
  if (src) {
    std::uint32_t first = 0, last = 0;
    for (const Diagnostic& d : ds) {
      if (d.begin.line == 0 || d.begin.line > src->line_count()) continue;
      first = first ? std::min(first, d.begin.line) : d.begin.line;
      last = std::max(last, d.begin.line);
    }
    if (first) {
      const std::size_t from = src->line_start(first), to = src->line_start(last + 1);
      lf_only = !std::memchr(bytes.data() + from, '\r', to - from);
    }
  }
  for (const Diagnostic& d : ds) {
    std::optional<std::string_view> line;
    if (src && d.begin.line > 0 && d.begin.line <= src->line_count()) {
      if (!lf_only) {
        line = src->line_text(d.begin.line);  // the index knows CR and CRLF line ends
      } else {
        if (at_line == 0 || d.begin.line < at_line) {
          at = src->line_start(d.begin.line);
        } else {
          for (; at_line < d.begin.line; ++at_line) {
            const void* nl = std::memchr(bytes.data() + at, '\n', bytes.size() - at);
            at = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - bytes.data()) + 1
                    : bytes.size();
          }
        }
        at_line = d.begin.line;
        const void* nl = std::memchr(bytes.data() + at, '\n', bytes.size() - at);
        line = bytes.substr(
            at, nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - bytes.data()) - at
                   : bytes.size() - at);
      }
    }
    append_with_line(out, d, line, style);
  }
}

}  // namespace wildplan
