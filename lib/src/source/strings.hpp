#pragma once
// Small string helpers shared by the library's stages (private).

#include <charconv>
#include <concepts>
#include <string>
#include <string_view>

namespace wildplan::detail {

inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

/// An ASCII letter or digit (std::isalnum in the "C" locale, without the call).
inline bool is_alnum_ascii(char c) {
  const auto u = static_cast<unsigned char>(c);
  return static_cast<unsigned char>((u | 0x20u) - 'a') < 26 ||
         static_cast<unsigned char>(u - '0') < 10;
}

inline char lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// `s` equals `lower` (lower case) with ASCII case folded.
inline bool equals_folded(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (lower_ascii(s[i]) != lower[i]) return false;
  }
  return true;
}

/// The first byte of `s` that is one of `set`, or npos: find_first_of for a few bytes, without
/// libstdc++'s call to memchr per byte of `s`.
inline std::size_t find_any(std::string_view s, std::string_view set) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    for (const char c : set) {
      if (s[i] == c) return i;
    }
  }
  return std::string_view::npos;
}

inline bool starts_with_folded(std::string_view s, std::string_view lower) {
  return s.size() >= lower.size() && equals_folded(s.substr(0, lower.size()), lower);
}

/// `s` contains `lower` (lower case, not empty) with ASCII case folded.
inline bool contains_folded(std::string_view s, std::string_view lower) {
  for (std::size_t i = 0; i + lower.size() <= s.size(); ++i) {
    if (lower_ascii(s[i]) == lower[0] && equals_folded(s.substr(i, lower.size()), lower))
      return true;
  }
  return false;
}

/// `out` becomes `s` in lower case (its capacity reused: no allocation in a loop).
inline void assign_lower(std::string& out, std::string_view s) {
  out.resize(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) out[i] = lower_ascii(s[i]);
}

inline std::string to_lower(std::string_view s) {
  std::string out;
  assign_lower(out, s);
  return out;
}

inline std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

/// Runs of whitespace (line ends included) become one space; the ends are trimmed.
inline std::string collapse_space(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : trim(s)) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

namespace concat_parts {
template <typename N>
concept Number = std::integral<N> && !std::same_as<N, char> && !std::same_as<N, bool>;
inline std::size_t size(std::string_view s) { return s.size(); }
template <Number N>
std::size_t size(N) {
  return 20;
}
inline void append(std::string& out, std::string_view s) { out.append(s); }
template <Number N>
void append(std::string& out, N n) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
}
}  // namespace concat_parts

/// The parts one after another (texts, and numbers in decimal) in one allocation: the messages
/// of a big file's thousands of diagnostics, without the temporaries of operator+.
template <typename... Parts>
std::string concat(const Parts&... parts) {
  std::string out;
  out.reserve((concat_parts::size(parts) + ...));
  (concat_parts::append(out, parts), ...);
  return out;
}

/// "1 task", "2 tasks": a count and its noun, in the plural unless it is one.
inline std::string plural(std::size_t n, std::string_view noun) {
  return concat(n, " ", noun, n == 1 ? "" : "s");
}

/// Appends `text` as task texts are compared: emphasis markers dropped, ASCII case folded,
/// whitespace collapsed, the ends trimmed. Never longer than `text`.
inline void append_normalised(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out.resize(start + text.size());
  char* const begin = out.data() + start;
  char* o = begin;
  bool space = false;
  for (char ch : text) {
    if (ch == '*' || ch == '_') continue;
    if (is_space(ch)) {
      space = o != begin;
      continue;
    }
    if (space) *o++ = ' ';
    space = false;
    *o++ = lower_ascii(ch);
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
}

}  // namespace wildplan::detail
