#include "command.hpp"

namespace wildplan::cli {

std::string input_path(const std::string& path, Terminal& term,
                       const std::optional<std::string>& fallback) {
  if (!path.empty()) return path;
  if (term.stdin_is_input()) return "-";
  if (fallback) return *fallback;
  throw OptionError("no input: name a FILE, or '-' to read standard input");
}

}  // namespace wildplan::cli
