#pragma once
// The echo of the prompt: where a reply reproduces the prompt the loop sent, whole or in part (a
// prefix, a stretch cut by a tool), line ends CRLF or LF and trailing blanks aside.
//
// The prompt's lines are hashed once. A reply is never searched as a whole: the scanner asks
// about the line of each tag it finds, and the stretch around that line is matched line by line
// against each place the prompt holds the same line, forward and back, the longest match kept.
// A stretch found answers every later question inside it, and the walk back stops where the last
// one ended, so each reply line is compared a bounded number of times: linear in reply and
// prompt, and nothing at all for a reply without tags.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "wildplan/source.hpp"

namespace wildplan::detail {

/// A stretch of the reply that reproduces the prompt's lines [first, last] (1-based).
struct EchoStretch {
  Span reply;
  std::uint32_t first = 0, last = 0;
};

class EchoFinder {
 public:
  explicit EchoFinder(std::string_view prompt);

  /// The stretch of `reply` holding byte `at` that reproduces the prompt, or null. Questions
  /// come in increasing order of `at` (the scanner's); the answer lives until the next question.
  const EchoStretch* find(std::string_view reply, std::size_t at);

  /// True when the search gave up: the reply repeats the prompt's lines so often that looking
  /// further would cost more than a few passes over the reply.
  bool gave_up() const { return gave_up_; }

 private:
  struct Line {
    std::string_view text;      // trailing blanks and CR removed
    std::uint32_t weight = 0;   // its bytes when it holds a letter or digit, else 0
  };
  struct ReplyLine {
    std::size_t begin = 0, end = 0;  // [begin, end): the line without its line end
    std::string_view text;           // normalised as Line::text
  };

  ReplyLine line_at(std::string_view reply, std::size_t at) const;
  bool prev_line(std::string_view reply, const ReplyLine& l, ReplyLine& out) const;
  bool next_line(std::string_view reply, const ReplyLine& l, ReplyLine& out) const;

  std::vector<Line> lines_;
  std::vector<std::uint64_t> weight_before_;  // prefix sums of Line::weight
  std::uint32_t weighted_lines_ = 0;
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> where_;  // text -> lines
  EchoStretch found_;
  bool have_found_ = false;
  std::size_t walked_to_ = 0;  // the walk back never goes before this offset
  Span missed_;        // the last line asked about and found in no echo
  std::size_t spent_ = 0;               // bytes compared so far
  bool gave_up_ = false;
};

}  // namespace wildplan::detail
