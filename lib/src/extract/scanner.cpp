// The scan: one forward pass over the reply. A byte loop finds the only bytes that can
// start something (`<`, a backtick, a tilde); the rules of grammars/reply_grammar.hpp decide what
// starts there. The pass is linear: fence state is a single open fence, each tag kind has at most
// one open block (a second opening tag leaves the first unclosed), inline code spans use a
// per-paragraph memo of backtick runs so that unmatched runs are never searched twice, and the
// mention rule looks at the tag's line through a per-line memo (its bounds, where its text
// starts, where its closing tags are), so that a line of a million tags is read a few times, not
// a million.
//
// Mentions. A tag inside a sentence is a mention, not a block: "print the list inside <plan> tags
// once it is written" opens nothing. It is a mention when text stands before it on its line and
// text follows on that line: after the tag when it is not closed on that line, after its closing
// tag when it is ("say <promise>DONE</promise> at once"). Blanks, list and quote markers and
// emphasis are not text, and a tag right after another tag's `>` has nothing before it.
#include "extract/scanner.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

#include "extract/echo.hpp"
#include "extract/report.hpp"
#include "reply_grammar.hpp"
#include "source/strings.hpp"

namespace wildplan::detail {
namespace {

namespace g = grammar;
namespace pegtl = tao::pegtl;
using Input = pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf>;
constexpr auto npos = std::string_view::npos;

struct Match {
  const char* name = nullptr;
  std::size_t name_size = 0;
  char run_char = 0;
  std::size_t run_len = 0;
};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};
template <>
struct action<g::tag_name> {
  template <typename In>
  static void apply(const In& in, Match& m) {
    m.name = in.begin();
    m.name_size = in.size();
  }
};
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

bool is_blank(char c) { return c == ' ' || c == '\t'; }

/// Not text for the mention rule: blanks, list and quote markers, emphasis, ordinal digits.
bool is_marker(char c) {
  return is_blank(c) || c == '>' || c == '-' || c == '+' || c == '*' || c == '_' || c == '.' ||
         c == ')' || (c >= '0' && c <= '9');
}

class Scanner {
 public:
  Scanner(const Source& src, const std::vector<std::string>& names, EchoFinder* echo, Reply& out,
          Selection scope)
      : src_(src), s_(src.bytes()), names_(names), echo_(echo), out_(out),
        report_(src, scope == Selection::ChosenOnly ? nullptr : &out.diagnostics),
        open_(names.size()) {
    for (const std::string& n : names_) {
      const auto c = static_cast<unsigned char>(n[0]);
      first_[c] = first_[static_cast<unsigned char>(c & ~0x20u)] = true;
    }
  }

  void run() {
    for (std::size_t p = 0; (p = next_special(p)) != npos;) {
      if (echo_end_ != npos && p >= echo_end_) end_echo();
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
    if (echo_end_ != npos) end_echo();
    report_.summarise("tag-mention", "mentions of tags in prose");
    report_.summarise("tag-echoed", "blocks in the echo of the prompt");
  }

 private:
  /// The next `<`, backtick or tilde at or after `pos`: the only bytes that can start something.
  /// The nearest of three memchr searches, each kept until the scan passes what it found, so
  /// that every byte is searched once for each of the three.
  std::size_t next_special(std::size_t pos) {
    static constexpr char kSpecial[3] = {'<', '`', '~'};
    std::size_t nearest = npos;
    for (std::size_t i = 0; i < 3; ++i) {
      if (!searched_ || (next_[i] != npos && next_[i] < pos)) {
        const void* hit =
            pos < s_.size() ? std::memchr(s_.data() + pos, kSpecial[i], s_.size() - pos) : nullptr;
        next_[i] =
            hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - s_.data()) : npos;
      }
      nearest = std::min(nearest, next_[i]);
    }
    searched_ = true;
    return nearest;
  }

  std::size_t run_length(std::size_t p, char c, std::size_t limit) const {
    std::size_t q = p;
    while (q < limit && s_[q] == c) ++q;
    return q - p;
  }

  /// The start of the line holding `p` when only blanks stand before `p` on it; else npos.
  std::size_t line_start_if_leading(std::size_t p) const {
    std::size_t k = p;
    while (k > 0 && is_blank(s_[k - 1])) --k;
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
      fence_at_ = start;
      ++fence_id_;
      return line_end(p);
    }
    if (c == '`') {
      const std::size_t end = code_span_end(p + len, len);
      if (end != npos) return end;  // a tag inside a code span is a mention
    }
    return p + len;
  }

