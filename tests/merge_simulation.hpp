#pragma once
// The merge simulation (tests/merge_simulation_test.cpp, bench/merge_sim.cpp): pairs of agent
// edits made at random from shared base task lists (check, start, add, reword, reorder, delete,
// on both sides), each pair merged by git's own text merge and by the merge driver, and counted:
// conflicts, and tasks lost (a task of either side missing from a clean merge: a base task
// neither side deleted, or a task a side added, whose text the merge lacks) or set back (a box a
// side moved that the merge shows less far along).

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "merge/text_merge.hpp"
#include "wildplan/diff.hpp"
#include "wildplan/merge.hpp"
#include "wildplan/plan.hpp"

namespace wildplan::sim {

/// What one side meant to do, for the checks.
struct Intent {
  std::map<std::size_t, std::string> reworded;  ///< base task -> its new title
  std::map<std::size_t, char> boxes;            ///< base task -> the box it set
  std::vector<std::size_t> deleted;             ///< base tasks
  std::vector<std::string> added;               ///< titles
};

struct Stats {
  std::size_t pairs = 0;
  std::size_t git_conflicts = 0, driver_conflicts = 0;
  std::size_t git_lost = 0, driver_lost = 0;          ///< tasks missing from clean merges
  std::size_t git_set_back = 0, driver_set_back = 0;  ///< boxes less far along than a side set
  std::size_t worse_than_git = 0;  ///< pairs git merges cleanly and the driver does not
  std::size_t as_text = 0;         ///< pairs the driver merged as git merges text
  std::size_t edits = 0;
  std::map<std::string, std::size_t> driver_conflict_kinds;  ///< by ConflictKind's name
  std::vector<std::string> failures;  ///< the first few pairs that lost a task, for the report
};

/// A base file cut into lines (each with its line end) and its tasks' lines.
struct Base {
  std::string name, text;
  Plan plan;
  std::vector<std::string> lines;
  std::vector<std::size_t> task_line, item_end_line;  ///< per task: its line, the line after it
};

inline Base make_base(std::string name, std::string text) {
  Base b{std::move(name), std::move(text), {}, {}, {}, {}};
  const Source src(b.name, b.text);
  b.plan = std::move(*parse_plan(src).value);
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < b.text.size();) {
    starts.push_back(i);
    const std::size_t nl = b.text.find('\n', i);
    const std::size_t end = nl == std::string::npos ? b.text.size() : nl + 1;
    b.lines.push_back(b.text.substr(i, end - i));
    i = end;
  }
  const auto line_at = [&](std::size_t offset) {
    return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), offset) -
                                    starts.begin()) -
           1;
  };
  for (const Task& t : b.plan.tasks) {
    b.task_line.push_back(line_at(t.box_span.begin));
    const std::size_t last = t.item.end > t.item.begin ? t.item.end - 1 : t.item.begin;
    b.item_end_line.push_back(line_at(std::min(last, b.text.size() - 1)) + 1);
  }
  return b;
}

/// One side's edits, made on the base's lines.
class Side {
 public:
  Side(const Base& b, std::mt19937_64& rng, const char* who) : b_(b), rng_(rng), who_(who) {
    lines_ = b.lines;
    inserted_.resize(b.lines.size() + 1);
    deleted_.assign(b.lines.size(), false);
    used_.assign(b.plan.tasks.size(), false);
  }

