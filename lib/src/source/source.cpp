// The line index is sparse: the number of line starts before each 4 KiB block, found with one
// vectorised pass on the first position query. A query counts within its block. This keeps a
// 1 GB reply's index at 2 MiB of memory and costs one fast pass, where a table of every line
// start would cost 8 bytes a line; the parser, which needs every line of what it parses, keeps
// its own table for its range.
#include "wildplan/source.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wildplan {
namespace {

constexpr std::size_t kBlock = std::size_t{1} << 12;

/// True when the byte at `i` ends a line: LF, or CR not followed by LF (CRLF ends at its LF).
inline bool ends_line(std::string_view s, std::size_t i) {
  return s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'));
}

/// Line ends in [begin, end).
std::size_t count_line_ends(std::string_view s, std::size_t begin, std::size_t end) {
  std::size_t n = 0, i = begin;
  bool any_cr = false;
#if defined(__SSE2__)
  // Each compare gives -1 per matching byte; subtracting it counts into 16 byte-wide counters,
  // summed (psadbw) before they can overflow. No popcount instruction is assumed.
  const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), zero = _mm_setzero_si128();
  __m128i crs = zero;
  while (i + 16 <= end) {
    __m128i acc = zero;
    for (int k = 0; k < 255 && i + 16 <= end; ++k, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, lf));
      crs = _mm_or_si128(crs, _mm_cmpeq_epi8(v, cr));
    }
    const __m128i sums = _mm_sad_epu8(acc, zero);
    n += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
         static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
  }
  any_cr = _mm_movemask_epi8(crs) != 0;
#endif
  for (; i < end; ++i) {
    n += s[i] == '\n';
    any_cr |= s[i] == '\r';
  }
  if (any_cr) {  // lone CRs are rare: count them byte by byte
    for (std::size_t k = begin; k < end; ++k) n += s[k] == '\r' && ends_line(s, k);
  }
  return n;
}

}  // namespace

struct Source::LineIndex {
  std::once_flag once;
  std::vector<std::size_t> before;  // before[k]: line ends in [0, k * kBlock)
  std::size_t total = 0;            // line ends in the whole input
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
    auto& before = index_->before;
    before.reserve(bytes_.size() / kBlock + 2);
    std::size_t n = 0;
    for (std::size_t b = 0; b < bytes_.size(); b += kBlock) {
      before.push_back(n);
      n += count_line_ends(bytes_, b, std::min(bytes_.size(), b + kBlock));
    }
    before.push_back(n);
    index_->total = n;
  });
  return *index_;
}

SourcePos Source::position(std::size_t offset) const {
  const LineIndex& ix = index();
  offset = std::min(offset, bytes_.size());
  const std::size_t block = offset / kBlock;
  const std::size_t ends = ix.before[block] + count_line_ends(bytes_, block * kBlock, offset);
  // The line starts after the last line end before `offset`.
  std::size_t start = offset;
  while (start > 0 && !ends_line(bytes_, start - 1)) --start;
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
