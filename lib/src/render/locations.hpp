#pragma once
// Locations as code scanning shows them (private): file names made relative to the repository's
// root, and byte columns as Unicode code points. Shared by the SARIF and GitHub renderers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wildplan/render.hpp"
#include "wildplan/source.hpp"

namespace wildplan::detail {

/// A diagnostic's file as a report names it.
struct ReportPath {
  std::string path;  ///< relative to the root, '/'-separated; or absolute when outside it
  bool in_root = true;
};

/// `file` (as the user named it: relative to `where.cwd`, or absolute) relative to `where.root`.
/// Lexical only: nothing is read from the disk.
ReportPath report_path(std::string_view file, const ReportRoot& where);

/// `path` as a URI reference: every byte but unreserved ones and '/' percent-encoded.
std::string uri_of(std::string_view path);

/// The 1-based code point column of 1-based byte column `column` on `line` of `src`.
std::uint32_t code_point_column(const Source& src, std::uint32_t line, std::uint32_t column);

}  // namespace wildplan::detail