  /// Makes `n` random edits; returns the file.
  std::string edit(int n, Intent& intent, std::size_t& edits) {
    for (int i = 0; i < n; ++i) edits += one(intent) ? 1 : 0;
    std::string out;
    const auto insert = [&](const std::vector<std::string>& lines) {
      for (const std::string& l : lines) {
        if (!out.empty() && out.back() != '\n') out += '\n';  // after a last line without one
        out += l;
      }
    };
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      insert(inserted_[i]);
      if (!deleted_[i]) out += lines_[order(i)];
    }
    insert(inserted_[lines_.size()]);
    return out;
  }

 private:
  std::size_t pick_task() {
    std::vector<std::size_t> free;
    for (std::size_t t = 0; t < used_.size(); ++t)
      if (!used_[t] && b_.plan.tasks[t].box_span.begin < b_.text.size()) free.push_back(t);
    if (free.empty()) return SIZE_MAX;
    return free[std::uniform_int_distribution<std::size_t>(0, free.size() - 1)(rng_)];
  }
  std::size_t order(std::size_t line) const {
    const auto it = swapped_.find(line);
    return it == swapped_.end() ? line : it->second;
  }
  bool set_box(std::size_t t, char box, Intent& intent) {
    const Task& task = b_.plan.tasks[t];
    if (task.box == box) return false;
    std::string& line = lines_[b_.task_line[t]];
    const std::size_t at = line.find("[" + std::string(1, task.box) + "]");
    if (at == std::string::npos) return false;
    line[at + 1] = box;
    intent.boxes[t] = box;
    return true;
  }
  bool one(Intent& intent) {
    const std::size_t t = pick_task();
    if (t == SIZE_MAX) return false;
    used_[t] = true;
    const Task& task = b_.plan.tasks[t];
    const int kind = std::uniform_int_distribution<int>(0, 99)(rng_);
    if (kind < 30) return set_box(t, 'x', intent);  // check
    if (kind < 45) return set_box(t, '/', intent);  // start
    if (kind < 70) {                                // add a follow-up after it
      std::string& line = lines_[b_.task_line[t]];
      const std::size_t box = line.find('[');
      std::string eol = line.ends_with("\r\n") ? "\r\n" : "\n";
      const std::string title = "Follow-up " + who_ + " " + std::to_string(++added_) +
                                " checks the " + words_[rng_() % words_.size()] + " path";
      inserted_[b_.item_end_line[t]].push_back(line.substr(0, box) + "[ ] " + title + eol);
      intent.added.push_back(title);
      return true;
    }
    std::string& line = lines_[b_.task_line[t]];
    if (kind < 80) {  // reword: one word more at the end of the title
      const std::size_t end = task.title_span.end;
      const std::size_t line_begin = b_.text.rfind('\n', task.box_span.begin);
      const std::size_t first = line_begin == std::string::npos ? 0 : line_begin + 1;
      // a title on its line alone (one that goes on on the next line is not reworded here)
      if (task.title.empty() || end < first || end - first > line.size() ||
          b_.text.substr(task.title_span.begin, task.title_span.size()) != task.title)
        return false;
      line.insert(end - first, " " + who_ + "-revised");
      intent.reworded[t] = task.title + " " + who_ + "-revised";
      return true;
    }
    if (kind < 90) {  // reorder: swap with the next task, both one line long
      const std::size_t l = b_.task_line[t];
      if (t + 1 >= b_.plan.tasks.size() || b_.item_end_line[t] != l + 1 ||
          b_.task_line[t + 1] != l + 1 || b_.item_end_line[t + 1] != l + 2 || used_[t + 1] ||
          swapped_.count(l) || swapped_.count(l + 1) || !lines_[l + 1].ends_with('\n'))
        return false;
      used_[t + 1] = true;
      swapped_[l] = l + 1;
      swapped_[l + 1] = l;
      return true;
    }
    // delete it, its subtasks with it
    for (std::size_t l = b_.task_line[t]; l < b_.item_end_line[t]; ++l) {
      if (swapped_.count(l)) return false;
    }
    for (std::size_t u = t; u < b_.plan.tasks.size(); ++u) {
      if (b_.task_line[u] >= b_.item_end_line[t]) break;
      if (u != t && used_[u]) return false;
    }
    for (std::size_t l = b_.task_line[t]; l < b_.item_end_line[t]; ++l) deleted_[l] = true;
    for (std::size_t u = t; u < b_.plan.tasks.size(); ++u) {
      if (b_.task_line[u] >= b_.item_end_line[t]) break;
      used_[u] = true;
      intent.deleted.push_back(u);
    }
    return true;
  }

  const Base& b_;
  std::mt19937_64& rng_;
  std::string who_;
  std::vector<std::string> lines_;
  std::vector<std::vector<std::string>> inserted_;  ///< before base line i (size: lines + 1)
  std::vector<bool> deleted_;
  std::map<std::size_t, std::size_t> swapped_;
  std::vector<bool> used_;
  int added_ = 0;
  const std::vector<std::string> words_ = {"cache", "retry", "error", "schema", "config", "auth"};
};

inline int rank(Status s) { return s == Status::Done ? 2 : s == Status::InProgress ? 1 : 0; }

