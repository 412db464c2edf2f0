// The signal selection policy (documented on select_signals in extract.hpp and in the README):
// which block of each tag but <plan> is the agent's signal, and what the signals say.
//
// Without the prompt, the echo of a prompt shows every tag as an example, and an example must
// never become a signal: a false DONE ends the session, a false WAITING puts it to sleep, sample
// lessons are stored as memories. Examples are told apart by what they say (placeholders: the
// prompt's instructions, "...here" forms, a menu written in one block) and by their shape (a menu
// of fenced alternatives; a block alone in a fence under an instruction line). What is still
// taken from a fence is taken with a warning: never a silent guess.
#include <algorithm>
#include <array>
#include <string>

#include "extract/report.hpp"
#include "reply_grammar.hpp"
#include "source/strings.hpp"
#include "wildplan/extract.hpp"

namespace wildplan {
namespace {

using detail::CappedReport;
using detail::trim;
namespace pegtl = tao::pegtl;

// Instructional openings: what a prompt writes where the agent's text will go.
constexpr std::array kInstructionStarts = {
    std::string_view("a short "),          std::string_view("a brief "),
    std::string_view("a concise "),        std::string_view("one paragraph"),
    std::string_view("a paragraph"),       std::string_view("one or two sentence"),
    std::string_view("one sentence"),      std::string_view("a sentence"),
    std::string_view("two sentences"),     std::string_view("a few sentences"),
    std::string_view("a summary of"),      std::string_view("a description of"),
    std::string_view("brief summary"),     std::string_view("short summary"),
    std::string_view("describe "),         std::string_view("summarize "),
    std::string_view("summarise "),        std::string_view("explain "),
    std::string_view("insert "),           std::string_view("replace this"),
};

// The first word of a line that introduces an example: a condition or an instruction.
constexpr std::array kIntroWords = {
    std::string_view("if"),      std::string_view("when"),    std::string_view("whenever"),
    std::string_view("once"),    std::string_view("then"),    std::string_view("otherwise"),
    std::string_view("or"),      std::string_view("else"),    std::string_view("unless"),
    std::string_view("after"),   std::string_view("finally"), std::string_view("end"),
    std::string_view("write"),   std::string_view("print"),   std::string_view("output"),
    std::string_view("say"),     std::string_view("list"),    std::string_view("reply"),
    std::string_view("respond"), std::string_view("answer"),  std::string_view("use"),
    std::string_view("add"),     std::string_view("include"), std::string_view("put"),
    std::string_view("emit"),    std::string_view("return"),  std::string_view("report"),
    std::string_view("give"),    std::string_view("provide"), std::string_view("format"),
    std::string_view("example"), std::string_view("e.g."),    std::string_view("for"),
};

constexpr std::array kIntroPhrases = {
    std::string_view("like this"),       std::string_view("as follows"),
    std::string_view("this format"),     std::string_view("following format"),
    std::string_view("for example"),
};

std::string_view first_line(std::string_view t) {
  std::size_t n = 0;
  while (n < t.size() && t[n] != '\n' && t[n] != '\r') ++n;
  return t.substr(0, n);
}

/// "Your reflection here, covering ...", "Put the summary here": a short first clause that ends
/// in "here", not one the agent speaks in ("I stopped here").
bool is_here_form(std::string_view t) {
  const std::string_view clause =
      trim(t.substr(0, std::min(t.size(), detail::find_any(t, ",.;:\n"))));
  if (!detail::equals_folded(clause.substr(clause.size() < 5 ? 0 : clause.size() - 5), " here") &&
      !detail::equals_folded(clause, "here"))
    return false;
  const auto words = std::count(clause.begin(), clause.end(), ' ') + 1;
  return words <= 6 && !detail::starts_with_folded(clause, "i ") &&
         !detail::starts_with_folded(clause, "we ");
}

/// The prompt's instruction in place of the agent's words.
bool is_instruction(std::string_view text) {
  const std::string_view t = trim(text);
  if (is_placeholder(t)) return true;
  if (t == "..." || t == "\xE2\x80\xA6" || detail::equals_folded(t, "tbd") ||
      detail::equals_folded(t, "todo"))
    return true;
  const std::string_view head = first_line(t);
  for (const std::string_view s : kInstructionStarts) {
    if (detail::starts_with_folded(head, s)) return true;
  }
  return is_here_form(head);
}

/// A value written as a menu of its choices: "DONE|WAITING", "yes/no", "yes or no".
bool is_menu_value(std::string_view t) {
  return t.find('|') != std::string_view::npos || t.find('/') != std::string_view::npos ||
         detail::contains_folded(t, " or ");
}

template <typename F>
void for_each_line(std::string_view body, F&& f) {
  std::size_t p = 0;
  while (p < body.size()) {
    std::size_t e = p;
    while (e < body.size() && body[e] != '\n' && body[e] != '\r') ++e;
    f(body.substr(p, e - p));
    p = e + 1;
  }
}

/// Each memory of a body, one per bulleted line: `- [tag] text` or `- text` (tag ""), as
/// f(tag as written, text); stops at the first f that returns false.
template <typename F>
void for_each_memory(std::string_view body, F&& f) {
  namespace g = grammar;
  bool more = true;
  for_each_line(body, [&](std::string_view line) {
    if (!more) return;
    pegtl::memory_input in(line.data(), line.data() + line.size(), "");
    if (!pegtl::parse<g::memory_item>(in)) return;
    std::string_view rest = trim(line);
    rest.remove_prefix(1);  // the bullet
    rest = trim(rest);
    std::string_view tag;
    if (rest.starts_with('[')) {
      const std::size_t close = rest.find(']');
      if (close != std::string_view::npos) {
        const std::string_view t = trim(rest.substr(1, close - 1));
        if (!t.empty() && close + 1 < rest.size()) {
          tag = t;
          rest = trim(rest.substr(close + 1));
        }
      }
    }
    if (!rest.empty()) more = f(tag, rest);
  });
}

/// The memories of a body, the tag lower-cased ("general" when there is none).
std::vector<Memory> read_memories(std::string_view body) {
  std::vector<Memory> out;
  for_each_memory(body, [&](std::string_view tag, std::string_view text) {
    out.push_back(
        {tag.empty() ? std::string("general") : detail::to_lower(tag), std::string(text)});
    return true;
  });
  return out;
}

bool is_signal_placeholder(Tag tag, std::string_view body) {
  const std::string_view t = trim(body);
  if (is_instruction(t)) return true;
  if ((tag == Tag::Promise || tag == Tag::Continue) && is_menu_value(t)) return true;
  if (tag == Tag::Memories) {  // every item the prompt's instruction
    bool any = false, all = true;
    for_each_memory(t, [&](std::string_view, std::string_view text) {
      any = true;
      return all = is_instruction(text);
    });
    return any && all;
  }
  return false;
}

/// Shapes around a block, read from the text: the fence it stands alone in, and the line that
/// introduces that fence.
class Surroundings {
 public:
  explicit Surroundings(std::string_view s) : s_(s) {}

