// The line index is sparse: for each 4 KiB block, the number of line ends before it and the
// start of the line that holds its first byte, found in one pass (memchr) on the first position
// query. A query then looks only inside its own block: counting forward from the block's start,
// and back to its line's start (memrchr), so a position costs at most one block's bytes however
// long the line is (a 400 KB one-line reply with 50,000 tags was quadratic when the walk back went
// to the line's start). The index is 16 bytes per 4 KiB of input; a table of every line start
// would cost 8 bytes a line. The parser, which needs every line of what it parses, keeps its own
// table for its range.
#include "wildplan/source.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>

namespace wildplan {
namespace {

constexpr std::size_t kBlock = std::size_t{1} << 12;

/// True when the byte at `i` ends a line: LF, or CR not followed by LF (CRLF ends at its LF).
inline bool ends_line(std::string_view s, std::size_t i) {
  return s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'));
}

/// Line ends in [begin, end).
std::size_t count_line_ends(std::string_view s, std::size_t begin, std::size_t end) {
  const char* p = s.data() + begin;
  const char* const stop = s.data() + end;
  std::size_t n = 0;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(stop - p))))) {
    ++n;
    ++p;
  }
  if (std::memchr(s.data() + begin, '\r', end - begin)) {  // lone CRs are rare: byte by byte
    for (std::size_t k = begin; k < end; ++k) n += s[k] == '\r' && ends_line(s, k);
  }
  return n;
}

/// The start of the line holding `offset` when a line ends in [begin, offset); else npos.
std::size_t line_start_after(std::string_view s, std::size_t begin, std::size_t offset) {
  std::size_t start = std::string_view::npos;
  if (offset <= begin) return start;
  const auto last = [&](char c, std::size_t end) -> std::size_t {
    const void* hit = ::memrchr(s.data() + begin, c, end - begin);
    return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - s.data())
               : std::string_view::npos;
  };
  if (const std::size_t lf = last('\n', offset); lf != std::string_view::npos) start = lf + 1;
  std::size_t cr = last('\r', offset);
  // Only a CR right before `offset` can stand before its LF (at `offset`): it ends no line.
  if (cr != std::string_view::npos && !ends_line(s, cr)) cr = cr > begin ? last('\r', cr) : cr;
  if (cr != std::string_view::npos && ends_line(s, cr) &&
      (start == std::string_view::npos || cr + 1 > start)) {
    start = cr + 1;
  }
  return start;
}

}  // namespace

// Built under a mutex with a flag checked first, not std::call_once: glibc's pthread_once makes a
// futex call after every first run, and a Source is often made, queried and dropped per reply
// (the Python binding's calls): that syscall was a third of an empty reply's extraction.
struct Source::LineIndex {
  std::atomic<bool> built{false};
  std::mutex mutex;
  std::vector<std::size_t> before;      // before[k]: line ends in [0, k * kBlock)
  std::vector<std::size_t> line_start;  // line_start[k]: start of the line holding k * kBlock
  std::size_t total = 0;                // line ends in the whole input
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
  if (index_->built.load(std::memory_order_acquire)) return *index_;
  const std::lock_guard<std::mutex> lock(index_->mutex);
  if (index_->built.load(std::memory_order_relaxed)) return *index_;
  auto& before = index_->before;
  auto& line_start = index_->line_start;
  before.reserve(bytes_.size() / kBlock + 2);
  line_start.reserve(bytes_.size() / kBlock + 2);
  std::size_t n = 0, start = 0;
  for (std::size_t b = 0; b < bytes_.size(); b += kBlock) {
    const std::size_t end = std::min(bytes_.size(), b + kBlock);
    before.push_back(n);
    line_start.push_back(start);
    n += count_line_ends(bytes_, b, end);
    if (const std::size_t s = line_start_after(bytes_, b, end); s != std::string_view::npos)
      start = s;
  }
  before.push_back(n);
  line_start.push_back(start);
  index_->total = n;
  index_->built.store(true, std::memory_order_release);
  return *index_;
}

SourcePos Source::position(std::size_t offset) const {
  const LineIndex& ix = index();
  offset = std::min(offset, bytes_.size());
  const std::size_t block = offset / kBlock;
  const std::size_t begin = block * kBlock;
  const std::size_t ends = ix.before[block] + count_line_ends(bytes_, begin, offset);
  std::size_t start = line_start_after(bytes_, begin, offset);
  if (start == std::string_view::npos) start = ix.line_start[block];
  return {static_cast<std::uint32_t>(ends + 1), static_cast<std::uint32_t>(offset - start + 1)};
}

std::uint32_t Source::line_count() const { return static_cast<std::uint32_t>(index().total + 1); }

std::size_t Source::line_start(std::uint32_t line) const {
  if (line <= 1) return 0;
  const LineIndex& ix = index();
  const std::size_t want = line - 1;  // line ends before the line's start
  if (want > ix.total) return bytes_.size();
  // The last block that starts with fewer than `want` line ends before it holds the one we want.
  auto it = std::lower_bound(ix.before.begin(), ix.before.end(), want);
  std::size_t block = static_cast<std::size_t>(it - ix.before.begin()) - 1;
  std::size_t seen = ix.before[block];
  std::size_t i = block * kBlock;
  const std::size_t block_end = std::min(bytes_.size(), i + kBlock);
  if (!std::memchr(bytes_.data() + i, '\r', block_end - i)) {  // LF only: memchr from line to line
    for (const char* p = bytes_.data() + i;
         (p = static_cast<const char*>(
              std::memchr(p, '\n', static_cast<std::size_t>(bytes_.data() + block_end - p))));) {
      ++p;
      if (++seen == want) return static_cast<std::size_t>(p - bytes_.data());
    }
    i = block_end;
  }
  for (; i < bytes_.size(); ++i) {
    if (ends_line(bytes_, i) && ++seen == want) return i + 1;
  }
  return bytes_.size();
}

std::string_view Source::line_text(std::uint32_t line) const {
  const std::size_t begin = line_start(line);
  std::size_t end = begin;
  while (end < bytes_.size() && bytes_[end] != '\n' && bytes_[end] != '\r') ++end;
  return bytes_.substr(begin, end - begin);
}

bool Source::has_bom() const { return bytes_.starts_with("\xEF\xBB\xBF"); }

}  // namespace wildplan
