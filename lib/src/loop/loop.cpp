// The post-iteration policy (documented on decide_tasks in loop.hpp) and commit messages.
#include "wildplan/loop.hpp"

#include <algorithm>

#include "loop/replan.hpp"
#include "source/prompt_texts.hpp"
#include "source/strings.hpp"
#include "source/utf8.hpp"
#include "wildplan/edit.hpp"

namespace wildplan {

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
         detail::to_lower(detail::trim(plan.tasks[0].text)) == detail::kLoopPlaceholderTask;
}

namespace {

TasksDecision without_plan(const Document* tasks_md, int iteration) {
  TasksDecision d;
  d.action = tasks_md ? TasksAction::Kept : TasksAction::NothingToDo;
  d.reason = !tasks_md ? "the reply holds no usable plan and there is no tasks.md"
             : iteration > 0
                 ? "the reply holds no plan (none is asked for after iteration 0): tasks.md is "
                   "kept as it is"
                 : "the reply holds no usable plan: tasks.md is kept as it is";
  return d;
}

TasksDecision written(const Document& plan, std::string reason) {
  TasksDecision d;
  d.action = TasksAction::Written;
  d.reason = std::move(reason);
  d.bytes = range_markdown(plan);
  return d;
}

/// --replan: the merge (detail::replan), or tasks.md kept when it is refused or changes nothing.
void merge(TasksDecision& d, const DecideOptions& options) {
  const Comparison& c = *d.drift;
  detail::Replan m = detail::replan(c.before, c.after, c.diff, ParseOptions{options.statuses});
  if (!m.refused.empty()) {
    d.action = TasksAction::Kept;
    d.reason = "a replan was asked for, but " + m.refused + ": tasks.md is kept";
    return;
  }
  d.removed = std::move(m.removed);
  d.preserved = std::move(m.preserved);
  if (m.bytes == c.before.src().bytes()) {
    d.action = TasksAction::Kept;
    d.reason = "a replan: tasks.md already is what the merge gives";
    return;
  }
  d.action = TasksAction::Merged;
  d.reason = "a replan: the plan's tasks and phases, each with the further-along status; " +
             std::to_string(d.preserved.size()) +
             " task(s) the plan left out kept (started, done, blocked or cancelled), " +
             std::to_string(d.removed.size()) +
             " open task(s) removed; sections the plan lacks kept";
  d.bytes = std::move(m.bytes);
}

/// Without --replan tasks.md is kept; the reason says how it relates to the plan.
std::string kept_reason(const Comparison& drift, int iteration) {
  if (drift.diff.empty()) return "tasks.md already lists the plan's tasks";
  if (iteration > 0) {
    return "iteration " + std::to_string(iteration) +
           " (from 1 on, tasks.md is the agent's): a <plan> in the reply does not rewrite it; "
           "the diff reports how it differs (--replan applies it)";
  }
  return "the agent wrote tasks.md, and it differs from the plan: tasks.md is kept; the diff "
         "reports how they differ (--replan applies the plan)";
}

}  // namespace

TasksDecision decide_tasks(const Document* plan, const Document* tasks_md,
                           const DecideOptions& options) {
  if (!plan) return without_plan(tasks_md, options.iteration);
  if (!tasks_md) return written(*plan, "there was no tasks.md: the plan was written");
  if (is_loop_placeholder(tasks_md->plan))
    return written(*plan, "tasks.md held only the loop's placeholder: the plan was written");
  TasksDecision d;
  d.drift = compare(*tasks_md, *plan);
  if (options.replan) {
    merge(d, options);
    return d;
  }
  d.action = TasksAction::Kept;
  d.reason = kept_reason(*d.drift, options.iteration);
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
  const std::string g = sanitize_line(goal);
  if (g.empty()) return "wild-v2: iteration " + std::to_string(iteration);
  const std::string head =
      "wild-v2: iteration " + std::to_string(iteration) + " \xE2\x80\x94 ";  // —
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