  /// The start of the fence line that opens right before `b` when `b` stands alone in a fence
  /// (nothing but blank lines between the fence lines and the block); else npos.
  std::size_t alone_in_fence(const Block& b) const {
    if (!b.in_fence || !b.closed) return npos;
    // The block starts its line (each line is then walked for one block at most).
    std::size_t k = b.open.begin;
    while (k > 0 && (s_[k - 1] == ' ' || s_[k - 1] == '\t')) --k;
    if (k > 0 && s_[k - 1] != '\n' && s_[k - 1] != '\r') return npos;
    const std::size_t before = skip_back_space(k);
    const std::size_t open_line = line_begin(before);
    if (!is_fence_line(s_.substr(open_line, before - open_line))) return npos;
    const std::size_t after = skip_space(b.close.end);
    if (after == s_.size() || (s_[after] != '`' && s_[after] != '~')) return npos;
    if (!is_fence_line(s_.substr(after, line_end(after) - after))) return npos;
    return open_line;
  }

  /// The last non-blank line before the line starting at `line`, trimmed ("" when none).
  std::string_view line_before(std::size_t line) const {
    const std::size_t end = skip_back_space(line);
    const std::size_t begin = line_begin(end);
    return trim(s_.substr(begin, end - begin));
  }

  /// True when only blank space lies between `a` and `b` within one paragraph (no blank line).
  bool same_paragraph(std::size_t a, std::size_t b) const {
    int newlines = 0;
    for (std::size_t i = a; i < b; ++i) {
      const char c = s_[i];
      if (c == '\n') {
        if (++newlines > 1) return false;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        newlines = 0;
      }
    }
    return true;
  }

