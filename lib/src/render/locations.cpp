#include "render/locations.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>

#include "source/utf8.hpp"

namespace wildplan::detail {

namespace fs = std::filesystem;

ReportPath report_path(std::string_view file, const ReportRoot& where) {
  if (file == "<stdin>") return {std::string(file), true};  // a name, not a path
  fs::path p(file);
  if (p.is_relative() && !where.cwd.empty()) p = fs::path(where.cwd) / p;
  p = p.lexically_normal();
  if (p.is_relative() || where.root.empty()) {
    // Taken as relative to the root already (the library's callers, the tests), or absolute
    // with no root to be relative to.
    return {p.generic_string(), p.is_relative()};
  }
  const fs::path rel = p.lexically_relative(fs::path(where.root).lexically_normal());
  if (rel.empty() || *rel.begin() == "..") return {p.generic_string(), false};
  return {rel.generic_string(), true};
}

std::string uri_of(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x80 && std::isalnum(c)) || (ch != '\0' && std::strchr("-._~/", ch))) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::uint32_t code_point_column(const Source& src, std::uint32_t line, std::uint32_t column) {
  if (column == 0) return 1;
  const std::string_view text = src.line_text(line);
  const std::size_t bytes = std::min<std::size_t>(column - 1, text.size());
  std::uint32_t points = 1;
  for (std::size_t i = 0; i < bytes;) {
    i += decode_utf8(text, i).length;
    ++points;
  }
  return points + static_cast<std::uint32_t>(column - 1 - bytes);
}

}  // namespace wildplan::detail
