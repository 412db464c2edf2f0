#pragma once
// Terminal: where a command's report (stdout) and the program's own failures (stderr) go, and
// whether each is colored. --color=always and never decide; auto decides per stream: NO_COLOR
// set and not empty, or CLICOLOR=0, colors nothing; CLICOLOR_FORCE set and not 0 colors both
// (https://no-color.org, https://bixense.com/clicolors); otherwise a stream is colored when it is
// a terminal and TERM is not "dumb".

#include <cstdio>
#include <string>
#include <string_view>

#include "wildplan/diagnostic.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {

enum class ColorMode { Auto, Always, Never };

class Terminal {
 public:
  Terminal(std::FILE* out, std::FILE* err, ColorMode mode);

  /// Whether what goes to `stream` (the report's or the failures' stream) is colored.
  bool color(std::FILE* stream) const { return stream == err_ ? color_err_ : color_out_; }
  TextStyle style(std::FILE* stream) const { return {color(stream)}; }
  /// Standard input is input: a pipe, a regular file or a socket (not a terminal, not
  /// /dev/null or another device).
  bool stdin_is_input() const;

  void out(std::string_view text);
  /// Text that comes from the input (a plan, a signal): raw bytes when standard output is a pipe
  /// or a file, where they are data; on a terminal, each line escaped (escape_for_terminal), so
  /// that a reply cannot clear the screen or plant a hyperlink.
  void out_data(std::string_view text);
  void err(std::string_view text);
  /// `wildplan: error: <message>` on stderr.
  void error(std::string_view message);
  /// The message of the last error(): the error document of a failure found while parsing.
  const std::string& last_error() const { return last_error_; }
  /// `wildplan: <message>` on stderr.
  void info(std::string_view message);
  /// `wildplan: warning: <message>` on stderr.
  void warning(std::string_view message);
  /// Each diagnostic, with its source line, on `stream`.
  void diagnostics(std::FILE* stream, const Source* src, const std::vector<Diagnostic>& ds);

  std::FILE* out_stream() const { return out_; }
  std::FILE* err_stream() const { return err_; }

 private:
  std::FILE* out_;
  std::FILE* err_;
  bool color_out_;
  bool color_err_;
  std::string last_error_;
};

}  // namespace wildplan::cli
