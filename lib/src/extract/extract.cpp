// Extraction: one forward pass over the reply. A vectorised search finds the only bytes that can
// start something (`<`, a backtick, a tilde); the rules of grammars/reply_grammar.hpp decide what
// starts there. The pass is linear: fence state is a single open fence, each tag kind has at most
// one open block (a second opening tag leaves the first unclosed), and inline code spans use a
// per-paragraph memo of backtick runs so that unmatched runs are never searched twice.
#include "wildplan/extract.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "reply_grammar.hpp"
#include "source/strings.hpp"

using namespace wildplan::detail;  // NOLINT: private helpers

namespace wildplan {
namespace {

namespace g = grammar;
namespace pegtl = tao::pegtl;
using Input = pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf>;
constexpr auto npos = std::string_view::npos;

struct Match {
  Tag tag = Tag::Plan;
  char run_char = 0;
  std::size_t run_len = 0;
};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};
template <Tag T>
struct set_tag {
  template <typename In>
  static void apply(const In&, Match& m) {
    m.tag = T;
  }
};
template <>
struct action<g::plan_name> : set_tag<Tag::Plan> {};
template <>
struct action<g::summary_name> : set_tag<Tag::Summary> {};
template <>
struct action<g::promise_name> : set_tag<Tag::Promise> {};
template <>
struct action<g::reflection_name> : set_tag<Tag::Reflection> {};
template <>
struct action<g::continue_name> : set_tag<Tag::Continue> {};
template <>
struct action<g::memories_name> : set_tag<Tag::Memories> {};
template <char C>
struct set_run {
  template <typename In>
  static void apply(const In& in, Match& m) {
    m.run_char = C;
    m.run_len = in.size();
  }
};
template <>
struct action<g::backtick_run> : set_run<'`'> {};
template <>
struct action<g::tilde_run> : set_run<'~'> {};

/// Tries `Rule` at `pos`; the length it matched, or npos.
template <typename Rule>
std::size_t match_at(std::string_view s, std::size_t pos, Match& m) {
  Input in(s.data() + pos, s.data() + s.size(), "");
  if (!pegtl::parse<Rule, action>(in, m)) return npos;
  return static_cast<std::size_t>(in.current() - (s.data() + pos));
}

class Scanner {
 public:
  Scanner(std::string_view s, Reply& out) : s_(s), out_(out) {}

  void run() {
    for (std::size_t p = 0; (p = next_special(p)) != npos;) {
      switch (s_[p]) {
        case '<':
          p = on_angle(p);
          break;
        case '`':
          p = on_run(p, '`');
          break;
        default:
          p = on_run(p, '~');
          break;
      }
    }
  }

 private:
  /// The next `<`, backtick or tilde at or after `pos`: the only bytes that can start something.
  /// One pass for the three (16 bytes at a time where SSE2 is there), not one memchr each.
  std::size_t next_special(std::size_t pos) const {
    const char* s = s_.data();
    const std::size_t n = s_.size();
#if defined(__SSE2__)
    const __m128i lt = _mm_set1_epi8('<'), bt = _mm_set1_epi8('`'), tl = _mm_set1_epi8('~');
    for (; pos + 16 <= n; pos += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + pos));
      const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, bt)),
                                       _mm_cmpeq_epi8(v, tl));
      if (const int mask = _mm_movemask_epi8(hit)) {
        return pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
      }
    }
