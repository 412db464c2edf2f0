#pragma once
// Diagnostic: one problem found in the input, from the parser to every renderer. Input problems
// are values (Parsed<T>); failures of the program's environment are exceptions (Error).

#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "wildplan/source.hpp"

namespace wildplan {

enum class Severity { Note, Warning, Error };

/// "note", "warning" or "error".
const char* to_string(Severity s);

struct Diagnostic {
  std::string file;      ///< as the user named it; "<stdin>" for standard input
  SourcePos begin, end;  ///< end == begin for a point; {0,0}: the whole file
  Severity severity = Severity::Error;
  std::string rule;     ///< stable id, e.g. "plan-unclosed"
  std::string message;  ///< lowercase, no final period, says what to do
  /// In text read out of a JSON-lines transcript: the 1-based line and byte column within the
  /// text of line `begin.line` (whose column is then 0, the line as a whole). {0,0}: not so.
  SourcePos text_begin, text_end;
};

/// A Diagnostic positioned at `span` of `src`.
Diagnostic make_diagnostic(const Source& src, Span span, Severity severity, std::string rule,
                           std::string message);
/// The same with the rule's default severity (the rule table, rules.hpp).
Diagnostic make_diagnostic(const Source& src, Span span, std::string rule, std::string message);

template <typename T>
struct Parsed {
  std::optional<T> value;               ///< empty when errors made the value unusable
  std::vector<Diagnostic> diagnostics;  ///< in source order
  explicit operator bool() const { return value.has_value(); }
};

/// True when any diagnostic is an error.
bool has_errors(const std::vector<Diagnostic>& diagnostics);

/// A failure of the environment: a file that cannot be read, a lock held too long.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what, std::error_code code = {})
      : std::runtime_error(what), code_(code) {}
  std::error_code code() const { return code_; }

 private:
  std::error_code code_;
};

}  // namespace wildplan
