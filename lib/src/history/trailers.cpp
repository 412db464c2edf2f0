// Commit trailers (trailers.hpp).
#include "history/trailers.hpp"

namespace wildplan::detail {
namespace {

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool same_key(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string_view> trailer(std::string_view message, std::string_view key) {
  // The last paragraph: after the last blank line that has text after it.
  std::size_t start = std::string_view::npos;  // of the last paragraph
  bool first_paragraph = true, in_text = false;
  for (std::size_t pos = 0; pos < message.size();) {
    const std::size_t nl = std::min(message.find('\n', pos), message.size());
    const std::string_view line = message.substr(pos, nl - pos);
    if (blank(line)) {
      if (in_text) first_paragraph = false;
      in_text = false;
    } else if (!in_text) {
      in_text = true;
      start = first_paragraph ? std::string_view::npos : pos;
    }
    pos = nl + 1;
  }
  if (start == std::string_view::npos) return std::nullopt;
  for (std::size_t pos = start; pos < message.size();) {
    const std::size_t nl = std::min(message.find('\n', pos), message.size());
    const std::string_view line = message.substr(pos, nl - pos);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && same_key(trim(line.substr(0, colon)), key))
      return trim(line.substr(colon + 1));
    pos = nl + 1;
  }
  return std::nullopt;
}

}  // namespace wildplan::detail
