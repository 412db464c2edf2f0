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
  return t.substr(0, std::min(t.size(), t.find_first_of("\n\r")));
}

/// "Your reflection here, covering ...", "Put the summary here": a short first clause that ends
/// in "here", not one the agent speaks in ("I stopped here").
bool is_here_form(std::string_view t) {
  const std::string_view clause = trim(t.substr(0, std::min(t.size(), t.find_first_of(",.;:\n"))));
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

/// One memory per bulleted line: `- [tag] text` (tag lower-cased) or `- text` (tag "general").
std::vector<Memory> read_memories(std::string_view body) {
  namespace g = grammar;
  std::vector<Memory> out;
  for_each_line(body, [&](std::string_view line) {
    pegtl::memory_input in(line.data(), line.data() + line.size(), "");
    if (!pegtl::parse<g::memory_item>(in)) return;
    std::string_view rest = trim(line);
    rest.remove_prefix(1);  // the bullet
    rest = trim(rest);
    std::string tag = "general";
    if (rest.starts_with('[')) {
      const std::size_t close = rest.find(']');
      if (close != std::string_view::npos) {
        const std::string_view t = trim(rest.substr(1, close - 1));
        if (!t.empty() && close + 1 < rest.size()) {
          tag = detail::to_lower(t);
          rest = trim(rest.substr(close + 1));
        }
      }
    }
    if (!rest.empty()) out.push_back({std::move(tag), std::string(rest)});
  });
  return out;
}

bool is_signal_placeholder(Tag tag, std::string_view body) {
  const std::string_view t = trim(body);
  if (is_instruction(t)) return true;
  if ((tag == Tag::Promise || tag == Tag::Continue) && is_menu_value(t)) return true;
  if (tag == Tag::Memories) {
    const auto items = read_memories(t);
    return !items.empty() && std::all_of(items.begin(), items.end(), [](const Memory& m) {
      return is_instruction(m.text);
    });
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
  std::string_view word = line.substr(0, std::min(line.size(), line.find_first_of(" \t,:")));
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
  explicit SignalSelector(Reply& r)
      : r_(r),
        reply_(*r.source),
        report_(reply_, r.diagnostics),
        around_(reply_.bytes()),
        fence_line_(r.blocks.size(), std::string_view::npos),
        chosen_(kBuiltinTagCount + r.other_tags.size(), nullptr) {}

  /// 1. What each block is: unclosed, placeholder, alone in a fence under an instruction.
  void classify_blocks() {
    for (std::size_t i = 0; i < r_.blocks.size(); ++i) {
      Block& b = r_.blocks[i];
      if (b.tag == Tag::Plan || b.echoed) continue;
      if (!b.closed) {
        report_.add("tag-unclosed", b.open, [&] {
          const std::string open = tag_text(r_, b);
          return open + " is never closed: add </" + open.substr(1) + " after its text";
        });
        continue;
      }
      b.placeholder = is_signal_placeholder(b.tag, reply_.text(b.body));
      if (b.placeholder) {
        report_.add("tag-placeholder", b.open, [&] {
          return "placeholder " + tag_text(r_, b) +
                 " block ignored (the prompt's own example, not a signal)";
        });
        continue;
      }
      fence_line_[i] = around_.alone_in_fence(b);
      if (fence_line_[i] != std::string_view::npos &&
          is_intro(around_.line_before(fence_line_[i]))) {
        b.example = true;
        report_.add("tag-example", b.open, [&] {
          return tag_text(r_, b) +
                 " block ignored: it stands alone in a fence under an instruction, the "
                 "prompt's example";
        });
      }
    }
  }

  /// 2. Menus: blocks of one tag, each alone in its fence, a few lines apart, different values.
  void mark_menus() {
    for (std::size_t i = 0; i < r_.blocks.size(); ++i) {
      if (fence_line_[i] == std::string_view::npos) continue;
      const std::vector<std::size_t> run = menu_from(i);
      if (run.empty()) continue;
      for (const std::size_t k : run) {
        Block& b = r_.blocks[k];
        fence_line_[k] = std::string_view::npos;  // each block joins one menu
        if (b.example) continue;
        b.example = true;
        report_.add("tag-example", b.open, [&] {
          return tag_text(r_, b) + " block ignored: one of a menu of fenced alternatives the " +
                 "prompt shows";
        });
      }
    }
  }

  /// 3. The last block left of each tag is the signal.
  void choose_last() {
    for (const Block& b : r_.blocks) {
      if (b.tag == Tag::Plan || !b.closed || b.echoed || b.placeholder || b.example) continue;
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

  /// The menu starting at block `i`: the blocks of its tag that follow it, each alone in its
  /// fence at most 6 lines after the one before, when there are two or more with different
  /// values; empty otherwise.
  std::vector<std::size_t> menu_from(std::size_t i) const {
    std::size_t j = i, distinct = 1;
    std::vector<std::size_t> run = {i};
    for (std::size_t k = i + 1; k < r_.blocks.size(); ++k) {
      const Block& b = r_.blocks[k];
      if (id(b) != id(r_.blocks[i])) continue;
      if (fence_line_[k] == std::string_view::npos) break;
      const Block& prev = r_.blocks[j];
      const std::size_t gap_lines =
          reply_.position(fence_line_[k]).line - reply_.position(prev.close.end).line;
      if (gap_lines > 6) break;
      distinct += trim(reply_.text(b.body)) == trim(reply_.text(prev.body)) ? 0 : 1;
      run.push_back(k);
      j = k;
    }
    if (run.size() < 2 || distinct < 2) run.clear();
    return run;
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
  std::vector<std::size_t> fence_line_;
  std::vector<const Block*> chosen_;  // per tag id
};

}  // namespace

void select_signals(Reply& r) {
  SignalSelector selector(r);
  selector.classify_blocks();
  selector.mark_menus();
  selector.choose_last();
  selector.warn_of_doubtful_choices();
  selector.fill_signals();
}

}  // namespace wildplan