/// The tasks of `merged` that the intents say must be there and are not, and the boxes set back.
inline std::pair<std::size_t, std::size_t> check_merge(const Base& b, const std::string& merged,
                                                       const Intent& ours, const Intent& theirs) {
  const Source src("merged", merged);
  const Plan plan = std::move(*parse_plan(src).value);
  std::multimap<std::string, const Task*> have;
  for (const Task& t : plan.tasks) have.emplace(normalise_task_text(t.title), &t);
  std::size_t lost = 0, set_back = 0;
  const auto take = [&](const std::string& title, std::optional<char> box) {
    const auto it = have.find(normalise_task_text(title));
    if (it == have.end()) {
      ++lost;
      return;
    }
    if (box && rank(it->second->status) < rank(StatusMap()[*box])) ++set_back;
    have.erase(it);
  };
  const auto gone = [](const Intent& i, std::size_t t) {
    return std::find(i.deleted.begin(), i.deleted.end(), t) != i.deleted.end();
  };
  for (std::size_t t = 0; t < b.plan.tasks.size(); ++t) {
    if (gone(ours, t) || gone(theirs, t)) continue;
    std::string title = b.plan.tasks[t].title;
    if (ours.reworded.count(t)) title = ours.reworded.at(t);
    if (theirs.reworded.count(t)) title = theirs.reworded.at(t);
    std::optional<char> box;
    for (const Intent* i : {&ours, &theirs}) {
      if (i->boxes.count(t) &&
          (!box || rank(StatusMap()[i->boxes.at(t)]) > rank(StatusMap()[*box])))
        box = i->boxes.at(t);
    }
    take(title, box);
  }
  for (const Intent* i : {&ours, &theirs})
    for (const std::string& title : i->added) take(title, std::nullopt);
  return {lost, set_back};
}

/// Whether WILDPLAN_SIM_SHOW asks for the pairs of `what` ("conflicts", "text") in the report.
inline bool show(const char* what) {
  const char* v = std::getenv("WILDPLAN_SIM_SHOW");
  return v && std::string_view(v) == what;
}

/// Simulates `pairs` edit pairs over `bases` (those with two tasks or more), seeded.
inline Stats simulate(const std::vector<Base>& bases, std::size_t pairs, std::uint64_t seed) {
  Stats s;
  std::mt19937_64 rng(seed);
  std::vector<const Base*> usable;
  for (const Base& b : bases)
    if (b.plan.tasks.size() >= 2) usable.push_back(&b);
  if (usable.empty()) return s;
  for (std::size_t p = 0; p < pairs; ++p) {
    const Base& b = *usable[rng() % usable.size()];
    Intent oi, ti;
    Side os(b, rng, "ours"), ts(b, rng, "theirs");
    const std::string ours = os.edit(1 + static_cast<int>(rng() % 3), oi, s.edits);
    const std::string theirs = ts.edit(1 + static_cast<int>(rng() % 3), ti, s.edits);
    ++s.pairs;
    const auto git = detail::merge_text(b.text, ours, theirs, 7, "ours", "theirs");
    MergeOptions mo;
    mo.path = b.name;
    const MergeResult driver = merge_task_files(Source("base", b.text), Source("ours", ours),
                                                Source("theirs", theirs), mo);
    if (!driver.by_task) {
      ++s.as_text;
      if (show("text"))
        s.failures.push_back("as text, pair " + std::to_string(p) + ":\n--- base\n" + b.text +
                             "--- ours\n" + ours + "--- theirs\n" + theirs + "--- note\n" +
                             driver.diagnostics.front().message + "\n");
    }
    if (!git.clean) {
      ++s.git_conflicts;
    } else {
      const auto [lost, back] = check_merge(b, git.bytes, oi, ti);
      s.git_lost += lost;
      s.git_set_back += back;
    }
    if (!driver.clean()) {
      ++s.driver_conflicts;
      for (const MergeConflict& c : driver.conflicts) ++s.driver_conflict_kinds[to_string(c.kind)];
      if (show("conflicts"))
        s.failures.push_back("conflict in pair " + std::to_string(p) + ":\n--- base\n" + b.text +
                             "--- ours\n" + ours + "--- theirs\n" + theirs + "--- merged\n" +
                             driver.bytes);
      if (git.clean) ++s.worse_than_git;
      continue;
    }
    const auto [lost, back] = check_merge(b, driver.bytes, oi, ti);
    s.driver_lost += lost;
    s.driver_set_back += back;
    if ((lost || back) && s.failures.size() < 5)
      s.failures.push_back("pair " + std::to_string(p) + " of " + b.name + ":\n--- ours\n" + ours +
                           "--- theirs\n" + theirs + "--- merged\n" + driver.bytes);
  }
  return s;
}

}  // namespace wildplan::sim