#endif
    for (; pos < n; ++pos) {
      if (s[pos] == '<' || s[pos] == '`' || s[pos] == '~') return pos;
    }
    return npos;
  }

  std::size_t run_length(std::size_t p, char c, std::size_t limit) const {
    std::size_t q = p;
    while (q < limit && s_[q] == c) ++q;
    return q - p;
  }

  /// The start of the line holding `p` when only blanks stand before `p` on it; else npos.
  std::size_t line_start_if_leading(std::size_t p) const {
    std::size_t k = p;
    while (k > 0 && (s_[k - 1] == ' ' || s_[k - 1] == '\t')) --k;
    if (k == 0 || s_[k - 1] == '\n' || s_[k - 1] == '\r') return k;
    if (k == 3 && s_.starts_with("\xEF\xBB\xBF")) return k;
    return npos;
  }

  std::size_t line_end(std::size_t p) const {
    while (p < s_.size() && s_[p] != '\n' && s_[p] != '\r') ++p;
    return p;
  }

  std::size_t on_run(std::size_t p, char c) {
    const std::size_t len = run_length(p, c, s_.size());
    const std::size_t start = len >= 3 ? line_start_if_leading(p) : npos;
    Match m;
    if (fence_open_) {
      if (start != npos && c == fence_char_ && len >= fence_len_ &&
          match_at<g::fence_close>(s_, start, m) != npos) {
        fence_open_ = false;
        return line_end(p);
      }
      return p + len;
    }
    if (start != npos && match_at<g::fence_open>(s_, start, m) != npos) {
      fence_open_ = true;
      fence_char_ = m.run_char;
      fence_len_ = m.run_len;
      ++fence_id_;
      return line_end(p);
    }
    if (c == '`') {
      const std::size_t end = code_span_end(p + len, len);
      if (end != npos) return end;  // a tag inside a code span is a mention
    }
    return p + len;
  }

  std::size_t on_angle(std::size_t p) {
    if (p + 1 >= s_.size()) return p + 1;
    const char c = static_cast<char>(s_[p + 1] | 0x20);  // cheap filter before the grammar
    Match m;
    if (c == 'p' || c == 's' || c == 'r' || c == 'c' || c == 'm') {
      if (const std::size_t n = match_at<g::open_tag>(s_, p, m); n != npos) {
        on_open(m.tag, {p, p + n});
        return p + n;
      }
    } else if (s_[p + 1] == '/') {
      if (const std::size_t n = match_at<g::close_tag>(s_, p, m); n != npos) {
        on_close(m.tag, {p, p + n});
        return p + n;
      }
    }
    return p + 1;
  }

  void on_open(Tag tag, Span span) {
    auto& open = open_[static_cast<int>(tag)];
    // Inside a fence opened within an open block, a tag is an example in its text.
    if (open.block != npos && fence_open_ && fence_id_ != open.fence) return;
    // An earlier block of the same tag stays unclosed: its body runs to the end of the input.
    Block b;
    b.tag = tag;
    b.open = span;
    b.body = {span.end, s_.size()};
    b.in_fence = fence_open_;
    open.block = out_.blocks.size();
    open.fence = fence_open_ ? fence_id_ : 0;
    out_.blocks.push_back(b);
  }

  void on_close(Tag tag, Span span) {
    auto& open = open_[static_cast<int>(tag)];
    if (open.block == npos) return;  // a stray closing tag closes nothing
    // Only a close tag outside any fence, or inside the fence the block opened in, closes it:
    // a fence opened inside the plan may show `</plan>` as an example.
    if (fence_open_ && fence_id_ != open.fence) return;
    Block& b = out_.blocks[open.block];
    b.body.end = span.begin;
    b.close = span;
    b.closed = true;
    open.block = npos;
  }

  // Inline code spans. A span closes at the next run of exactly as many backticks within the
  // same paragraph. A search that fails has looked at every run up to the paragraph's end; it
  // records the last position of each run length so that later searches there fail at once.
  std::size_t code_span_end(std::size_t from, std::size_t len) {
    if (from >= para_end_ || from < para_begin_) {
      para_begin_ = from;
      para_end_ = paragraph_end(from);
      para_scanned_ = false;
      last_run_.clear();
    }
    if (para_scanned_) {
      auto it = last_run_.find(len);
      if (it == last_run_.end() || it->second < from) return npos;
    }
    std::size_t q = from;
    while (q < para_end_) {
      const void* hit = std::memchr(s_.data() + q, '`', para_end_ - q);
      if (!hit) break;
      const auto k = static_cast<std::size_t>(static_cast<const char*>(hit) - s_.data());
      const std::size_t run = run_length(k, '`', para_end_);
      if (run == len) return k + run;
      last_run_[run] = k;
      q = k + run;
    }
    para_scanned_ = true;
    return npos;
  }

  /// The start of the first blank line after `from`, or the end of the input.
  std::size_t paragraph_end(std::size_t from) const {
    std::size_t p = from;
    for (;;) {
      const void* hit = std::memchr(s_.data() + p, '\n', s_.size() - p);
      if (!hit) return s_.size();
      p = static_cast<std::size_t>(static_cast<const char*>(hit) - s_.data()) + 1;
      std::size_t q = p;
      while (q < s_.size() && (s_[q] == ' ' || s_[q] == '\t' || s_[q] == '\r')) ++q;
      if (q == s_.size() || s_[q] == '\n') return p;
    }
  }

  std::string_view s_;
  Reply& out_;
  bool fence_open_ = false;
  char fence_char_ = 0;
  std::size_t fence_len_ = 0;
  std::size_t fence_id_ = 0;
  struct Open {
    std::size_t block = npos;
    std::size_t fence = 0;  // the fence the block opened in; 0: none
  };
  std::array<Open, kTagCount> open_{};
  std::size_t para_begin_ = 0, para_end_ = 0;
  bool para_scanned_ = false;
  std::unordered_map<std::size_t, std::size_t> last_run_;  // run length -> last start seen
};

