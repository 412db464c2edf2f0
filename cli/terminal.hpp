#pragma once
// Terminal: where a command's report (stdout) and the program's own failures (stderr) go, and
// whether they are colored. Color only when asked, or when stdout is a TTY, TERM is not "dumb"
// and NO_COLOR is unset.

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

  bool color() const { return color_; }
  TextStyle style() const { return {color_}; }
  bool stdin_is_tty() const;

  void out(std::string_view text);
  void err(std::string_view text);
  /// `wildplan: error: <message>` on stderr.
  void error(std::string_view message);
  /// `wildplan: <message>` on stderr.
  void info(std::string_view message);
  /// Each diagnostic, with its source line, on `stream`.
  void diagnostics(std::FILE* stream, const Source* src, const std::vector<Diagnostic>& ds);

  std::FILE* out_stream() const { return out_; }
  std::FILE* err_stream() const { return err_; }

 private:
  std::FILE* out_;
  std::FILE* err_;
  bool color_;
};

}  // namespace wildplan::cli
