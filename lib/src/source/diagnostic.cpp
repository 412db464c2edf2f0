#include "wildplan/diagnostic.hpp"

#include <algorithm>

#include "wildplan/rules.hpp"

namespace wildplan {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::Note:
      return "note";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "error";
}

Diagnostic make_diagnostic(const Source& src, Span span, Severity severity, std::string rule,
                           std::string message) {
  Diagnostic d;
  d.file = src.name();
  d.begin = src.position(span.begin);
  d.end = span.empty() ? d.begin : src.position(span.end);
  d.severity = severity;
  d.rule = std::move(rule);
  d.message = std::move(message);
  return d;
}

Diagnostic make_diagnostic(const Source& src, Span span, std::string rule, std::string message) {
  const Severity severity = default_severity(rule);
  return make_diagnostic(src, span, severity, std::move(rule), std::move(message));
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

}  // namespace wildplan
