// The echo of the prompt (echo.hpp): line matching anchored on the tag's own line.
//
// What counts as an echo. A stretch of consecutive reply lines equal to consecutive prompt lines
// (trailing blanks and CR aside), holding at least three prompt lines with a letter or digit in
// them and 64 bytes of such lines, or every such line of the prompt. A shorter match is not an
// echo: an agent's answer often repeats one line of the prompt (`<promise>WAITING</promise>`,
// `## Goal`, the goal sentence) and must keep it. A stretch is widened by a line cut short at its
// end (a prefix of the next prompt line: a tool cut the output) or at its start (a suffix of the
// line before).
//
// Cost. Every byte compared is counted; past eight times the reply read so far (plus the prompt)
// the search gives up and says so, which bounds the time on replies built to repeat the prompt's
// lines at every tag.
#include "extract/echo.hpp"

#include <algorithm>
#include <cstring>

namespace wildplan::detail {
namespace {

constexpr std::size_t kMaxCandidates = 64;  // prompt lines tried per reply line
constexpr std::uint32_t kMinLines = 3;
constexpr std::uint64_t kMinWeight = 64;
constexpr std::size_t kSpendFactor = 8;

std::string_view normalise(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
    line.remove_suffix(1);
  if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
  return line;
}

std::uint32_t weight_of(std::string_view line) {
  for (const char c : line) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || ((u | 0x20u) >= 'a' && (u | 0x20u) <= 'z') || u >= 0x80)
      return static_cast<std::uint32_t>(line.size());
  }
  return 0;
}

}  // namespace

EchoFinder::EchoFinder(std::string_view prompt) {
  std::size_t p = 0;
  while (p < prompt.size()) {
    const std::size_t nl = prompt.find('\n', p);
    const std::size_t e = nl == std::string_view::npos ? prompt.size() : nl;
    const std::string_view text = normalise(prompt.substr(p, e - p));
    lines_.push_back({text, weight_of(text)});
    p = e + 1;
  }
  weight_before_.assign(lines_.size() + 1, 0);
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    weight_before_[i + 1] = weight_before_[i] + lines_[i].weight;
    if (lines_[i].weight > 0) {
      ++weighted_lines_;
      auto& at = where_[lines_[i].text];
      if (at.size() < kMaxCandidates) at.push_back(static_cast<std::uint32_t>(i));
    }
  }
}

EchoFinder::ReplyLine EchoFinder::line_at(std::string_view reply, std::size_t at) const {
  std::size_t b = at;
  while (b > 0 && reply[b - 1] != '\n') --b;
  const void* nl = std::memchr(reply.data() + at, '\n', reply.size() - at);
  const std::size_t e =
      nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - reply.data()) : reply.size();
  return {b, e, normalise(reply.substr(b, e - b))};
}

bool EchoFinder::prev_line(std::string_view reply, const ReplyLine& l, ReplyLine& out) const {
  if (l.begin == 0) return false;
  out = line_at(reply, l.begin - 1);
  return true;
}

bool EchoFinder::next_line(std::string_view reply, const ReplyLine& l, ReplyLine& out) const {
  if (l.end >= reply.size()) return false;
  out = line_at(reply, l.end + 1);
  return true;
}

const EchoStretch* EchoFinder::find(std::string_view reply, std::size_t at) {
  if (have_found_ && at >= found_.reply.begin && at < found_.reply.end) return &found_;
  if (gave_up_ || weighted_lines_ == 0) return nullptr;
  if (at >= missed_.begin && at < missed_.end) return nullptr;  // asked about this line before
  const ReplyLine here = line_at(reply, at);
  missed_ = {here.begin, here.end};
  const auto it = where_.find(here.text);
  if (it == where_.end()) return nullptr;

  struct Best {
    ReplyLine from, to;
    std::uint32_t first = 0, last = 0;
    std::uint64_t weight = 0;
    std::uint32_t lines = 0;
  } best;
  for (const std::uint32_t j : it->second) {
    ReplyLine from = here, to = here, l;
    std::uint32_t first = j, last = j;
    while (first > 0 && prev_line(reply, from, l) && l.begin >= walked_to_) {
      spent_ += l.text.size() + 1;
      if (l.text != lines_[first - 1].text) break;
      from = l;
      --first;
    }
    while (last + 1 < lines_.size() && next_line(reply, to, l)) {
      spent_ += l.text.size() + 1;
      if (l.text != lines_[last + 1].text) break;
      to = l;
      ++last;
    }
    const std::uint64_t weight = weight_before_[last + 1] - weight_before_[first];
    std::uint32_t lines = 0;
    for (std::uint32_t k = first; k <= last && lines < weighted_lines_; ++k)
      lines += lines_[k].weight > 0;
    if (weight > best.weight) best = {from, to, first, last, weight, lines};
  }
  if (spent_ > kSpendFactor * (at + lines_.size() + weight_before_.back())) gave_up_ = true;
  const bool whole = best.lines == weighted_lines_;
  if (best.weight == 0 || (!whole && (best.lines < kMinLines || best.weight < kMinWeight)))
    return nullptr;

  // A line cut short at either end still belongs to the echo.
  ReplyLine l;
  if (best.last + 1 < lines_.size() && next_line(reply, best.to, l) && !l.text.empty() &&
      lines_[best.last + 1].text.starts_with(l.text)) {
    best.to = l;
  }
  if (best.first > 0 && prev_line(reply, best.from, l) && l.begin >= walked_to_ &&
      !l.text.empty() && lines_[best.first - 1].text.ends_with(l.text)) {
    best.from = l;
  }
  found_ = {{best.from.begin, best.to.end}, best.first + 1, best.last + 1};
  have_found_ = true;
  walked_to_ = best.to.end;
  missed_ = {};
  return &found_;
}

}  // namespace wildplan::detail
