// The line index: the offset of every line's start, found in one pass on the first position
// query. A line ends at LF, or at a CR not followed by LF (CRLF ends at its LF). The parser
// maps cmark-gfm's lines through the same table.
#include "wildplan/source.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>

namespace wildplan {

struct Source::LineIndex {
  std::once_flag once;
  std::vector<std::size_t> starts;  // starts[k]: the offset of line k + 1
};

Source::Source(std::string name, std::string bytes)
    : name_(std::move(name)), index_(std::make_shared<LineIndex>()) {
  auto owned = std::make_shared<const std::string>(std::move(bytes));
  bytes_ = *owned;
  owner_ = std::move(owned);
}

Source::Source(std::string name, std::string_view bytes, std::shared_ptr<const void> owner)
    : name_(std::move(name)),
      owner_(std::move(owner)),
      bytes_(bytes),
      index_(std::make_shared<LineIndex>()) {}

const Source::LineIndex& Source::index() const {
  std::call_once(index_->once, [this] {
    std::vector<std::size_t>& starts = index_->starts;
    starts.push_back(0);
    if (bytes_.empty()) return;
    const char* const begin = bytes_.data();
    const char* const end = begin + bytes_.size();
    if (!std::memchr(begin, '\r', bytes_.size())) {  // LF only: memchr from line to line
      for (const char* p = begin;
           (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))));) {
        ++p;
        starts.push_back(static_cast<std::size_t>(p - begin));
      }
      return;
    }
    for (std::size_t i = 0; i < bytes_.size(); ++i) {
      if (bytes_[i] == '\n' ||
          (bytes_[i] == '\r' && (i + 1 == bytes_.size() || bytes_[i + 1] != '\n')))
        starts.push_back(i + 1);
    }
  });
  return *index_;
}

SourcePos Source::position(std::size_t offset) const {
  const std::vector<std::size_t>& starts = index().starts;
  offset = std::min(offset, bytes_.size());
  const auto line = static_cast<std::size_t>(
      std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin());  // >= 1
  return {static_cast<std::uint32_t>(line),
          static_cast<std::uint32_t>(offset - starts[line - 1] + 1)};
}

std::uint32_t Source::line_count() const {
  return static_cast<std::uint32_t>(index().starts.size());
}

std::size_t Source::line_start(std::uint32_t line) const {
  if (line <= 1) return 0;
  const std::vector<std::size_t>& starts = index().starts;
  return line <= starts.size() ? starts[line - 1] : bytes_.size();
}

std::string_view Source::line_text(std::uint32_t line) const {
  const std::size_t begin = line_start(line);
  std::size_t end = begin;
  while (end < bytes_.size() && bytes_[end] != '\n' && bytes_[end] != '\r') ++end;
  return bytes_.substr(begin, end - begin);
}

bool Source::has_bom() const { return bytes_.starts_with("\xEF\xBB\xBF"); }

}  // namespace wildplan
