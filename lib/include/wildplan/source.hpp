#pragma once
// Source: the bytes of one input, the name to show for it, and the map from byte offsets to
// 1-based line and byte column. The bytes are never changed: CR, CRLF and LF line ends, a BOM,
// NUL bytes and invalid UTF-8 all stay as they are. The line index is built on the first
// position query (one fast pass, 8 bytes per 4 KiB of input).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wildplan {

/// A 1-based line and byte column; {0, 0} means the whole file.
struct SourcePos {
  std::uint32_t line = 0, column = 0;
  friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

/// A half-open byte range [begin, end) into a Source.
struct Span {
  std::size_t begin = 0, end = 0;
  std::size_t size() const { return end - begin; }
  bool empty() const { return begin == end; }
  friend bool operator==(const Span&, const Span&) = default;
};

class Source {
 public:
  /// Takes ownership of `bytes`.
  Source(std::string name, std::string bytes);
  /// Views bytes that `owner` keeps alive (a buffer read from a file, for instance).
  Source(std::string name, std::string_view bytes, std::shared_ptr<const void> owner);

  const std::string& name() const { return name_; }
  std::string_view bytes() const { return bytes_; }
  std::string_view text(Span s) const { return bytes_.substr(s.begin, s.end - s.begin); }
  std::size_t size() const { return bytes_.size(); }

  /// Line and column of the byte at `offset` (offset == size() is the end of the last line).
  SourcePos position(std::size_t offset) const;
  /// Byte offset of the start of 1-based `line` (size() past the last line).
  std::size_t line_start(std::uint32_t line) const;
  /// The bytes of 1-based `line` without its line end.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const;
  /// True when the bytes start with a UTF-8 byte order mark.
  bool has_bom() const;

 private:
  struct LineIndex;
  const LineIndex& index() const;

  std::string name_;
  std::shared_ptr<const void> owner_;
  std::string_view bytes_;
  std::shared_ptr<LineIndex> index_;  // built once, on the first position query
};

/// Reads a whole file into a Source, with read(2) (never mapped). Throws wildplan::Error
/// when the path is missing, unreadable or a directory. "-" reads standard input, named "<stdin>".
Source read_source(const std::string& path);

}  // namespace wildplan
