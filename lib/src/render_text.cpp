// Human-readable output: diagnostics in the GNU and clang style, and escaping of untrusted text
// for the terminal (control characters, C1 controls, bidirectional overrides, invalid UTF-8).
#include <string>

#include "utf8.hpp"
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

}  // namespace

std::string escape_for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c == '\t') {
      out += '\t';
      ++i;
      continue;
    }
    if (c < 0x80) {  // C0 controls and DEL
      switch (c) {
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          append_hex(out, "\\x", c, 2);
      }
      ++i;
      continue;
    }
    const detail::Decoded d = detail::decode_utf8(text, i);
    if (d.code_point < 0) {
      append_hex(out, "\\x", c, 2);
    } else if ((d.code_point >= 0x80 && d.code_point < 0xA0) || is_bidi_control(d.code_point)) {
      append_hex(out, "\\u", static_cast<std::uint32_t>(d.code_point), 4);
    } else {
      out.append(text.data() + i, d.length);
    }
    i += d.length;
  }
  return out;
}

std::string render_diagnostic(const Source* src, const Diagnostic& d, TextStyle style) {
  std::string out;
  if (style.color) out += kBold;
  out += escape_for_terminal(d.file);
  if (d.begin.line > 0) {
    out += ':' + std::to_string(d.begin.line) + ':' + std::to_string(d.begin.column);
  }
  out += ": ";
  if (style.color) out += std::string(kReset) + severity_color(d.severity);
  out += to_string(d.severity);
  out += ": ";
  if (style.color) out += std::string(kReset) + kBold;
  out += escape_for_terminal(d.message);
  if (style.color) out += kReset;
  out += " [" + d.rule + "]\n";
  if (!src || d.begin.line == 0 || d.begin.line > src->line_count()) return out;

  // The source line and a caret under the span (to the end of the line when it goes past).
  const std::string_view line = src->line_text(d.begin.line);
  const std::string number = std::to_string(d.begin.line);
  std::string shown, caret;
  const std::size_t begin = d.begin.column - 1;
  const std::size_t end =
      d.end.line == d.begin.line && d.end.column > d.begin.column ? d.end.column - 1 : begin + 1;
  for (std::size_t i = 0; i < line.size();) {
    const detail::Decoded dc = detail::decode_utf8(line, i);
    std::string piece =
        line[i] == '\t' ? std::string(" ") : escape_for_terminal(line.substr(i, dc.length));
    shown += piece;
    // One caret column per shown character (an escape shows as several).
    const bool escaped = piece != line.substr(i, dc.length);
    const std::size_t width = escaped ? piece.size() : 1;
    const char mark = i == begin ? '^' : (i > begin && i < end ? '~' : ' ');
    if (i < end) caret.append(width, mark);
    i += dc.length;
  }
  if (begin >= line.size()) caret.append(begin - std::min(begin, line.size()), ' ').append("^");
  while (!caret.empty() && caret.back() == ' ') caret.pop_back();
  const std::string gutter(number.size() + 1, ' ');
  out += ' ' + number + " | " + shown + '\n';
  out += gutter + " | ";
  if (style.color) out += kGreen;
  out += caret;
  if (style.color) out += kReset;
  out += '\n';
  return out;
}

}  // namespace wildplan
