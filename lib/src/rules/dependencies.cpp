// Dependency rules: every dependency names a task placed before it, and none form a cycle.
#include "rules/first_index.hpp"
#include "rules/check.hpp"

namespace wildplan::detail {

void check_dependencies(const Check& c) {
  const auto& tasks = c.plan.tasks;
  // Lookup by id as written and by its number ("3" finds "Task 3", "#3" the third task).
  // The first task wins; the views are into the tasks' ids.
  // Ids compare by task_id_key(), as resolve_task() and next compare them.
  std::vector<std::string> keys(tasks.size());
  FirstIndex by_id(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    if (tasks[i].id.empty()) continue;
    keys[i] = task_id_key(tasks[i].id);
    by_id.add(keys[i], i);
  }
  auto resolve = [&](std::string_view dep) { return by_id.find(task_id_key(dep)); };

  std::vector<std::vector<std::size_t>> edges(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const Task& t = tasks[i];
    for (const std::string& dep : t.depends) {
      const auto target = resolve(dep);
      if (!target) {
        c.at_title(t, "depends-missing",
                   "dependency '" + dep + "' names no task: fix the id or drop it");
        continue;
      }
      if (*target == i) {
        c.at_title(t, "depends-cycle", "the task depends on itself: drop '" + dep + "'");
        continue;
      }
      edges[i].push_back(*target);
      if (*target > i) {
        c.at_title(
            t, "depends-later",
            "depends on '" + dep + "', placed after it: move the tasks into dependency order");
      }
    }
  }

  // Cycles: an iterative depth-first search (no recursion: plans can be long), one report per
  // cycle, at the task where the search closed it.
  enum class Mark { New, Open, Done };
  std::vector<Mark> mark(tasks.size(), Mark::New);
  std::vector<std::pair<std::size_t, std::size_t>> stack;  // task, next edge
  for (std::size_t root = 0; root < tasks.size(); ++root) {
    if (mark[root] != Mark::New) continue;
    stack.emplace_back(root, 0);
    mark[root] = Mark::Open;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next == edges[node].size()) {
        mark[node] = Mark::Done;
        stack.pop_back();
        continue;
      }
      const std::size_t to = edges[node][next++];
      if (mark[to] == Mark::Open) {
        const Task& t = tasks[node];
        c.at_title(t, "depends-cycle",
                   "dependency cycle: #" + std::to_string(t.ordinal) + " and #" +
                       std::to_string(tasks[to].ordinal) + " wait on each other: break the cycle");
      } else if (mark[to] == Mark::New) {
        mark[to] = Mark::Open;
        stack.emplace_back(to, 0);
      }
    }
  }
}

}  // namespace wildplan::detail
