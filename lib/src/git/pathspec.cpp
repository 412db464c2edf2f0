// Exclude patterns (CommitRequest::exclude): git's `:(top,glob)` pathspecs, matched as git's
// wildmatch matches them with WM_PATHNAME (gitglossary(7), "pathspec"; gitignore(5) for `**`),
// against paths relative to the work tree's top:
//
//   `*` and `?` and `[...]` never match '/'; `[!...]`/`[^...]` negate, `a-z` ranges, `[:alpha:]`
//   classes; `\` quotes the next character; `**/` at the start or after '/' matches any number of
//   directories (none included), `/**` at the end everything inside; any other `**` is `*`.
//   A pattern matches a path, or a leading directory of it (`notes` takes notes/a/b.md); one
//   ending in '/' only a directory; a leading '/' changes nothing (every pattern is anchored at
//   the top); `./` components are dropped and `..` is refused.
//
// Matching keeps the set of path positions reachable after each token (a bitmap), so it takes
// time linear in the pattern times the path, whatever the pattern: no backtracking.
#include <algorithm>
#include <bitset>
#include <variant>

#include "git/repository.hpp"

namespace wildplan {
namespace detail {
namespace {

bool in_class(std::string_view name, unsigned char c) {
  const bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
  const bool digit = c >= '0' && c <= '9';
  const bool graph = c > 0x20 && c < 0x7f;
  if (name == "alpha") return upper || lower;
  if (name == "alnum") return upper || lower || digit;
  if (name == "digit") return digit;
  if (name == "lower") return lower;
  if (name == "upper") return upper;
  if (name == "xdigit") return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  if (name == "space") return c == ' ' || (c >= '\t' && c <= '\r');
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "cntrl") return c < 0x20 || c == 0x7f;
  if (name == "graph") return graph;
  if (name == "print") return graph || c == ' ';
  return graph && !upper && !lower && !digit;  // punct
}

constexpr std::string_view kClassNames[] = {"alpha", "alnum", "digit", "lower", "upper", "xdigit",
                                            "space", "blank", "cntrl", "graph", "print", "punct"};

/// Reads the bracket expression that opens at text[at] ('['); the bytes it matches, and the
/// position after its ']'. Sets `error` when it is not closed or names an unknown class.
std::bitset<256> read_class(std::string_view text, std::size_t& at, std::string& error) {
  std::bitset<256> set;
  std::size_t i = at + 1;
  const bool negate = i < text.size() && (text[i] == '!' || text[i] == '^');
  if (negate) ++i;
  bool first = true;
  for (;; first = false) {
    if (i >= text.size()) {
      error = "a '[' is not closed by ']'";
      return set;
    }
    if (text[i] == ']' && !first) break;
    if (text.substr(i, 2) == "[:") {
      const std::size_t end = text.find(":]", i + 2);
      const std::string_view name =
          end == std::string_view::npos ? "" : text.substr(i + 2, end - i - 2);
      if (std::find(std::begin(kClassNames), std::end(kClassNames), name) ==
          std::end(kClassNames)) {
        error = "'" + std::string(text.substr(i, end == std::string_view::npos ? 2 : end + 2 - i)) +
                "' is not a character class (known: alpha, alnum, digit, lower, upper, xdigit, "
                "space, blank, cntrl, graph, print, punct)";
        return set;
      }
      for (int c = 0; c < 256; ++c)
        set[c] = set[c] || in_class(name, static_cast<unsigned char>(c));
      i = end + 2;
      continue;
    }
    if (text[i] == '\\' && ++i >= text.size()) continue;  // reported as not closed
    unsigned char low = static_cast<unsigned char>(text[i++]);
    unsigned char high = low;
    if (i + 1 < text.size() && text[i] == '-' && text[i + 1] != ']') {
      i += 1;
      if (text[i] == '\\' && ++i >= text.size()) continue;
      high = static_cast<unsigned char>(text[i++]);
    }
    for (unsigned c = low; c <= high; ++c) set[c] = true;
  }
  at = i + 1;
  if (negate) set.flip();
  set['/'] = false;
  return set;
}

}  // namespace

std::variant<PathPattern, std::string> PathPattern::compile(std::string_view text) {
  PathPattern p;
  if (text.starts_with('/')) text.remove_prefix(1);
  while (text.ends_with('/')) {
    text.remove_suffix(1);
    p.directory_only_ = true;
  }
  // `./` components go; `..` could only name what lies outside the work tree.
  std::string cleaned;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t slash = std::min(text.find('/', start), text.size());
    const std::string_view part = text.substr(start, slash - start);
    if (part == "..") return std::string("a pattern names paths inside the work tree: no '..'");
    if (part != "." && !part.empty()) cleaned.append(cleaned.empty() ? "" : "/").append(part);
    start = slash + 1;
  }
  if (cleaned.empty()) return std::string("an empty pattern matches nothing");
  const std::string_view s = cleaned;
  for (std::size_t i = 0; i < s.size();) {
    Token t;
    if (s[i] == '\\') {
      if (i + 1 == s.size()) return std::string("it ends with a '\\' that quotes nothing");
      t.set[static_cast<unsigned char>(s[i + 1])] = true;
      i += 2;
    } else if (s[i] == '?') {
      t.set.set();
      t.set['/'] = false;
      ++i;
    } else if (s[i] == '[') {
      std::string error;
      t.set = read_class(s, i, error);
      if (!error.empty()) return error;
    } else if (s[i] == '*') {
      const std::size_t run = s.find_first_not_of('*', i);
      const std::size_t end = run == std::string_view::npos ? s.size() : run;
      const bool at_boundary = i == 0 || s[i - 1] == '/';
      if (end - i >= 2 && at_boundary && end == s.size()) {
        t.kind = Token::Everything;
      } else if (end - i >= 2 && at_boundary && s[end] == '/') {
        t.kind = Token::Directories;
        i = end + 1;
        p.tokens_.push_back(t);
        continue;
      } else {
        t.kind = Token::Star;
      }
      i = end;
    } else {
      t.set[static_cast<unsigned char>(s[i++])] = true;
    }
    p.tokens_.push_back(t);
  }
  return p;
}

