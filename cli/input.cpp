#include "command.hpp"

namespace wildplan::cli {

Source read_input(const std::string& path, Terminal& term,
                  const std::optional<std::string>& fallback) {
  if (!path.empty()) return read_source(path);
  if (!term.stdin_is_tty()) return read_source("-");
  if (fallback) return read_source(*fallback);
  throw OptionError("no input: name a FILE, or '-' to read standard input");
}

}  // namespace wildplan::cli