 private:
  static constexpr auto npos = std::string_view::npos;

  static bool is_fence_line(std::string_view line) {
    const std::string_view t = trim(line);
    return t.size() >= 3 && (t.starts_with("```") || t.starts_with("~~~"));
  }
  std::size_t skip_back_space(std::size_t p) const {
    while (p > 0 && detail::is_space(s_[p - 1])) --p;
    return p;
  }
  std::size_t skip_space(std::size_t p) const {
    while (p < s_.size() && detail::is_space(s_[p])) ++p;
    return p;
  }
  std::size_t line_begin(std::size_t p) const {
    while (p > 0 && s_[p - 1] != '\n' && s_[p - 1] != '\r') --p;
    return p;
  }
  std::size_t line_end(std::size_t p) const {
    while (p < s_.size() && s_[p] != '\n' && s_[p] != '\r') ++p;
    return p;
  }

  std::string_view s_;
};

/// A line that introduces an example: "When the goal is reached:", "or", "Write it like this:".
bool is_intro(std::string_view line) {
  while (!line.empty() && (line.front() == '-' || line.front() == '*' || line.front() == '>' ||
                           line.front() == ' ' || line.front() == '#'))
    line.remove_prefix(1);
  std::string_view word = line.substr(0, std::min(line.size(), detail::find_any(line, " \t,:")));
  if (line.size() <= 12 && line == word) {  // a lone connector: "or", "otherwise:"
    return detail::equals_folded(word, "or") || detail::equals_folded(word, "otherwise") ||
           detail::equals_folded(word, "else");
  }
  if (!line.ends_with(':')) return false;
  for (const std::string_view w : kIntroWords) {
    if (detail::equals_folded(word, w)) return true;
  }
  for (const std::string_view p : kIntroPhrases) {
    if (detail::contains_folded(line, p)) return true;
  }
  return false;
}

std::string tag_text(const Reply& r, const Block& b) {
  std::string t(1, '<');  // appended: GCC 12's -Wrestrict misreads "<" + std::string(...)
  t.append(r.tag_name(b)).append(1, '>');
  return t;
}

/// The policy's steps (extract.hpp), over one reply's blocks.
class SignalSelector {
 public:
  /// `quiet`: no diagnostic is made (ExtractOptions::chosen_only).
  SignalSelector(Reply& r, bool quiet)
      : r_(r),
        reply_(*r.source),
        report_(reply_, quiet ? nullptr : &r.diagnostics),
        around_(reply_.bytes()),
        fence_line_(r.blocks.size(), npos),
        classified_(r.blocks.size(), false),
        chosen_(kBuiltinTagCount + r.other_tags.size(), nullptr) {}

  /// 1. What each block is: unclosed, placeholder, alone in a fence under an instruction.
  void classify_blocks() {
    for (std::size_t i = 0; i < r_.blocks.size(); ++i) classify(i);
  }

  /// 2. Menus: blocks of one tag, each alone in its fence, a few lines apart, different values.
  void mark_menus() {
    std::vector<bool> seen(r_.blocks.size(), false);
    for (std::size_t i = 0; i < r_.blocks.size(); ++i) {
      if (seen[i] || fence_line_[i] == npos) continue;
      const Chain chain = chain_around(i);
      for (const std::size_t k : chain.blocks) seen[k] = true;
      mark_if_menu(chain);
    }
  }

  /// 3. The last block left of each tag is the signal.
  void choose_last() {
    for (const Block& b : r_.blocks) {
      if (b.tag == Tag::Plan || !b.closed || b.echoed || b.placeholder || b.example) continue;
      chosen_[id(b)] = &b;
    }
  }