  /// The index of the tag named by `m`, or -1.
  int tag_of(const Match& m) const {
    const std::string_view name(m.name, m.name_size);
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (equals_folded(name, names_[i])) return static_cast<int>(i);
    }
    return -1;
  }

  std::size_t on_angle(std::size_t p) {
    if (p + 1 >= s_.size()) return p + 1;
    Match m;
    if (first_[static_cast<unsigned char>(s_[p + 1])]) {  // cheap filter before the grammar
      if (const std::size_t n = match_at<g::open_tag>(s_, p, m); n != npos) {
        const int tag = tag_of(m);
        if (tag < 0) return p + n;
        if (const std::size_t skip = mention_end(p, p + n, tag); skip != npos) return skip;
        on_open(tag, {p, p + n});
        return p + n;
      }
    } else if (s_[p + 1] == '/') {
      if (const std::size_t n = match_at<g::close_tag>(s_, p, m); n != npos) {
        if (const int tag = tag_of(m); tag >= 0) on_close(tag, {p, p + n});
        return p + n;
      }
    }
    return p + 1;
  }

  Tag tag_enum(int tag) const {
    return tag < kBuiltinTagCount ? static_cast<Tag>(tag) : Tag::Other;
  }

  // The mention rule (the file's opening comment). Returns where the scan goes on past a
  // mention, or npos when the tag at [p, e) opens a block.
  std::size_t mention_end(std::size_t p, std::size_t e, int tag) {
    enter_line(p);
    std::size_t k = p;
    while (k > line_begin_ && is_blank(s_[k - 1])) --k;
    if (k == line_begin_ || s_[k - 1] == '>' || text_from_ >= k) return npos;  // nothing before
    std::size_t after = e;
    const std::size_t close = close_on_line(tag, e);
    if (close != npos) after = close;
    std::size_t q = after;
    while (q < line_end_ && (is_blank(s_[q]) || s_[q] == '*' || s_[q] == '_')) ++q;
    if (q == line_end_ || s_[q] == '<') return npos;  // nothing after
    report_.add("tag-mention", {p, e}, [&] {
      const std::string name(names_[static_cast<std::size_t>(tag)]);
      return "<" + name + "> in a sentence is a mention, not a block: put the tag on a line of " +
             "its own to open one";
    });
    return close != npos ? close : e;
  }

  /// Sets the memo of the line holding `p`: its bounds, and where its text starts.
  void enter_line(std::size_t p) {
    if (p >= line_begin_ && p < line_end_) return;
    std::size_t b = p;
    while (b > line_scan_from_ && s_[b - 1] != '\n' && s_[b - 1] != '\r') --b;
    if (b == line_scan_from_ && b > 0 && s_[b - 1] != '\n' && s_[b - 1] != '\r') {
      // the previous memo ended inside this line: its line start stands
      b = line_begin_;
    }
    line_begin_ = b;
    const void* nl = std::memchr(s_.data() + p, '\n', s_.size() - p);
    std::size_t e = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - s_.data())
                       : s_.size();
    if (const void* cr = std::memchr(s_.data() + p, '\r', e - p)) {
      e = static_cast<std::size_t>(static_cast<const char*>(cr) - s_.data());
    }
    line_end_ = e;
    line_scan_from_ = e;
    text_from_ = line_begin_;
    if (text_from_ == 0 && s_.starts_with("\xEF\xBB\xBF")) text_from_ = 3;
    while (text_from_ < line_end_ && is_marker(s_[text_from_])) ++text_from_;
    closes_built_ = false;
  }

  /// The end of the first closing tag of `tag` at or after `from` on the memo's line, or npos.
  std::size_t close_on_line(int tag, std::size_t from) {
    if (!closes_built_) {
      closes_.assign(names_.size(), {});
      close_cursor_.assign(names_.size(), 0);
      for (std::size_t q = line_begin_; q < line_end_;) {
        const void* hit = std::memchr(s_.data() + q, '<', line_end_ - q);
        if (!hit) break;
        q = static_cast<std::size_t>(static_cast<const char*>(hit) - s_.data());
        Match m;
        if (q + 1 < line_end_ && s_[q + 1] == '/') {
          if (const std::size_t n = match_at<g::close_tag>(s_, q, m); n != npos) {
            if (const int t = tag_of(m); t >= 0) closes_[static_cast<std::size_t>(t)].push_back(q + n);
            q += n;
            continue;
          }
        }
        ++q;
      }
      closes_built_ = true;
    }
    const auto& list = closes_[static_cast<std::size_t>(tag)];
    std::size_t& at = close_cursor_[static_cast<std::size_t>(tag)];
    while (at < list.size() && list[at] <= from) ++at;
    return at < list.size() ? list[at] : npos;
  }

  void on_open(int tag, Span span) {
    auto& open = open_[static_cast<std::size_t>(tag)];
    // Inside a fence opened within an open block, a tag is an example in its text.
    if (open.block != npos && fence_open_ && fence_id_ != open.fence) return;
    // An earlier block of the same tag stays unclosed: its body runs to the end of the input.
    Block b;
    b.tag = tag_enum(tag);
    b.other = static_cast<std::uint16_t>(tag < kBuiltinTagCount ? 0 : tag - kBuiltinTagCount);
    b.open = span;
    b.body = {span.end, s_.size()};
    b.in_fence = fence_open_;
    if (echo_) {
      if (const EchoStretch* e = echo_->find(s_, span.begin)) {
        b.echoed = true;
        if (echo_end_ == npos) {
          echo_begin_ = e->reply.begin;
          echo_end_ = e->reply.end;
        }
        report_.add("tag-echoed", span, [&] {
          const std::string name(names_[static_cast<std::size_t>(tag)]);
          return "<" + name + "> in the echo of the prompt (lines " +
                 std::to_string(src_.position(e->reply.begin).line) + "-" +
                 std::to_string(src_.position(e->reply.end).line) +
                 " repeat the prompt's lines " + std::to_string(e->first) + "-" +
                 std::to_string(e->last) + "): not " + (tag == 0 ? "a plan" : "a signal");
        });
      }
    }
    open.block = out_.blocks.size();
    open.fence = fence_open_ ? fence_id_ : 0;
    out_.blocks.push_back(b);
  }

  void on_close(int tag, Span span) {
    auto& open = open_[static_cast<std::size_t>(tag)];
    if (open.block == npos) return;  // a stray closing tag closes nothing
    // Only a close tag outside any fence, or inside the fence the block opened in, closes it:
    // a fence opened inside the plan may show `</plan>` as an example.
    if (fence_open_ && fence_id_ != open.fence) return;
    Block& b = out_.blocks[open.block];
    // Inside the echo, a closing tag closes only what the echo opened.
    if (echo_end_ != npos && span.begin >= echo_begin_ && b.open.begin < echo_begin_) return;
    b.body.end = span.begin;
    b.close = span;
    b.closed = true;
    open.block = npos;
  }

  /// Past the end of an echo: what it left open stays in it. Its blocks stay unclosed and its
  /// unclosed fence ends, so that the agent's own words are read as if the echo were not there.
  void end_echo() {
    if (fence_open_ && fence_at_ >= echo_begin_) fence_open_ = false;
    for (auto& open : open_) {
      if (open.block != npos && out_.blocks[open.block].open.begin >= echo_begin_)
        open.block = npos;
    }
    echo_end_ = npos;
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

  const Source& src_;
  std::string_view s_;
  const std::vector<std::string>& names_;
  EchoFinder* echo_;
  Reply& out_;
  CappedReport report_;
  std::array<bool, 256> first_{};  // bytes that can start a tag name we look for
  // where next_special() last found each of its three bytes (npos: none further on)
  std::array<std::size_t, 3> next_{};
  bool searched_ = false;
  bool fence_open_ = false;
  char fence_char_ = 0;
  std::size_t fence_len_ = 0;
  std::size_t fence_id_ = 0;
  std::size_t fence_at_ = 0;  // the start of the open fence's line
  struct Open {
    std::size_t block = npos;
    std::size_t fence = 0;  // the fence the block opened in; 0: none
  };
  std::vector<Open> open_;
  // the echo the scan is in, if it knows of one: [echo_begin_, echo_end_)
  std::size_t echo_begin_ = 0, echo_end_ = npos;
  // the mention rule's memo of one line
  std::size_t line_begin_ = 0, line_end_ = 0, line_scan_from_ = 0, text_from_ = 0;
  bool closes_built_ = false;
  std::vector<std::vector<std::size_t>> closes_;  // per tag: the ends of its closing tags
  std::vector<std::size_t> close_cursor_;
  std::size_t para_begin_ = 0, para_end_ = 0;
  bool para_scanned_ = false;
  std::unordered_map<std::size_t, std::size_t> last_run_;  // run length -> last start seen
};

}  // namespace

std::vector<std::string> tag_names(const std::vector<std::string>& extra) {
  std::vector<std::string> names;
  for (int t = 0; t < kBuiltinTagCount; ++t) names.emplace_back(to_string(static_cast<Tag>(t)));
  for (const std::string& e : extra) names.push_back(to_lower(e));
  return names;
}

void scan_reply(const Source& src, const std::vector<std::string>& names, EchoFinder* echo,
                Reply& out, Selection scope) {
  Scanner(src, names, echo, out, scope).run();
}

}  // namespace wildplan::detail
