#include "wildplan/source.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>

namespace wildplan {

struct Source::LineIndex {
  std::once_flag once;
  std::vector<std::size_t> starts;  // offset of the first byte of each line; starts[0] == 0
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

const std::vector<std::size_t>& Source::line_starts() const {
  std::call_once(index_->once, [this] {
    auto& starts = index_->starts;
    starts.push_back(0);
    const char* p = bytes_.data();
    const std::size_t n = bytes_.size();
    if (std::memchr(p, '\r', n) == nullptr) {  // the common case: memchr over LFs only
      for (const char* q = p; (q = static_cast<const char*>(std::memchr(q, '\n', n - (q - p))));) {
        ++q;
        starts.push_back(static_cast<std::size_t>(q - p));
      }
      return;
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (p[i] == '\n' || (p[i] == '\r' && (i + 1 == n || p[i + 1] != '\n'))) {
        starts.push_back(i + 1);
      }
    }
  });
  return index_->starts;
}

SourcePos Source::position(std::size_t offset) const {
  const auto& starts = line_starts();
  offset = std::min(offset, bytes_.size());
  auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  const auto line = static_cast<std::size_t>(it - starts.begin());  // >= 1
  return {static_cast<std::uint32_t>(line),
          static_cast<std::uint32_t>(offset - starts[line - 1] + 1)};
}

std::uint32_t Source::line_count() const {
  return static_cast<std::uint32_t>(line_starts().size());
}

std::size_t Source::line_start(std::uint32_t line) const {
  const auto& starts = line_starts();
  if (line == 0) return 0;
  return line <= starts.size() ? starts[line - 1] : bytes_.size();
}

std::string_view Source::line_text(std::uint32_t line) const {
  const std::size_t begin = line_start(line);
  std::size_t end = line_start(line + 1);
  while (end > begin && (bytes_[end - 1] == '\n' || bytes_[end - 1] == '\r')) --end;
  return bytes_.substr(begin, end - begin);
}

bool Source::has_bom() const { return bytes_.starts_with("\xEF\xBB\xBF"); }

}  // namespace wildplan