  /// Steps 1 to 3 for the chosen blocks only (Selection::ChosenOnly): per tag, its blocks from
  /// the last back are classified, and the menu each fenced one belongs to found (and marked, so
  /// that a menu is found once), until one is left; the blocks before it are not looked at. The
  /// same choice as the three steps.
  void choose_last_lazily() {
    for (std::size_t k = r_.blocks.size(); k-- > 0;) {
      const Block& b = r_.blocks[k];
      if (b.tag == Tag::Plan || chosen_[id(b)] || !classify(k)) continue;
      if (fence_line_[k] != npos && mark_if_menu(chain_around(k))) continue;
      chosen_[id(b)] = &b;
    }
  }

  /// Without the prompt: a signal from a fence, or from beside a placeholder, may be the
  /// prompt's example: warning signal-from-example.
  void warn_of_doubtful_choices() {
    if (r_.prompt_given) return;
    for (std::size_t t = 1; t < chosen_.size(); ++t) {
      const Block* b = chosen_[t];
      if (!b || !is_doubtful(*b)) continue;
      report_.add("signal-from-example", b->open, [&] {
        return tag_text(r_, *b) + " is taken from " +
               (b->in_fence ? "a fenced block" : "beside a placeholder") +
               ", which may be the prompt's example: pass --prompt with the prompt the loop sent "
               "so that its echo is known";
      });
    }
  }

  /// The chosen blocks' bodies as typed signals.
  void fill_signals() {
    Signals& s = r_.signals;
    s.summary = body(Tag::Summary);
    s.reflection = body(Tag::Reflection);
    if (auto p = body(Tag::Promise)) s.promise = detail::to_upper(*p);
    if (auto c = body(Tag::Continue)) {
      const std::string v = detail::to_lower(*c);
      s.continue_ = v == "yes" || v == "true" || v == "1";
    }
    if (const Block* m = chosen_[static_cast<std::size_t>(Tag::Memories)]) {
      s.memories = read_memories(reply_.text(m->body));
    }
    s.others.clear();
    for (std::size_t k = 0; k < r_.other_tags.size(); ++k) {
      s.others.emplace_back(r_.other_tags[k], body_at(kBuiltinTagCount + k));
    }
    report_.summarise("tag-unclosed", "unclosed signal tags");
    report_.summarise("tag-placeholder", "placeholder signal blocks");
    report_.summarise("tag-example", "example signal blocks");
  }

 private:
  static std::size_t id(const Block& b) {
    return b.tag == Tag::Other ? kBuiltinTagCount + std::size_t{b.other}
                               : static_cast<std::size_t>(b.tag);
  }

  /// Blocks of one tag in a row (other tags between them do not count), each alone in its
  /// fence, each fence line at most 6 lines below the block before.
  struct Chain {
    std::vector<std::size_t> blocks;
    std::size_t values = 1;  // 1 + how often a block's value differs from the one before
    /// Two or more blocks with different values: a menu of alternatives.
    bool is_menu() const { return blocks.size() >= 2 && values >= 2; }
  };

  /// Classifies block `i` once (unclosed, placeholder, alone in a fence, fenced under an
  /// instruction), with its diagnostic. True when it is closed, not echoed, not a placeholder and
  /// not an example so far (a menu may still make it one).
  bool classify(std::size_t i) {
    Block& b = r_.blocks[i];
    if (b.tag == Tag::Plan || b.echoed) return false;
    if (classified_[i]) return b.closed && !b.placeholder && !b.example;
    classified_[i] = true;
    if (!b.closed) {
      report_.add("tag-unclosed", b.open, [&] {
        const std::string open = tag_text(r_, b);
        return open + " is never closed: add </" + open.substr(1) + " after its text";
      });
      return false;
    }
    b.placeholder = is_signal_placeholder(b.tag, reply_.text(b.body));
    if (b.placeholder) {
      report_.add("tag-placeholder", b.open, [&] {
        return "placeholder " + tag_text(r_, b) +
               " block ignored (the prompt's own example, not a signal)";
      });
      return false;
    }
    fence_line_[i] = around_.alone_in_fence(b);
    if (fence_line_[i] != npos && is_intro(around_.line_before(fence_line_[i]))) {
      b.example = true;
      report_.add("tag-example", b.open, [&] {
        return tag_text(r_, b) +
               " block ignored: it stands alone in a fence under an instruction, the "
               "prompt's example";
      });
    }
    return !b.example;
  }

