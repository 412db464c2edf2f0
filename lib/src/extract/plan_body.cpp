// plan_body(): where a <plan> block's Markdown is. Agents copy the prompt's formatting, and the
// prompt shows the task list inside a ```markdown fence: a block whose whole body is one fenced
// code block holds the plan inside the fence, not a code block with no tasks. The fence lines
// are the reply grammar's (grammars/reply_grammar.hpp), so "a fence" means the same here as in
// the scanner.
#include <cstring>

#include "reply_grammar.hpp"
#include "source/strings.hpp"
#include "wildplan/extract.hpp"

namespace wildplan {
namespace {

namespace g = grammar;
namespace pegtl = tao::pegtl;

struct Run {
  char c = 0;
  std::size_t length = 0;
};

template <typename Rule>
struct run_action : pegtl::nothing<Rule> {};
template <>
struct run_action<g::backtick_run> {
  template <typename In>
  static void apply(const In& in, Run& r) {
    r = {'`', in.size()};
  }
};
template <>
struct run_action<g::tilde_run> {
  template <typename In>
  static void apply(const In& in, Run& r) {
    r = {'~', in.size()};
  }
};

/// `Rule` matched on the line [begin, end) of `s`: its fence run, or none.
template <typename Rule>
std::optional<Run> fence_line(std::string_view s, std::size_t begin, std::size_t end) {
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(s.data() + begin, s.data() + end, "");
  Run r;
  if (!pegtl::parse<Rule, run_action>(in, r)) return std::nullopt;
  return r;
}

}  // namespace

std::optional<Span> fenced_plan(const Source& reply, Span body) {
  const std::string_view s = reply.bytes();
  std::size_t first = body.begin, last = body.end;
  while (first < last && detail::is_space(s[first])) ++first;
  while (last > first && detail::is_space(s[last - 1])) --last;
  if (first == last || (s[first] != '`' && s[first] != '~' && s[first] != ' ' && s[first] != '\t'))
    return std::nullopt;
  // The opening fence is the first non-blank line, from its start (its indentation included).
  std::size_t open_begin = first;
  while (open_begin > body.begin && s[open_begin - 1] != '\n' && s[open_begin - 1] != '\r')
    --open_begin;
  std::size_t open_end = first;
  while (open_end < last && s[open_end] != '\n' && s[open_end] != '\r') ++open_end;
  const auto open = fence_line<g::fence_open>(s, open_begin, open_end);
  if (!open || open_end == last) return std::nullopt;
  const auto line_end_size = [&](std::size_t eol) -> std::size_t {  // CRLF, or one byte
    return eol + 1 < s.size() && s[eol] == '\r' && s[eol + 1] == '\n' ? 2 : 1;
  };
  const std::size_t content = open_end + line_end_size(open_end);
  // Every later line: the first that closes the fence must be the last non-blank one.
  for (std::size_t line = content; line < last;) {
    std::size_t eol = line;
    while (eol < last && s[eol] != '\n' && s[eol] != '\r') ++eol;
    if (s[line] == open->c || s[line] == ' ' || s[line] == '\t') {
      const auto close = fence_line<g::fence_close>(s, line, eol);
      if (close && close->c == open->c && close->length >= open->length)
        return eol == last ? std::optional<Span>(Span{content, line}) : std::nullopt;
    }
    line = eol + line_end_size(eol);
  }
  return std::nullopt;  // never closed: then </plan> sat inside the fence, and did not close
}

Span plan_body(const Source& reply, const Block& block) {
  return fenced_plan(reply, block.body).value_or(block.body);
}

}  // namespace wildplan
