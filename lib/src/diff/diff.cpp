// The matching policy is documented in diff.hpp.
#include "wildplan/diff.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "source/strings.hpp"

namespace wildplan {
namespace {

/// The distinct words of a task's normalised text, as sorted hashes: comparing two tasks is one
/// merge of two short arrays (a collision of 64-bit hashes would only make two words one).
std::vector<std::uint64_t> words_of(std::string_view text) {
  std::vector<std::uint64_t> out;
  const std::string norm = normalise_task_text(text);
  const std::string_view n(norm);
  for (std::size_t i = 0; i < n.size();) {
    const std::size_t end = std::min(n.find(' ', i), n.size());
    if (end > i) out.push_back(std::hash<std::string_view>{}(n.substr(i, end - i)));
    i = end + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double similarity(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t common = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(std::max(a.size(), b.size()));
}

bool same_fields(const Task& a, const Task& b) {
  if (a.fields.size() != b.fields.size()) return false;
  for (std::size_t i = 0; i < a.fields.size(); ++i) {
    if (a.fields[i].key != b.fields[i].key || a.fields[i].value != b.fields[i].value) return false;
  }
  return true;
}

std::string phase_of(const Plan& p, const Task& t) {
  return t.phase ? p.phases[*t.phase].number : "";
}

}  // namespace

const char* to_string(ChangeKind k) {
  switch (k) {
    case ChangeKind::Added:
      return "added";
    case ChangeKind::Removed:
      return "removed";
    case ChangeKind::StatusChanged:
      return "status-changed";
    case ChangeKind::Reworded:
      return "reworded";
    case ChangeKind::Moved:
      return "moved";
    case ChangeKind::FieldsChanged:
      return "fields-changed";
  }
  return "added";
}

std::string normalise_task_text(std::string_view text) {
  std::string out;
  detail::append_normalised(out, text);
  return out;
}

PlanDiff diff_plans(const Plan& before, const Plan& after) {
  const auto& old_tasks = before.tasks;
  const auto& new_tasks = after.tasks;
  std::vector<std::optional<std::size_t>> match(new_tasks.size());
  std::vector<bool> taken(old_tasks.size(), false);

  // 1. by id
  std::unordered_map<std::string, std::size_t> old_by_id;
  for (std::size_t i = 0; i < old_tasks.size(); ++i) {
    if (!old_tasks[i].id.empty()) old_by_id.emplace(old_tasks[i].id, i);
  }
  for (std::size_t j = 0; j < new_tasks.size(); ++j) {
    if (new_tasks[j].id.empty()) continue;
    auto it = old_by_id.find(new_tasks[j].id);
    if (it != old_by_id.end() && !taken[it->second]) {
      match[j] = it->second;
      taken[it->second] = true;
    }
  }
  // 2. by normalised text: the first unmatched old task with that text. Each text keeps its old
  // tasks in order and a cursor, so a text shared by thousands of tasks is still linear.
  struct SameText {
    std::vector<std::size_t> old;
    std::size_t next = 0;
  };
  std::unordered_map<std::string, SameText> old_by_text;
  for (std::size_t i = 0; i < old_tasks.size(); ++i) {
    if (!taken[i]) old_by_text[normalise_task_text(old_tasks[i].title)].old.push_back(i);
  }
  for (std::size_t j = 0; j < new_tasks.size(); ++j) {
    if (match[j]) continue;
    const auto it = old_by_text.find(normalise_task_text(new_tasks[j].title));
    if (it == old_by_text.end() || it->second.next == it->second.old.size()) continue;
    const std::size_t best = it->second.old[it->second.next++];
    match[j] = best;
    taken[best] = true;
  }
  // 3. by similarity, best pairs first; position breaks ties. Only the few tasks left take part,
  // so the pairwise scores stay cheap.
  std::vector<std::size_t> old_left, new_left;
  for (std::size_t i = 0; i < old_tasks.size(); ++i) {
    if (!taken[i]) old_left.push_back(i);
  }
  for (std::size_t j = 0; j < new_tasks.size(); ++j) {
    if (!match[j]) new_left.push_back(j);
  }
  if (!old_left.empty() && !new_left.empty() && old_left.size() * new_left.size() <= 1'000'000) {
    struct Pair {
      double score;
      std::size_t distance, i, j;
    };
    std::vector<Pair> pairs;
    std::vector<std::vector<std::uint64_t>> old_words;
    for (std::size_t i : old_left) old_words.push_back(words_of(old_tasks[i].title));
    for (std::size_t j : new_left) {
      const auto nw = words_of(new_tasks[j].title);
      for (std::size_t k = 0; k < old_left.size(); ++k) {
        const double s = similarity(old_words[k], nw);
        if (s >= 0.5) {
          const std::size_t i = old_left[k];
          pairs.push_back({s, i > j ? i - j : j - i, i, j});
        }
      }
    }
    std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
      return a.score != b.score ? a.score > b.score : a.distance < b.distance;
    });
    for (const Pair& p : pairs) {
      if (taken[p.i] || match[p.j]) continue;
      match[p.j] = p.i;
      taken[p.i] = true;
    }
  }

  PlanDiff d;
  d.match_of_after = match;
  // Removed tasks are listed after the new task matched to their nearest earlier old neighbour.
  std::vector<std::vector<std::size_t>> removed_after(new_tasks.size() + 1);
  std::vector<std::optional<std::size_t>> new_of_old(old_tasks.size());
  for (std::size_t j = 0; j < new_tasks.size(); ++j) {
    if (match[j]) new_of_old[*match[j]] = j;
  }
  std::size_t slot = 0;  // 0: before every new task
  for (std::size_t i = 0; i < old_tasks.size(); ++i) {
    if (new_of_old[i]) {
      slot = *new_of_old[i] + 1;
    } else {
      removed_after[slot].push_back(i);
    }
  }
  for (std::size_t i : removed_after[0])
    d.changes.push_back({ChangeKind::Removed, i, std::nullopt});
  for (std::size_t j = 0; j < new_tasks.size(); ++j) {
    const Task& n = new_tasks[j];
    if (!match[j]) {
      d.changes.push_back({ChangeKind::Added, std::nullopt, j});
    } else {
      const Task& o = old_tasks[*match[j]];
      if (o.title != n.title && normalise_task_text(o.title) != normalise_task_text(n.title)) {
        d.changes.push_back({ChangeKind::Reworded, *match[j], j});
      }
      if (o.status != n.status) d.changes.push_back({ChangeKind::StatusChanged, *match[j], j});
      if (phase_of(before, o) != phase_of(after, n)) {
        d.changes.push_back({ChangeKind::Moved, *match[j], j});
      }
      if (!same_fields(o, n)) d.changes.push_back({ChangeKind::FieldsChanged, *match[j], j});
    }
    for (std::size_t i : removed_after[j + 1])
      d.changes.push_back({ChangeKind::Removed, i, std::nullopt});
  }
  return d;
}

}  // namespace wildplan
