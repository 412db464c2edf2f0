// GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per diagnostic,
// which a workflow step's log turns into annotations on the pull request's diff. Escaped as the
// Actions toolkit escapes them (actions/toolkit, packages/core/src/command.ts): in the message,
// '%', CR and LF; in a property, also ':' and ','. The file is relative to the repository's root,
// as the runner expects; columns are Unicode code points, the end column inclusive, and given
// only for a span on one line (the runner ignores them otherwise).
#include <algorithm>
#include <string>

#include "render/locations.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace {

void escape_data(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
}

void escape_property(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case ':':
        out += "%3A";
        break;
      case ',':
        out += "%2C";
        break;
      default:
        escape_data(out, std::string_view(&c, 1));
    }
  }
}

const char* command_of(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      break;
  }
  return "notice";
}

}  // namespace

void write_github_annotations(const std::vector<ValidatedFile>& files, const Sink& sink,
                              const ReportRoot& where) {
  std::string out;
  for (const ValidatedFile& f : files) {
    for (const Diagnostic& d : f.result->diagnostics) {
      const Source* src = d.file == f.source->name() ? f.source : nullptr;
      auto column = [&](std::uint32_t line, std::uint32_t col) {
        return src ? detail::code_point_column(*src, line, col) : col;
      };
      auto property = [&](std::string_view key, std::string_view value) {
        out += key;
        out += '=';
        escape_property(out, value);
        out += ',';
      };
      out += "::";
      out += command_of(d.severity);
      out += ' ';
      property("file", detail::report_path(d.file, where).path);
      property("line", std::to_string(d.begin.line > 0 ? d.begin.line : 1));
      if (d.end.line > d.begin.line) {
        property("endLine", std::to_string(d.end.line));  // no columns across lines
      } else if (d.begin.line > 0) {
        const std::uint32_t begin = column(d.begin.line, d.begin.column);
        property("col", std::to_string(begin));
        if (d.end.line == d.begin.line && d.end.column > d.begin.column) {
          property("endLine", std::to_string(d.end.line));
          property("endColumn",
                   std::to_string(std::max(begin, column(d.end.line, d.end.column) - 1)));
        }
      }
      property("title", d.rule);
      out.back() = ':';  // the last property's comma
      out += ':';
      escape_data(out, d.message);
      out += '\n';
      if (out.size() > 64 * 1024) {
        sink(out);
        out.clear();
      }
    }
  }
  if (!out.empty()) sink(out);
}

}  // namespace wildplan
