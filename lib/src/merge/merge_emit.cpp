// The merge's result, line by line (merger.hpp): the tokens of git's merge read back as tasks,
// the added tasks put back, git's conflicts and the tasks' own.
#include <algorithm>
#include <charconv>
#include <utility>

#include "merge/merger.hpp"

namespace wildplan::detail {

/// Where each task the side added goes in the merge `m`: after the line it followed, as git's
/// line diff of the side (without them) against its view of the merge finds that line.
void Merger::place_additions(int version, const std::string& side_text,
                             const detail::TextPieces& m) {
  std::string view;
  std::size_t n = 0;
  for (const TextPiece& p : m.pieces) {
    const auto& lines = !p.conflict ? p.lines : version == kOurs ? p.ours : p.theirs;
    for (std::string_view l : lines) view.append(l);
    n += lines.size();
  }
  before_[version].assign(n + 1, {});
  if (added_[version].empty()) return;
  const auto map = detail::line_map(side_text, view);
  for (const auto& [gap, g] : added_[version]) {
    // a task both sides added goes in once, where ours put it
    if (version == kTheirs && groups_[g].at[kOurs]) continue;
    // after the line it followed; when the merge changed that line, after what replaced it;
    // when the merge dropped it, where it was
    std::size_t at = 0;
    if (gap > 0 && gap <= map.size()) at = map[gap - 1].at + (map[gap - 1].kept ? 1 : 0);
    before_[version][at].push_back(g);
  }
}

/// The added tasks placed before line `at` of the side's view of the merge: inside a conflict,
/// as that side's lines; else merged.
void Merger::emit_additions(int version, std::size_t at, bool in_conflict) {
  if (at >= before_[version].size()) return;
  for (std::size_t g : std::exchange(before_[version][at], {})) {
    if (!result_.bytes.empty() && result_.bytes.back() != '\n') append(eol_);
    const Version3& v = v_[version];
    const std::size_t t = *groups_[g].at[version];
    const std::string_view bytes = v.src->bytes();
    std::string_view eol = bytes.substr(v.lines[t].end);
    eol = eol.substr(0, std::min(eol.find('\n') + 1, eol.size()));
    ends_with_bare_addition_ = eol.empty();
    if (eol.empty()) eol = eol_;
    if (in_conflict) {
      groups_[g].in_conflict = true;
      append(parts(version, t).whole);
      append(eol);
    } else {
      emit_task(g, eol);
    }
  }
}

std::optional<Token> Merger::token_of(std::string_view line) const {
  if (!line.starts_with(prefix_)) return std::nullopt;
  line.remove_prefix(prefix_.size());
  Token t;
  const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), t.group);
  if (ec != std::errc() || t.group >= groups_.size()) return std::nullopt;
  line.remove_prefix(static_cast<std::size_t>(end - line.data()));
  if (line.starts_with('~')) {
    t.own = true;
    line.remove_prefix(1);
  }
  t.eol = line;
  return t;
}

void Merger::append(std::string_view s) {
  result_.bytes.append(s);
  line_ += static_cast<std::uint32_t>(std::count(s.begin(), s.end(), '\n'));
}

void Merger::emit_clean_line(std::string_view line) {
  const auto tok = token_of(line);
  if (!tok) {
    append(line);
    return;
  }
  emit_task(tok->group, tok->eol);
}

/// The merged line of group `g` where the result holds it (once: a task both sides moved to
/// different places stays at the first).
void Merger::emit_task(std::size_t g, std::string_view eol) {
  Group& group = groups_[g];
  if (group.emitted) return;
  group.emitted = true;
  group.line = line_;
  const auto line_of_side = [&](int version) {
    return std::string(parts(version, *group.at[version]).whole);
  };
  if (!group.merged) {  // one side holds it: added there, or moved there and deleted by the other
    append(line_of_side(group.at[kOurs] ? kOurs : group.at[kTheirs] ? kTheirs : kBase));
    append(eol);
    return;
  }
  if (group.merged->outcome != LineMergeOutcome::Conflict) {
    append(group.merged->text);
    append(eol);
    return;
  }
  const std::string_view end = eol.empty() ? std::string_view("\n") : eol;
  const std::string k(options_.marker_size, '<'), m(options_.marker_size, '='),
      n(options_.marker_size, '>');
  MergeConflict c;
  c.kind = group.merged->conflict;
  c.line = line_;
  append(k + " " + options_.ours_label);
  append(end);
  append(line_of_side(kOurs));
  append(end);
  append(m);
  append(end);
  append(line_of_side(kTheirs));
  append(end);
  c.end_line = line_;
  append(n + " " + options_.theirs_label);
  append(end);
  c.base = group.at[kBase];
  c.ours = group.at[kOurs];
  c.theirs = group.at[kTheirs];
  const Task& t = v_[kOurs].plan.tasks[*group.at[kOurs]];
  c.id = t.id;
  c.title = t.title;
  result_.conflicts.push_back(std::move(c));
}

/// A line of one side of a conflict: its own bytes, a token read back as that side's task line.
std::string Merger::side_line(int version, std::string_view line, Token* tok) const {
  const auto t = token_of(line);
  if (!t) return std::string(line);
  if (tok) *tok = *t;
  const Group& g = groups_[t->group];
  if (!g.at[version]) return std::string(line);  // cannot happen: the side's text holds it
  return std::string(parts(version, *g.at[version]).whole) + std::string(t->eol);
}

void Merger::emit_conflict(const TextPiece& piece, std::size_t& at_ours, std::size_t& at_theirs) {
  MergeConflict c;
  c.kind = ConflictKind::Text;
  c.line = line_;
  append(std::string(options_.marker_size, '<') + " " + options_.ours_label);
  append(piece.eol);
  std::optional<Token> own;
  for (int side : {kOurs, kTheirs}) {
    const auto& lines = side == kOurs ? piece.ours : piece.theirs;
    std::size_t& at = side == kOurs ? at_ours : at_theirs;
    for (std::size_t i = 0; i < lines.size(); ++i, ++at) {
      if (i > 0) emit_additions(side, at, true);
      const std::string_view l = lines[i];
      Token tok{static_cast<std::size_t>(-1), false, {}};
      append(side_line(side, l, &tok));
      if (tok.group == static_cast<std::size_t>(-1)) continue;
      groups_[tok.group].in_conflict = true;
      if (tok.own && !own) own = tok;
    }
    if (side == kOurs) {
      append(std::string(options_.marker_size, '='));
      append(piece.eol);
    }
  }
  c.end_line = line_;
  append(std::string(options_.marker_size, '>') + " " + options_.theirs_label);
  append(piece.eol);
  ends_with_bare_addition_ = false;
  if (own) {  // a task deleted on one side and changed on the other
    const Group& g = groups_[own->group];
    c.kind = ConflictKind::DeletedChanged;
    c.base = g.at[kBase];
    c.ours = g.at[kOurs];
    c.theirs = g.at[kTheirs];
    const Task& t = v_[kBase].plan.tasks[*g.at[kBase]];
    c.id = t.id;
    c.title = t.title;
  }
  result_.conflicts.push_back(std::move(c));
}

}  // namespace wildplan::detail
