// Task identity and the change list (diff.hpp). The matching runs as three passes over the
// tasks not yet matched, each a named step of Matcher; then changes() walks the new list once.
#include "wildplan/diff.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "source/strings.hpp"

namespace wildplan {
namespace {

/// Words that say nothing of which task a text is: two titles sharing only these are not one
/// task reworded ("Monitor the runs" and "Write the report").
constexpr std::array<std::string_view, 24> kFunctionWords = {
    "a",  "an",  "and", "as",  "at",   "be",   "by",   "for", "from", "in",  "into", "is",
    "it", "its", "of",  "on",  "or",   "that", "the",  "this", "to",  "via", "with", "all"};

bool is_function_word(std::string_view w) {
  return std::find(kFunctionWords.begin(), kFunctionWords.end(), w) != kFunctionWords.end();
}

/// The distinct words of a task's normalised title as sorted hashes, function words left out:
/// comparing two tasks is one merge of two short arrays (a collision of 64-bit hashes would
/// only make two words one).
std::vector<std::uint64_t> words_of(std::string_view title) {
  std::vector<std::uint64_t> out;
  const std::string norm = normalise_task_text(title);
  const std::string_view n(norm);
  for (std::size_t i = 0; i < n.size();) {
    const std::size_t end = std::min(n.find(' ', i), n.size());
    const std::string_view word = n.substr(i, end - i);
    if (!word.empty() && !is_function_word(word))
      out.push_back(std::hash<std::string_view>{}(word));
    i = end + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::size_t common_words(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
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
  return common;
}

/// The share of words two titles have in common: common words over the longer title's words.
double similarity(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() || b.empty()) return 0;
  return static_cast<double>(common_words(a, b)) / static_cast<double>(std::max(a.size(), b.size()));
}

bool same_fields(const Task& a, const Task& b) {
  if (a.fields.size() != b.fields.size()) return false;
  for (std::size_t i = 0; i < a.fields.size(); ++i) {
    if (a.fields[i].key != b.fields[i].key || a.fields[i].value != b.fields[i].value) return false;
  }
  return true;
}

/// The three passes of task identity (diff.hpp), over the tasks each pass leaves unmatched.
class Matcher {
 public:
  Matcher(const Plan& before, const Plan& after)
      : old_(before.tasks),
        new_(after.tasks),
        match_(new_.size()),
        taken_(old_.size(), false) {}

  /// 1. The same normalised title. Where titles repeat (Kiro's `1.1 Write its interface`,
  /// `2.1 Write its interface`, or the same subtask under several parents), the pairs that
  /// also keep their id, then those under a parent of the same title, are taken first; then
  /// the title alone, in file order.
  void by_text() {
    const auto title = [](const std::vector<Task>& tasks, std::size_t i) {
      return normalise_task_text(tasks[i].title);
    };
    by_key([&](const std::vector<Task>& tasks, std::size_t i) -> std::optional<std::string> {
      if (tasks[i].id.empty()) return std::nullopt;
      return title(tasks, i) + '\x1f' + task_id_key(tasks[i].id);
    });
    by_key([&](const std::vector<Task>& tasks, std::size_t i) -> std::optional<std::string> {
      if (!tasks[i].parent) return std::nullopt;
      return title(tasks, i) + '\x1f' + title(tasks, *tasks[i].parent);
    });
    by_key([&](const std::vector<Task>& tasks, std::size_t i) -> std::optional<std::string> {
      return title(tasks, i);
    });
  }

  /// Whether ids still name the tasks they named: no pair matched by text has changed its id.
  /// An agent that inserts a task renumbers the ones after it; then an id names another task.
  bool ids_are_stable() const {
    for (std::size_t j = 0; j < new_.size(); ++j) {
      if (!match_[j]) continue;
      const Task& o = old_[*match_[j]];
      if (!o.id.empty() && !new_[j].id.empty() && task_id_key(o.id) != task_id_key(new_[j].id))
        return false;
    }
    return true;
  }

  /// 2. The same id (task_id_key), when ids are stable and the two titles share a word that is
  /// not a function word: a status must never move onto another task's text.
  void by_id() {
    if (!ids_are_stable()) return;
    std::unordered_map<std::string, std::size_t> old_by_id;
    for (std::size_t i = 0; i < old_.size(); ++i) {
      if (!taken_[i] && !old_[i].id.empty()) old_by_id.emplace(task_id_key(old_[i].id), i);
    }
    for (std::size_t j = 0; j < new_.size(); ++j) {
      if (match_[j] || new_[j].id.empty()) continue;
      const auto it = old_by_id.find(task_id_key(new_[j].id));
      if (it == old_by_id.end() || taken_[it->second]) continue;
      if (common_words(words_of(old_[it->second].title), words_of(new_[j].title)) == 0) continue;
      pair(it->second, j);
    }
  }

  /// 3. Similar titles: at least kSimilarity of the words shared, best pairs first, the nearer
  /// position breaking ties. Only the few tasks left take part, so the pairwise scores stay
  /// cheap; past a million pairs the pass is skipped.
  void by_similar_text() {
    std::vector<std::size_t> old_left, new_left;
    for (std::size_t i = 0; i < old_.size(); ++i) {
      if (!taken_[i]) old_left.push_back(i);
    }
    for (std::size_t j = 0; j < new_.size(); ++j) {
      if (!match_[j]) new_left.push_back(j);
    }
    if (old_left.empty() || new_left.empty() || old_left.size() * new_left.size() > 1'000'000)
      return;
    struct Candidate {
      double score;
      std::size_t distance, i, j;
    };
    std::vector<Candidate> candidates;
    std::vector<std::vector<std::uint64_t>> old_words;
    for (std::size_t i : old_left) old_words.push_back(words_of(old_[i].title));
    for (std::size_t j : new_left) {
      const auto words = words_of(new_[j].title);
      for (std::size_t k = 0; k < old_left.size(); ++k) {
        const double s = similarity(old_words[k], words);
        if (s < kSimilarity) continue;
        const std::size_t i = old_left[k];
        candidates.push_back({s, i > j ? i - j : j - i, i, j});
      }
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      return a.score != b.score ? a.score > b.score : a.distance < b.distance;
    });
    for (const Candidate& c : candidates) {
      if (!taken_[c.i] && !match_[c.j]) pair(c.i, c.j);
    }
  }

  const std::vector<std::optional<std::size_t>>& matches() const { return match_; }

 private:
  /// Pairs the tasks left whose `key` (none: the task takes no part) is the same: each new task
  /// takes the first old task left with its key. Each key keeps its old tasks in order and a
  /// cursor, so that a key shared by thousands of tasks is still matched in linear time.
  template <typename Key>
  void by_key(Key key) {
    struct SameKey {
      std::vector<std::size_t> old;
      std::size_t next = 0;
    };
    std::unordered_map<std::string, SameKey> old_by_key;
    for (std::size_t i = 0; i < old_.size(); ++i) {
      if (taken_[i]) continue;
      if (auto k = key(old_, i)) old_by_key[std::move(*k)].old.push_back(i);
    }
    if (old_by_key.empty()) return;
    for (std::size_t j = 0; j < new_.size(); ++j) {
      if (match_[j]) continue;
      const auto k = key(new_, j);
      if (!k) continue;
      const auto it = old_by_key.find(*k);
      if (it == old_by_key.end()) continue;
      SameKey& same = it->second;
      while (same.next < same.old.size() && taken_[same.old[same.next]]) ++same.next;
      if (same.next < same.old.size()) pair(same.old[same.next++], j);
    }
  }

  void pair(std::size_t i, std::size_t j) {
    match_[j] = i;
    taken_[i] = true;
  }

  const std::vector<Task>& old_;
  const std::vector<Task>& new_;
  std::vector<std::optional<std::size_t>> match_;  // new task -> old task
  std::vector<bool> taken_;                        // old task matched
};

/// The changes of one matched pair, in a fixed order.
void add_pair_changes(const Plan& before, const Plan& after, std::size_t i, std::size_t j,
                      std::vector<Change>& out) {
  const Task& o = before.tasks[i];
  const Task& n = after.tasks[j];
  if (o.title != n.title && normalise_task_text(o.title) != normalise_task_text(n.title))
    out.push_back({ChangeKind::Reworded, i, j});
  if (task_id_key(o.id) != task_id_key(n.id)) out.push_back({ChangeKind::Renumbered, i, j});
  if (o.status != n.status) out.push_back({ChangeKind::StatusChanged, i, j});
  if (phase_number(before, o) != phase_number(after, n)) out.push_back({ChangeKind::Moved, i, j});
  if (!same_fields(o, n)) out.push_back({ChangeKind::FieldsChanged, i, j});
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
    case ChangeKind::Renumbered:
      return "renumbered";
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

std::vector<std::optional<std::size_t>> match_tasks(const Plan& before, const Plan& after) {
  Matcher m(before, after);
  m.by_text();
  m.by_id();
  m.by_similar_text();
  return m.matches();
}

PlanDiff diff_plans(const Plan& before, const Plan& after) {
  PlanDiff d;
  d.match_of_after = match_tasks(before, after);
  const std::size_t old_count = before.tasks.size(), new_count = after.tasks.size();
  // Removed tasks are listed after the new task matched to their nearest earlier old neighbour.
  std::vector<std::optional<std::size_t>> new_of_old(old_count);
  for (std::size_t j = 0; j < new_count; ++j) {
    if (d.match_of_after[j]) new_of_old[*d.match_of_after[j]] = j;
  }
  std::vector<std::vector<std::size_t>> removed_after(new_count + 1);
  std::size_t slot = 0;  // 0: before every new task
  for (std::size_t i = 0; i < old_count; ++i) {
    if (new_of_old[i]) {
      slot = *new_of_old[i] + 1;
    } else {
      removed_after[slot].push_back(i);
    }
  }
  const auto add_removed = [&](std::size_t slot_index) {
    for (std::size_t i : removed_after[slot_index])
      d.changes.push_back({ChangeKind::Removed, i, std::nullopt});
  };
  add_removed(0);
  for (std::size_t j = 0; j < new_count; ++j) {
    if (const auto i = d.match_of_after[j]) {
      add_pair_changes(before, after, *i, j, d.changes);
    } else {
      d.changes.push_back({ChangeKind::Added, std::nullopt, j});
    }
    add_removed(j + 1);
  }
  return d;
}

}  // namespace wildplan
