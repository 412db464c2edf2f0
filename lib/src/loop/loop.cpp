// The post-iteration policy (documented on decide_tasks in loop.hpp) and commit messages.
#include "wildplan/loop.hpp"

#include <algorithm>

#include "source/strings.hpp"
#include "source/utf8.hpp"
#include "wildplan/edit.hpp"

namespace wildplan {
namespace {

constexpr std::string_view kLoopPlaceholder =
    "(agent will decompose the goal into tasks on iteration 1)";

/// How far along a status is: a carried-over box never moves a task back.
int progress(Status s) {
  switch (s) {
    case Status::Todo:
      return 0;
    case Status::Other:
      return 1;
    case Status::Blocked:
      return 2;
    case Status::InProgress:
      return 3;
    case Status::Cancelled:
      return 4;
    case Status::Done:
      return 5;
  }
  return 0;
}

}  // namespace

const char* to_string(TasksAction a) {
  switch (a) {
    case TasksAction::Written:
      return "written";
    case TasksAction::Kept:
      return "kept";
    case TasksAction::Merged:
      return "merged";
    case TasksAction::NothingToDo:
      return "nothing";
  }
  return "kept";
}

bool is_loop_placeholder(const Plan& plan) {
  return plan.tasks.size() == 1 &&
         detail::to_lower(detail::trim(plan.tasks[0].text)) == kLoopPlaceholder;
}

TasksDecision decide_tasks(const std::string* plan_markdown, const Source* tasks_md, bool replan) {
  TasksDecision d;
  if (!plan_markdown) {
    d.action = tasks_md ? TasksAction::Kept : TasksAction::NothingToDo;
    d.reason = tasks_md ? "the reply holds no usable plan: tasks.md is kept as it is"
                        : "the reply holds no usable plan and there is no tasks.md";
    return d;
  }
  const Source plan_src("<plan>", *plan_markdown);
  const Plan plan = *parse_plan(plan_src).value;
  if (!tasks_md) {
    d.action = TasksAction::Written;
    d.reason = "there was no tasks.md: the plan was written";
    d.bytes = *plan_markdown;
    return d;
  }
  const Plan file = *parse_plan(*tasks_md).value;
  if (is_loop_placeholder(file)) {
    d.action = TasksAction::Written;
    d.reason = "tasks.md held only the loop's placeholder: the plan was written";
    d.bytes = *plan_markdown;
    d.diff = diff_plans(file, plan);
    return d;
  }
  d.diff = diff_plans(file, plan);
  if (d.diff.empty()) {
    d.action = TasksAction::Kept;
    d.reason = "tasks.md already lists the plan's tasks";
    return d;
  }
  const bool adds = std::any_of(d.diff.changes.begin(), d.diff.changes.end(),
                                [](const Change& c) { return c.kind == ChangeKind::Added; });
  if (!adds && !replan) {
    d.action = TasksAction::Kept;
    d.reason =
        "tasks.md differs from the plan and the plan adds no task: the agent's tasks.md, "
        "written last, is kept";
    return d;
  }
  // Merge: the plan's bytes, with each matched task's box carried over when tasks.md has it
  // further along, and dropped tasks that were started or done appended.
  std::vector<Edit> edits;
  for (std::size_t j = 0; j < plan.tasks.size(); ++j) {
    const auto i = d.diff.match_of_after[j];
    if (!i) continue;
    const Task& was = file.tasks[*i];
    const Task& now = plan.tasks[j];
    if (progress(was.status) > progress(now.status)) edits.push_back(set_box(now, was.box));
  }
  std::string merged = apply_edits(*plan_markdown, std::move(edits));
  std::vector<bool> kept(file.tasks.size(), false);
  for (const auto& m : d.diff.match_of_after) {
    if (m) kept[*m] = true;
  }
  std::string dropped;
  for (std::size_t i = 0; i < file.tasks.size(); ++i) {
    const Task& t = file.tasks[i];
    if (kept[i] || t.depth != 0 || progress(t.status) < progress(Status::InProgress)) continue;
    dropped += std::string(tasks_md->text(t.line)) + "\n";
  }
  if (!dropped.empty()) {
    if (!merged.empty() && merged.back() != '\n') merged += '\n';
    merged += dropped;
  }
  d.action = TasksAction::Merged;
  d.reason = replan ? "a replan: the plan's tasks, with the statuses tasks.md had"
                    : "the plan adds tasks: the plan's tasks, with the statuses tasks.md had";
  d.bytes = std::move(merged);
  return d;
}

std::string sanitize_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const detail::Decoded dc = detail::decode_utf8(text, i);
    const bool control = c < 0x20 || c == 0x7F || (dc.code_point >= 0x80 && dc.code_point < 0xA0) ||
                         (dc.code_point >= 0x202A && dc.code_point <= 0x202E) ||
                         (dc.code_point >= 0x2066 && dc.code_point <= 0x2069);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      space = !out.empty();
    } else if (!control && dc.code_point >= 0) {
      if (space) out += ' ';
      space = false;
      out.append(text.substr(i, dc.length));
    }
    i += dc.length;
  }
  return out;
}

std::string commit_subject(int iteration, std::string_view goal) {
  const std::string head =
      "wild-v2: iteration " + std::to_string(iteration) + " \xE2\x80\x94 ";  // —
  const std::string g = sanitize_line(goal);
  constexpr std::size_t kMax = 72;
  // Count characters, not bytes: the em dash and the goal may be multi-byte.
  auto chars = [](std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
  };
  if (chars(head) + chars(g) <= kMax) return head + g;
  const std::size_t room = kMax - chars(head) - 1;  // one for the ellipsis
  std::size_t cut = 0, n = 0;
  for (std::size_t i = 0; i < g.size() && n < room; ++i) {
    if ((static_cast<unsigned char>(g[i]) & 0xC0) != 0x80) ++n;
    if (n <= room) cut = i + 1;
  }
  while (cut < g.size() && (static_cast<unsigned char>(g[cut]) & 0xC0) == 0x80)
    --cut;  // whole characters
  std::string_view kept(g.data(), cut);
  if (cut < g.size() && g[cut] != ' ') {
    const auto space = kept.rfind(' ');
    if (space != std::string_view::npos && space > 0)
      kept = kept.substr(0, space);  // a word boundary
  }
  while (!kept.empty() && (kept.back() == ' ' || kept.back() == ',' || kept.back() == ';'))
    kept.remove_suffix(1);
  return head + std::string(kept) + "\xE2\x80\xA6";  // …
}

std::string commit_message(std::string_view subject,
                           const std::vector<std::pair<std::string, std::string>>& trailers) {
  std::string out = sanitize_line(subject) + "\n";
  std::string block;
  for (const auto& [k, v] : trailers) {
    std::string key;
    for (char c : sanitize_line(k)) {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') key += c;
    }
    const std::string value = sanitize_line(v);
    if (key.empty() || value.empty()) continue;
    block += key + ": " + value + "\n";
  }
  if (!block.empty()) out += "\n" + block;
  return out;
}

}  // namespace wildplan
