// Task rules: each task on its own, and tasks against each other.
#include <array>
#include <charconv>
#include <unordered_map>

#include "rules/check.hpp"
#include "rules/first_index.hpp"
#include "source/prompt_texts.hpp"
#include "source/strings.hpp"
#include "wildplan/diff.hpp"

namespace wildplan::detail {
namespace {

/// `n` is the task's normalised title.
bool is_placeholder_title(std::string_view n) {
  // The seed's example ends in a "..." line, which Markdown joins to the last task.
  for (std::string_view tail : {" ...", " \xE2\x80\xA6"}) {
    if (n.size() > tail.size() && n.ends_with(tail)) n.remove_suffix(tail.size());
  }
  for (std::string_view p : kTaskPlaceholders) {
    if (n == p) return true;
  }
  // `<first concrete step>`, `[describe the task]`: one bracketed phrase and nothing else.
  return n.size() >= 2 &&
         ((n.front() == '<' && n.back() == '>') ||
          (n.front() == '[' && n.back() == ']' && n.find(' ') != std::string_view::npos));
}

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

void check_tasks(const Check& c) {
  const Plan& plan = c.plan;
  // The normalised titles, one after another; reserved up front (none is longer than its
  // title), so the views into it stay valid.
  std::string norms;
  std::size_t title_bytes = 0;
  for (const Task& t : plan.tasks) title_bytes += t.title.size();
  norms.reserve(title_bytes);
  FirstIndex by_text(plan.tasks.size()), by_id(plan.tasks.size());
  std::optional<std::size_t> first_in_progress;
  std::optional<long> last_word_number;
  std::unordered_map<std::string_view, long> last_in_phase;  // phase -> last T number
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const Task& t = plan.tasks[i];
    const std::string_view title = t.title;
    if (trim(t.text).empty() || (title.empty() && t.id_kind == IdKind::None)) {
      c.at_task(t, t.box_span, "task-empty",
                "the task has no text: describe the work or delete it");
      continue;
    }
    const std::size_t at = norms.size();
    append_normalised(norms, title);
    const std::string_view norm = std::string_view(norms).substr(at);
    if (title.empty() ? is_placeholder_title(normalise_task_text(t.text))
                      : is_placeholder_title(norm)) {
      c.at_title(t, "task-placeholder",
                 "the task is the prompt's placeholder text: write the real task");
    } else if (word_count(title) < c.limits.min_words && !has_done_condition(t) &&
               !is_reflection_gate(norm)) {
      c.at_title(t, "task-vague",
                 concat("the task says too little (", plural(static_cast<std::size_t>(word_count(title)), "word"),
                        "): say what to do, to what, and how to tell it is done"));
    }
    if (!norm.empty()) {
      if (const std::size_t first = by_text.add(norm, i); first != i) {
        c.at_title(t, "task-duplicate",
                   concat("the same task as #", plan.tasks[first].ordinal,
                          ": merge them or tell them apart"));
      }
    }
    if (!t.id.empty()) {
      // The id as written: two schemes in one file (`Task 2` kept by a replan beside a plan's
      // Kiro `2.`) are not duplicates; a reference to `2` names both, and resolve_task() asks
      // which (references compare by task_id_key()).
      if (const std::size_t first = by_id.add(t.id, i); first != i) {
        c.at_title(t, "task-duplicate-id",
                   concat("duplicate task id '", t.id, "': give each task its own id"));
        c.note_at_title(plan.tasks[first], "task-duplicate-id", "first defined here");
      }
    }
    // Ids that count: `Task N` among top-level tasks, and `[Pn-Tm]` within a phase.
    if (t.id_kind == IdKind::Word && t.depth == 0) {
      if (const auto n = whole_number(std::string_view(t.id).substr(5))) {
        if (last_word_number && *n != *last_word_number + 1) {
          c.at_title(t, "task-id-sequence",
                     concat("'", t.id, "' follows 'Task ", *last_word_number,
                            "': number the tasks in order without gaps"));
        }
        last_word_number = *n;
      }
    } else if (t.id_kind == IdKind::Phased && t.id.find('.') == std::string::npos) {
      const auto dash = t.id.find('-');
      const std::string_view phase = std::string_view(t.id).substr(1, dash - 1);
      if (const auto n = whole_number(std::string_view(t.id).substr(dash + 2))) {
        auto it = last_in_phase.find(phase);
        if (it != last_in_phase.end() && *n != it->second + 1) {
          c.at_title(t, "task-id-sequence",
                     concat("'", t.id, "' follows 'P", phase, "-T", it->second,
                            "': number the tasks in order without gaps"));
        }
        last_in_phase[phase] = *n;
      }
    }
    if (t.status == Status::InProgress) {
      if (first_in_progress) {
        c.at_task(t, t.box_span, "task-multiple-in-progress",
                  concat("more than one task is in progress (also #",
                         plan.tasks[*first_in_progress].ordinal,
                         "): finish one before starting the next"));
      } else {
        first_in_progress = i;
      }
    }
    if (t.status == Status::Done) {
      for (std::size_t child : t.children) {
        const Task& ch = plan.tasks[child];
        if (ch.optional) continue;  // Kiro's optional subtasks may stay open
        if (ch.status == Status::Todo || ch.status == Status::InProgress ||
            ch.status == Status::Blocked) {
          c.at_task(ch, ch.box_span, "parent-done-child-open",
                    concat("subtask is ", status_name(ch.status), " but its parent #", t.ordinal,
                           " is done: finish it, cancel it, or reopen the parent"));
        }
      }
    }
  }
}

}  // namespace wildplan::detail
