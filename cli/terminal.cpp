#include "terminal.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <span>
#include <string_view>

namespace wildplan::cli {

namespace {

bool set_and_not(const char* name, std::string_view off) {
  const char* v = std::getenv(name);
  return v && *v && std::string_view(v) != off;
}

/// --color=auto for one stream.
bool auto_color(std::FILE* stream) {
  if (set_and_not("NO_COLOR", "")) return false;
  const char* clicolor = std::getenv("CLICOLOR");
  if (clicolor && std::string_view(clicolor) == "0") return false;
  if (set_and_not("CLICOLOR_FORCE", "0")) return true;
  const char* term = std::getenv("TERM");
  return ::isatty(::fileno(stream)) && !(term && std::strcmp(term, "dumb") == 0);
}

}  // namespace

Terminal::Terminal(std::FILE* out, std::FILE* err, ColorMode mode) : out_(out), err_(err) {
  switch (mode) {
    case ColorMode::Always:
      color_out_ = color_err_ = true;
      break;
    case ColorMode::Never:
      color_out_ = color_err_ = false;
      break;
    case ColorMode::Auto:
      color_out_ = auto_color(out);
      color_err_ = auto_color(err);
      break;
  }
}

bool Terminal::stdin_is_input() const {
  struct stat st {};
  if (::fstat(STDIN_FILENO, &st) != 0) return false;
  return S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode) || S_ISSOCK(st.st_mode);
}

void Terminal::out(std::string_view text) { std::fwrite(text.data(), 1, text.size(), out_); }

void Terminal::out_data(std::string_view text) {
  if (!::isatty(::fileno(out_))) return out(text);
  std::string safe;
  safe.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {  // line ends and tabs stay what they are
    const std::size_t stop = std::min(text.find_first_of("\n\t", at), text.size());
    safe += escape_for_terminal(text.substr(at, stop - at));
    if (stop < text.size()) safe += text[stop];
    at = stop + 1;
  }
  out(safe);
}

void Terminal::err(std::string_view text) { std::fwrite(text.data(), 1, text.size(), err_); }

void Terminal::error(std::string_view message) {
  last_error_ = message;
  std::string line = color_err_ ? "wildplan: \x1b[1;31merror:\x1b[0m " : "wildplan: error: ";
  // A message may span lines (a list of what was tried); each line is escaped on its own.
  for (std::size_t p = 0;;) {
    const std::size_t nl = message.find('\n', p);
    line += escape_for_terminal(message.substr(p, nl == std::string_view::npos ? nl : nl - p));
    line += '\n';
    if (nl == std::string_view::npos) break;
    p = nl + 1;
  }
  err(line);
}

void Terminal::warning(std::string_view message) {
  err(std::string(color_err_ ? "wildplan: \x1b[1;35mwarning:\x1b[0m " : "wildplan: warning: ") +
      escape_for_terminal(message) + '\n');
}

void Terminal::info(std::string_view message) {
  err("wildplan: " + escape_for_terminal(message) + '\n');
}

void Terminal::diagnostics(std::FILE* stream, const Source* src,
                           const std::vector<Diagnostic>& ds) {
  // A chunk at a time into one reused buffer: a big file's report is megabytes.
  constexpr std::size_t kChunk = 256;
  const std::span<const Diagnostic> all(ds);
  std::string text;
  for (std::size_t i = 0; i < ds.size(); i += kChunk) {
    text.clear();
    append_diagnostics(text, src, all.subspan(i, std::min(kChunk, ds.size() - i)), style(stream));
    std::fwrite(text.data(), 1, text.size(), stream);
  }
}

}  // namespace wildplan::cli
