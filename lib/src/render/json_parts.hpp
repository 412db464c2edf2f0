#pragma once
// Pieces that several JSON documents share (private): one shape for diagnostics and signals in
// every document that carries them.

#include <optional>
#include <string>
#include <vector>

#include "render/json_writer.hpp"
#include "wildplan/diagnostic.hpp"
#include "wildplan/extract.hpp"

namespace wildplan::detail {

/// The string, or null.
void write_optional(JsonWriter& w, const std::optional<std::string>& s);
/// `"signals": {summary, promise, reflection, continue, memories}`, each null when absent.
void write_signals(JsonWriter& w, const Signals& signals);
/// `"diagnostics": [{file, line, column, end_line, end_column, severity, rule, message}]`.
void write_diagnostics(JsonWriter& w, const std::vector<Diagnostic>& diagnostics);

}  // namespace wildplan::detail