bool PathPattern::matches(std::string_view path) const {
  const std::size_t n = path.size();
  std::vector<char> reach(n + 1, 0), next(n + 1, 0);
  reach[0] = 1;
  for (const Token& t : tokens_) {
    std::fill(next.begin(), next.end(), 0);
    bool on = false;
    for (std::size_t k = 0; k <= n; ++k) {
      switch (t.kind) {
        case Token::Byte:
          if (reach[k] && k < n && t.set[static_cast<unsigned char>(path[k])]) next[k + 1] = 1;
          break;
        case Token::Star:  // any run of bytes but '/'
          on = on || reach[k];
          next[k] = on;
          if (k < n && path[k] == '/') on = false;
          break;
        case Token::Directories:  // nothing, or any run that ends with '/'
          if (on && k > 0 && path[k - 1] == '/') next[k] = 1;
          if (reach[k]) {
            next[k] = 1;
            on = true;
          }
          break;
        case Token::Everything:
          on = on || reach[k];
          next[k] = on;
          break;
      }
    }
    reach.swap(next);
  }
  // The whole path (a file, unless the pattern wants a directory), or a leading directory.
  if (reach[n] && !directory_only_) return true;
  for (std::size_t k = 1; k < n; ++k) {
    if (reach[k] && path[k] == '/') return true;
  }
  return false;
}

std::variant<PathPatterns, std::string> PathPatterns::compile(
    const std::vector<std::string>& texts) {
  PathPatterns out;
  for (const std::string& text : texts) {
    auto compiled = PathPattern::compile(text);
    if (auto* error = std::get_if<std::string>(&compiled)) return "'" + text + "': " + *error;
    out.patterns_.push_back(std::move(std::get<PathPattern>(compiled)));
  }
  return out;
}

bool PathPatterns::matches(std::string_view path) const {
  for (const PathPattern& p : patterns_) {
    if (p.matches(path)) return true;
  }
  return false;
}

}  // namespace detail

std::optional<std::string> exclude_pattern_error(std::string_view pattern) {
  auto compiled = detail::PathPattern::compile(pattern);
  if (auto* error = std::get_if<std::string>(&compiled)) return *error;
  return std::nullopt;
}

bool exclude_pattern_matches(std::string_view pattern, std::string_view path) {
  auto compiled = detail::PathPattern::compile(pattern);
  const auto* p = std::get_if<detail::PathPattern>(&compiled);
  return p && p->matches(path);
}

}  // namespace wildplan
