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

}  // namespace

void select_signals(const Source& reply, Reply& r) {
  CappedReport report(reply, r.diagnostics);
  const Surroundings around(reply.bytes());
  const std::size_t tags = kTagCount + r.other_tags.size();
  auto id = [](const Block& b) -> std::size_t {
    return b.tag == Tag::Other ? kTagCount + std::size_t{b.other} : static_cast<std::size_t>(b.tag);
  };

  // 1. What each block is: unclosed, placeholder, alone in a fence under an instruction.
  std::vector<std::size_t> fence_line(r.blocks.size(), std::string_view::npos);
  for (std::size_t i = 0; i < r.blocks.size(); ++i) {
    Block& b = r.blocks[i];
    if (b.tag == Tag::Plan || b.echoed) continue;
    if (!b.closed) {
      report.add("tag-unclosed", b.open, Severity::Warning, [&] {
        const std::string open = tag_text(r, b);
        return open + " is never closed: add </" + open.substr(1) + " after its text";
      });
      continue;
    }
    b.placeholder = is_signal_placeholder(b.tag, reply.text(b.body));
    if (b.placeholder) {
      report.add("tag-placeholder", b.open, Severity::Note, [&] {
        return "placeholder " + tag_text(r, b) +
               " block ignored (the prompt's own example, not a signal)";
      });
      continue;
    }
    fence_line[i] = around.alone_in_fence(b);
    if (fence_line[i] != std::string_view::npos && is_intro(around.line_before(fence_line[i]))) {
      b.example = true;
      report.add("tag-example", b.open, Severity::Note, [&] {
        return tag_text(r, b) +
               " block ignored: it stands alone in a fence under an instruction, the prompt's "
               "example";
      });
    }
  }

  // 2. Menus: blocks of one tag, each alone in its fence, a few lines apart, different values.
  for (std::size_t i = 0; i < r.blocks.size(); ++i) {
    if (fence_line[i] == std::string_view::npos) continue;
    std::size_t j = i, distinct = 1;
    std::vector<std::size_t> run = {i};
    for (std::size_t k = i + 1; k < r.blocks.size(); ++k) {
      const Block& b = r.blocks[k];
      if (id(b) != id(r.blocks[i])) continue;
      if (fence_line[k] == std::string_view::npos) break;
      const Block& prev = r.blocks[j];
      const std::size_t gap_lines =
          reply.position(fence_line[k]).line - reply.position(prev.close.end).line;
      if (gap_lines > 6) break;
      const bool same = trim(reply.text(b.body)) == trim(reply.text(prev.body));
      distinct += same ? 0 : 1;
      run.push_back(k);
      j = k;
    }
    if (run.size() < 2 || distinct < 2) continue;
    for (const std::size_t k : run) {
      Block& b = r.blocks[k];
      fence_line[k] = std::string_view::npos;  // each block joins one menu
      if (b.example) continue;
      b.example = true;
      report.add("tag-example", b.open, Severity::Note, [&] {
        return tag_text(r, b) + " block ignored: one of a menu of fenced alternatives the " +
               "prompt shows";
      });
    }
  }

  // 3. The last block left of each tag is the signal.
  std::vector<const Block*> chosen(tags, nullptr);
  for (const Block& b : r.blocks) {
    if (b.tag == Tag::Plan || !b.closed || b.echoed || b.placeholder || b.example) continue;
    chosen[id(b)] = &b;
  }
  if (!r.prompt_given) {
    for (std::size_t t = 1; t < tags; ++t) {
      const Block* b = chosen[t];
      if (!b) continue;
      bool doubt = b->in_fence;
      const auto k = static_cast<std::size_t>(b - r.blocks.data());
      for (const std::size_t n : {k - 1, k + 1}) {  // a placeholder in the same paragraph
        if (n >= r.blocks.size() || !r.blocks[n].placeholder) continue;
        const Block& o = r.blocks[n];
        if (o.in_fence != b->in_fence) continue;  // a fence line parts them
        doubt |= n < k ? around.same_paragraph(o.close.end, b->open.begin)
                       : around.same_paragraph(b->close.end, o.open.begin);
      }
      if (!doubt) continue;
      report.add("signal-from-example", b->open, Severity::Warning, [&] {
        return tag_text(r, *b) + " is taken from " +
               (b->in_fence ? "a fenced block" : "beside a placeholder") +
               ", which may be the prompt's example: pass --prompt with the prompt the loop sent "
               "so that its echo is known";
      });
    }
  }

  auto body = [&](std::size_t t) -> std::optional<std::string> {
    if (!chosen[t]) return std::nullopt;
    return std::string(trim(reply.text(chosen[t]->body)));
  };
  Signals& s = r.signals;
  s.summary = body(static_cast<std::size_t>(Tag::Summary));
  s.reflection = body(static_cast<std::size_t>(Tag::Reflection));
  if (auto p = body(static_cast<std::size_t>(Tag::Promise))) s.promise = detail::to_upper(*p);
  if (auto c = body(static_cast<std::size_t>(Tag::Continue))) {
    const std::string v = detail::to_lower(*c);
    s.continue_ = v == "yes" || v == "true" || v == "1";
  }
  if (const Block* m = chosen[static_cast<std::size_t>(Tag::Memories)]) {
    s.memories = read_memories(reply.text(m->body));
  }
  s.others.clear();
  for (std::size_t k = 0; k < r.other_tags.size(); ++k) {
    s.others.emplace_back(r.other_tags[k], body(kTagCount + k));
  }
  report.summarise("tag-unclosed", "unclosed signal tags");
  report.summarise("tag-placeholder", "placeholder signal blocks");
  report.summarise("tag-example", "example signal blocks");
}

}  // namespace wildplan
