// git's lists of path names, as `git diff --name-only` prints them (git.hpp).
#include "wildplan/git.hpp"

namespace wildplan {
namespace {

/// `quoted` (the text between the quotes of a C-quoted name) unquoted as git's
/// unquote_c_style() reads it; nullopt when it is not valid quoting.
std::optional<std::string> unquote(std::string_view quoted) {
  std::string out;
  for (std::size_t i = 0; i < quoted.size(); ++i) {
    const char c = quoted[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i == quoted.size()) return std::nullopt;
    const char e = quoted[i];
    switch (e) {
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      default: {
        if (e < '0' || e > '3' || i + 2 >= quoted.size() || quoted[i + 1] < '0' ||
            quoted[i + 1] > '7' || quoted[i + 2] < '0' || quoted[i + 2] > '7')
          return std::nullopt;
        out +=
            static_cast<char>((e - '0') * 64 + (quoted[i + 1] - '0') * 8 + (quoted[i + 2] - '0'));
        i += 2;
      }
    }
  }
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> parse_git_names(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(i, nl - i);
    i = nl + 1;
    if (line.empty()) continue;
    if (line.size() >= 2 && line.front() == '"' && line.back() == '"') {
      auto name = unquote(line.substr(1, line.size() - 2));
      if (!name) return std::nullopt;
      out.push_back(std::move(*name));
    } else if (line.front() == '"') {
      return std::nullopt;
    } else {
      out.emplace_back(line);
    }
  }
  return out;
}

}  // namespace wildplan
