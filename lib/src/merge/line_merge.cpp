// One task's line merged part by part (line_merge.hpp).
#include "merge/line_merge.hpp"

#include <optional>

namespace wildplan::detail {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

/// How far along a box is, for the boxes that only move forward: todo, in progress, done.
std::optional<int> progress_rank(Status s) {
  switch (s) {
    case Status::Todo:
      return 0;
    case Status::InProgress:
      return 1;
    case Status::Done:
      return 2;
    default:
      return std::nullopt;
  }
}

/// The three-way choice for one part, into `out`; false when both sides changed it differently.
bool pick(std::string_view base, std::string_view ours, std::string_view theirs,
          std::string_view& out) {
  if (ours == theirs || theirs == base) {
    out = ours;
  } else if (ours == base) {
    out = theirs;
  } else {
    return false;
  }
  return true;
}

}  // namespace

TaskLineParts task_line_parts(const Source& src, const Task& task, Span line) {
  TaskLineParts p;
  const std::string_view all = src.bytes();
  p.whole = all.substr(line.begin, line.size());
  p.prefix = all.substr(line.begin, task.box_span.begin - line.begin);
  p.box = all.substr(task.box_span.begin, task.box_span.size());
  std::size_t tail = line.end;
  for (const Field& f : task.fields) {
    if (f.span.begin < task.box_span.end || f.span.begin >= line.end) continue;
    // the first field on the line: the tail starts at the `|` before it and the blanks before that
    std::size_t at = f.span.begin;
    while (at > task.box_span.end && is_blank(all[at - 1])) --at;
    if (at > task.box_span.end && all[at - 1] == '|') --at;
    while (at > task.box_span.end && is_blank(all[at - 1])) --at;
    tail = at;
    break;
  }
  p.head = all.substr(task.box_span.end, tail - task.box_span.end);
  p.tail = all.substr(tail, line.end - tail);
  return p;
}

LineMerge merge_task_line(const TaskLineParts* base, const TaskLineParts& ours,
                          const TaskLineParts& theirs, const StatusMap& statuses) {
  LineMerge out;
  if (ours.whole == theirs.whole) {
    out.outcome =
        base && base->whole != ours.whole ? LineMergeOutcome::Combined : LineMergeOutcome::Same;
    out.text = std::string(ours.whole);
    return out;
  }
  if (base && base->whole == theirs.whole) {
    out.outcome = LineMergeOutcome::Ours;
    out.text = std::string(ours.whole);
    return out;
  }
  if (base && base->whole == ours.whole) {
    out.outcome = LineMergeOutcome::Theirs;
    out.text = std::string(theirs.whole);
    return out;
  }
  // Both changed the line: part by part. Without a base (both added it) ours stands for it.
  const TaskLineParts& b = base ? *base : ours;
  std::string_view prefix, head, tail, box;
  const bool parts_ok = pick(b.prefix, ours.prefix, theirs.prefix, prefix) &&
                        pick(b.head, ours.head, theirs.head, head) &&
                        pick(b.tail, ours.tail, theirs.tail, tail);
  bool box_ok = (base || ours.box == theirs.box) && pick(b.box, ours.box, theirs.box, box);
  bool further = false;
  if (!box_ok && ours.box.size() == 3 && theirs.box.size() == 3) {
    const auto o = progress_rank(statuses[ours.box[1]]);
    const auto t = progress_rank(statuses[theirs.box[1]]);
    if (o && t) {
      box = *t > *o ? theirs.box : ours.box;
      box_ok = further = true;
    }
  }
  if (!parts_ok || !box_ok) {
    out.outcome = LineMergeOutcome::Conflict;
    out.conflict = parts_ok ? ConflictKind::TaskStatus : ConflictKind::TaskText;
    return out;
  }
  out.outcome = further ? LineMergeOutcome::FurtherAlong : LineMergeOutcome::Combined;
  out.text.reserve(ours.whole.size() + theirs.whole.size());
  out.text.append(prefix).append(box).append(head).append(tail);
  return out;
}

}  // namespace wildplan::detail
