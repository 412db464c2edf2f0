#pragma once
// UTF-8 decoding that never fails (private): invalid bytes come back one at a time.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wildplan::detail {

/// The code point at `s[i]` and its length in bytes; {-1, 1} for an invalid byte (a stray
/// continuation, an overlong form, a surrogate, a truncated sequence or a value past U+10FFFF).
struct Decoded {
  std::int32_t code_point;
  std::size_t length;
};

inline Decoded decode_utf8(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return {c, 1};
  std::size_t n;
  std::int32_t cp;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, cp = c & 0x0F;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, cp = c & 0x07;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // past U+10FFFF
  } else {
    return {-1, 1};
  }
  if (i + n > s.size()) return {-1, 1};
  for (std::size_t k = 1; k < n; ++k) {
    const unsigned char cc = b(i + k);
    if (k == 1 ? (cc < lo || cc > hi) : (cc < 0x80 || cc > 0xBF)) return {-1, 1};
    cp = (cp << 6) | (cc & 0x3F);
  }
  return {cp, n};
}

}  // namespace wildplan::detail