  /// Marks every block of `chain` an example when it is a menu; returns whether it is.
  bool mark_if_menu(const Chain& chain) {
    if (!chain.is_menu()) return false;
    for (const std::size_t k : chain.blocks) {
      Block& b = r_.blocks[k];
      if (b.example) continue;
      b.example = true;
      report_.add("tag-example", b.open, [&] {
        return tag_text(r_, b) + " block ignored: one of a menu of fenced alternatives the " +
               "prompt shows";
      });
    }
    return true;
  }

  /// The longest chain through block `k`, which stands alone in its fence (classified).
  Chain chain_around(std::size_t k) {
    const std::size_t tag = id(r_.blocks[k]);
    const auto linked = [&](std::size_t before, std::size_t after) {
      classify(before);
      classify(after);
      return fence_line_[before] != npos && fence_line_[after] != npos &&
             lines_apart(r_.blocks[before].close.end, fence_line_[after]) <= 6;
    };
    const auto same_tag = [&](std::size_t from, int step) -> std::size_t {
      for (std::size_t n = from + step; n < r_.blocks.size(); n += step) {
        if (id(r_.blocks[n]) == tag) return n;
      }
      return npos;
    };
    std::size_t first = k;
    for (std::size_t p = same_tag(first, -1); p != npos && linked(p, first); p = same_tag(p, -1))
      first = p;
    Chain chain;
    chain.blocks.push_back(first);
    for (std::size_t n = same_tag(first, 1); n != npos && linked(chain.blocks.back(), n);
         n = same_tag(n, 1)) {
      const std::size_t prev = chain.blocks.back();
      chain.values += trim(reply_.text(r_.blocks[n].body)) ==
                              trim(reply_.text(r_.blocks[prev].body))
                          ? 0
                          : 1;
      chain.blocks.push_back(n);
    }
    return chain;
  }

  /// How many lines `b` is below `a` (line ends in [a, b): LF, or a CR not before an LF),
  /// counted up to 7: menus look no further.
  std::size_t lines_apart(std::size_t a, std::size_t b) const {
    const std::string_view s = reply_.bytes();
    std::size_t n = 0;
    for (std::size_t i = a; i < b && n <= 6; ++i) {
      n += s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'));
    }
    return n;
  }

  /// In a fence, or in one paragraph with a placeholder beside it (no fence line between).
  bool is_doubtful(const Block& b) const {
    bool doubt = b.in_fence;
    const auto k = static_cast<std::size_t>(&b - r_.blocks.data());
    for (const std::size_t n : {k - 1, k + 1}) {
      if (n >= r_.blocks.size() || !r_.blocks[n].placeholder) continue;
      const Block& o = r_.blocks[n];
      if (o.in_fence != b.in_fence) continue;
      doubt |= n < k ? around_.same_paragraph(o.close.end, b.open.begin)
                     : around_.same_paragraph(b.close.end, o.open.begin);
    }
    return doubt;
  }

  std::optional<std::string> body_at(std::size_t t) const {
    if (!chosen_[t]) return std::nullopt;
    return std::string(trim(reply_.text(chosen_[t]->body)));
  }
  std::optional<std::string> body(Tag t) const { return body_at(static_cast<std::size_t>(t)); }

  Reply& r_;
  const Source& reply_;
  CappedReport report_;
  const Surroundings around_;
  static constexpr std::size_t npos = std::string_view::npos;

  std::vector<std::size_t> fence_line_;  // per block: its fence's line start when alone in one
  std::vector<bool> classified_;         // per block: classify() has run
  std::vector<const Block*> chosen_;     // per tag id
};

}  // namespace

void select_signals(Reply& r, Selection scope) {
  SignalSelector selector(r, scope == Selection::ChosenOnly);
  if (scope == Selection::ChosenOnly) {
    selector.choose_last_lazily();
  } else {
    selector.classify_blocks();
    selector.mark_menus();
    selector.choose_last();
    selector.warn_of_doubtful_choices();
  }
  selector.fill_signals();
}

}  // namespace wildplan
