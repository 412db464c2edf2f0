// What a history adds up to: its summary, and whether the loop behind it has stalled
// (history.hpp: HistorySummary, check_stalled).
#include <algorithm>

#include "wildplan/history.hpp"

namespace wildplan {
namespace detail {

/// The entry `t` closed in (done, cancelled, removed), or none while it is open.
std::optional<std::size_t> closed_at(const TaskTrack& t) {
  if (t.removed) return t.removed;
  if (t.status == Status::Done || t.status == Status::Cancelled) return t.states.back().first;
  return std::nullopt;
}

void finish_history(History& h) {
  HistorySummary& s = h.summary;
  s = HistorySummary{};
  if (h.entries.empty()) return;
  s.planned_first = h.entries.front().total();
  s.done = h.entries.back().count(Status::Done);
  s.total = h.entries.back().total();
  for (std::size_t i = 1; i < h.entries.size(); ++i) {
    if (h.entries[i].tally.advanced == 0) s.no_progress.push_back(i);
  }
  const std::size_t last = h.entries.size() - 1;
  for (std::size_t i = 0; i < h.tasks.size(); ++i) {
    const TaskTrack& t = h.tasks[i];
    if (t.added > 0) ++s.added_later;
    if (t.vanished()) {
      ++s.dropped;
      s.vanished.push_back(i);
    }
    const auto end = closed_at(t);
    const std::size_t until = end.value_or(last);
    const std::size_t entries = until - std::min(until, t.added);
    const std::int64_t seconds = h.entries[until].time - h.entries[t.added].time;
    if (!s.longest_open || entries > s.longest_open_entries ||
        (entries == s.longest_open_entries && seconds > s.longest_open_seconds)) {
      s.longest_open = i;
      s.longest_open_entries = entries;
      s.longest_open_seconds = seconds;
      s.longest_open_still = !end.has_value();
    }
  }
  // A task that never stayed open past the entry it appeared in is nobody's longest.
  if (s.longest_open && s.longest_open_entries == 0 && s.longest_open_seconds <= 0) {
    s.longest_open.reset();
    s.longest_open_still = false;
  }
}

namespace {

/// "iteration 3" from the trailer, else "entry 3".
std::string where(const History& h, std::size_t entry) {
  const HistoryEntry& e = h.entries[entry];
  if (e.iteration) return "iteration " + std::to_string(*e.iteration);
  return "entry " + std::to_string(entry);
}

std::string task_name(const TaskTrack& t) {
  return (t.id.empty() ? std::string() : t.id + " ") + "'" + t.title + "'";
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace
}  // namespace detail

const char* to_string(StallKind k) {
  switch (k) {
    case StallKind::NoProgress:
      return "no-progress";
    case StallKind::Stuck:
      return "stuck";
    case StallKind::Churn:
      return "churn";
  }
  return "no-progress";
}

StallCheck check_stalled(const History& h, std::size_t window) {
  StallCheck c;
  c.window = std::max<std::size_t>(window, 1);
  const std::size_t n = h.entries.size();
  if (n < 2) return c;  // a plan and nothing after it: nothing to judge yet
  const std::size_t last = n - 1;
  // The window: the last `window` entries, the first (the plan itself) left out.
  const std::size_t from = n > c.window ? n - c.window : 1;
  for (std::size_t i = from; i < n; ++i) {
    c.advanced += h.entries[i].tally.advanced;
    c.added += h.entries[i].tally.added;
    c.dropped += h.entries[i].tally.dropped;
  }
  const HistoryEntry& now = h.entries[last];
  const bool open_left = now.count(Status::Done) + now.count(Status::Cancelled) < now.total();
  if (n > c.window && c.advanced == 0 && open_left) {
    c.reasons.push_back({StallKind::NoProgress,
                         "no task advanced in the last " + detail::plural(c.window, "iteration") +
                             " (since " + detail::where(h, from - 1) + ")",
                         std::nullopt});
  }
  for (std::size_t i = 0; i < h.tasks.size(); ++i) {
    const TaskTrack& t = h.tasks[i];
    if (t.removed || t.status != Status::InProgress || !t.started) continue;
    const std::size_t stretch = last - *t.started;
    if (stretch >= c.window) {
      c.reasons.push_back({StallKind::Stuck,
                           detail::task_name(t) + " has been in progress for " +
                               detail::plural(stretch, "iteration") + " (since " +
                               detail::where(h, *t.started) + ")",
                           i});
    }
  }
  for (const TaskTrack& t : h.tasks) {
    if (t.vanished() && *t.removed >= from && t.added >= from) ++c.churned;
  }
  if (c.churned > c.advanced) {
    c.reasons.push_back(
        {StallKind::Churn,
         "tasks keep being added and dropped: in the last " +
             detail::plural(n - from, "iteration") + ", " + detail::plural(c.churned, "task") +
             " appeared and vanished undone, against " + std::to_string(c.advanced) + " advanced",
         std::nullopt});
  }
  return c;
}

}  // namespace wildplan