const Block* last_closed(const Reply& r, Tag tag) {
  for (auto it = r.blocks.rbegin(); it != r.blocks.rend(); ++it) {
    if (it->tag == tag && it->closed) return &*it;
  }
  return nullptr;
}

std::vector<Memory> read_memories(std::string_view body) {
  std::vector<Memory> out;
  std::size_t p = 0;
  while (p < body.size()) {
    std::size_t e = p;
    while (e < body.size() && body[e] != '\n' && body[e] != '\r') ++e;
    const std::string_view line = body.substr(p, e - p);
    Input in(line.data(), line.data() + line.size(), "");
    if (pegtl::parse<g::memory_item>(in)) {
      const auto open = line.find('[');
      const auto close = line.find(']', open);
      out.push_back({std::string(trim(line.substr(open + 1, close - open - 1))),
                     std::string(trim(line.substr(close + 1)))});
    }
    p = e + 1;
  }
  return out;
}

void read_signals(const Source& src, Reply& r) {
  auto body = [&](Tag t) -> std::optional<std::string> {
    const Block* b = last_closed(r, t);
    if (!b) return std::nullopt;
    return std::string(trim(src.text(b->body)));
  };
  r.signals.summary = body(Tag::Summary);
  r.signals.reflection = body(Tag::Reflection);
  if (auto p = body(Tag::Promise)) r.signals.promise = to_upper(*p);
  if (auto c = body(Tag::Continue)) {
    const std::string v = to_lower(*c);
    r.signals.continue_ = v == "yes" || v == "true" || v == "1";
  }
  if (const Block* b = last_closed(r, Tag::Memories)) {
    r.signals.memories = read_memories(src.text(b->body));
  }
  for (const Block& b : r.blocks) {
    if (b.tag != Tag::Plan && !b.closed) {
      r.diagnostics.push_back(make_diagnostic(src, b.open, Severity::Warning, "tag-unclosed",
                                              std::string("<") + to_string(b.tag) +
                                                  "> is never closed: add </" + to_string(b.tag) +
                                                  "> after its text"));
    }
  }
}

}  // namespace

const char* to_string(Tag t) {
  static constexpr const char* kNames[] = {"plan",       "summary",  "promise",
                                           "reflection", "continue", "memories"};
  return kNames[static_cast<int>(t)];
}

const char* to_string(Choice c) {
  switch (c) {
    case Choice::LastClosedWithTasks:
      return "last-closed-with-tasks";
    case Choice::LastClosedWithoutTasks:
      return "last-closed-without-tasks";
    case Choice::None:
      return "none";
  }
  return "none";
}

std::size_t Reply::plan_count() const {
  return static_cast<std::size_t>(std::count_if(blocks.begin(), blocks.end(),
                                                [](const Block& b) { return b.tag == Tag::Plan; }));
}

Reply extract_reply(const Source& reply, const ExtractOptions& /*options*/) {
  Reply r;
  Scanner(reply.bytes(), r).run();
  select_plan(reply, r);
  read_signals(reply, r);
  std::stable_sort(
      r.diagnostics.begin(), r.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.begin.line, a.begin.column) < std::tie(b.begin.line, b.begin.column);
      });
  return r;
}

}  // namespace wildplan
