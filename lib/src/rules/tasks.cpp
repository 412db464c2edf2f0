// Task rules: each task on its own, and tasks against each other.
#include <array>
#include <charconv>
#include <unordered_map>

#include "rules/check.hpp"
#include "rules/first_index.hpp"
#include "source/strings.hpp"
#include "wildplan/diff.hpp"

namespace wildplan::detail {
namespace {

/// The reflection gates the phased prompt prescribes, by their normalised titles.
bool is_reflection_gate(std::string_view n) {
  while (!n.empty() && (n.back() == '.' || n.back() == ':')) n.remove_suffix(1);
  return n == "midpoint reflection" || n == "mid-point reflection" || n == "final reflection";
}

/// A task that says how to tell it is done says enough, however short its title.
bool has_done_condition(const Task& t) {
  for (const Field& f : t.fields) {
    if (equals_folded(f.key, "done-when") || equals_folded(f.key, "deliverable")) return true;
  }
  return false;
}

int word_count(std::string_view text) {
  int words = 0;
  bool in_word = false;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool word_char = is_alnum_ascii(ch) || c >= 0x80;
    if (word_char && !in_word) ++words;
    in_word = word_char || (in_word && !is_space(ch));
  }
  return words;
}

std::optional<long> whole_number(std::string_view s) {
  long v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

const char* status_name(Status s) { return to_string(s); }

}  // namespace

namespace {

/// The checks of each task, in file order, with what they remember of the tasks before it.
class TaskChecks {
 public:
  explicit TaskChecks(const Check& c)
      : c_(c), plan_(c.plan), by_text_(plan_.tasks.size()), by_id_(plan_.tasks.size()) {
    // The normalised titles, one after another; reserved up front (none is longer than its
    // title), so the views into it stay valid.
    std::size_t title_bytes = 0;
    for (const Task& t : plan_.tasks) title_bytes += t.title.size();
    norms_.reserve(title_bytes);
  }

  void check(std::size_t i) {
    const Task& t = plan_.tasks[i];
    if (trim(t.text).empty() || (t.title.empty() && t.id_kind == IdKind::None)) {
      c_.at_task(t, t.box_span, "task-empty",
                 "the task has no text: describe the work or delete it");
      return;
    }
    const std::size_t at = norms_.size();
    append_normalised(norms_, t.title);
    const std::string_view norm = std::string_view(norms_).substr(at);
    check_wording(t, norm);
    check_duplicates(t, i, norm);
    check_id_sequence(t);
    check_status(t, i);
  }

 private:
  /// task-placeholder, task-vague.
  void check_wording(const Task& t, std::string_view norm) const {
    if (is_placeholder_task(t)) {
      c_.at_title(t, "task-placeholder",
                  "the task is the prompt's placeholder text: write the real task");
    } else if (word_count(t.title) < c_.limits.min_words && !has_done_condition(t) &&
               !is_reflection_gate(norm)) {
      c_.at_title(t, "task-vague",
                  concat("the task says too little (",
                         plural(static_cast<std::size_t>(word_count(t.title)), "word"),
                         "): say what to do, to what, and how to tell it is done"));
    }
  }

  /// task-duplicate, task-duplicate-id.
  void check_duplicates(const Task& t, std::size_t i, std::string_view norm) {
    if (!norm.empty()) {
      if (const std::size_t first = by_text_.add(norm, i); first != i) {
        c_.at_title(t, "task-duplicate",
                    concat("the same task as #", plan_.tasks[first].ordinal,
                           ": merge them or tell them apart"));
      }
    }
    if (t.id.empty()) return;
    // The id as written: two schemes in one file (`Task 2` kept by a replan beside a plan's
    // Kiro `2.`) are not duplicates; a reference to `2` names both, and resolve_task() asks
    // which (references compare by task_id_key()).
    if (const std::size_t first = by_id_.add(t.id, i); first != i) {
      c_.at_title(t, "task-duplicate-id",
                  concat("duplicate task id '", t.id, "': give each task its own id"));
      c_.note_at_title(plan_.tasks[first], "task-duplicate-id", "first defined here");
    }
  }

  /// task-id-sequence: `Task N` among top-level tasks, and `[Pn-Tm]` within a phase, count up.
  void check_id_sequence(const Task& t) {
    if (t.id_kind == IdKind::Word && t.depth == 0) {
      const auto n = whole_number(std::string_view(t.id).substr(5));
      if (!n) return;
      if (last_word_number_ && *n != *last_word_number_ + 1) {
        c_.at_title(t, "task-id-sequence",
                    concat("'", t.id, "' follows 'Task ", *last_word_number_,
                           "': number the tasks in order without gaps"));
      }
      last_word_number_ = *n;
    } else if (t.id_kind == IdKind::Phased && t.id.find('.') == std::string::npos) {
      const auto dash = t.id.find('-');
      const std::string_view phase = std::string_view(t.id).substr(1, dash - 1);
      const auto n = whole_number(std::string_view(t.id).substr(dash + 2));
      if (!n) return;
      auto it = last_in_phase_.find(phase);
      if (it != last_in_phase_.end() && *n != it->second + 1) {
        c_.at_title(t, "task-id-sequence",
                    concat("'", t.id, "' follows 'P", phase, "-T", it->second,
                           "': number the tasks in order without gaps"));
      }
      last_in_phase_[phase] = *n;
    }
  }

  /// task-multiple-in-progress, parent-done-child-open.
  void check_status(const Task& t, std::size_t i) {
    if (t.status == Status::InProgress) {
      if (first_in_progress_) {
        c_.at_task(t, t.box_span, "task-multiple-in-progress",
                   concat("more than one task is in progress (also #",
                          plan_.tasks[*first_in_progress_].ordinal,
                          "): finish one before starting the next"));
      } else {
        first_in_progress_ = i;
      }
    }
    if (t.status != Status::Done) return;
    for (std::size_t child : t.children) {
      const Task& ch = plan_.tasks[child];
      if (ch.optional) continue;  // Kiro's optional subtasks may stay open
      if (ch.status == Status::Todo || ch.status == Status::InProgress ||
          ch.status == Status::Blocked) {
        c_.at_task(ch, ch.box_span, "parent-done-child-open",
                   concat("subtask is ", status_name(ch.status), " but its parent #", t.ordinal,
                          " is done: finish it, cancel it, or reopen the parent"));
      }
    }
  }

  const Check& c_;
  const Plan& plan_;
  std::string norms_;
  FirstIndex by_text_, by_id_;
  std::optional<std::size_t> first_in_progress_;
  std::optional<long> last_word_number_;
  std::unordered_map<std::string_view, long> last_in_phase_;  // phase -> last T number
};

}  // namespace

void check_tasks(const Check& c) {
  TaskChecks checks(c);
  for (std::size_t i = 0; i < c.plan.tasks.size(); ++i) checks.check(i);
}

}  // namespace wildplan::detail
