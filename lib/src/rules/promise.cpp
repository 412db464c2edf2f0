// What the agent says against what the task file holds: a DONE with open tasks, every task done
// with no DONE, a <plan> and a todo list that disagree, a task checked off in an iteration that
// changed nothing else. Each check is its own function (rules.hpp); apply calls them.
#include <algorithm>

#include "wildplan/diff.hpp"
#include "wildplan/rules.hpp"
#include "wildplan/todos.hpp"

namespace wildplan {
namespace {

constexpr std::size_t kNamed = 5;  // open tasks a promise-done-open-tasks message names

Diagnostic at(const Source& src, const Task& t, Severity severity, const char* rule,
              std::string message) {
  Diagnostic d;
  d.file = src.name();
  d.begin = t.pos;
  d.end = src.position(t.line_span.end);
  if (d.end.line != d.begin.line) d.end = d.begin;
  d.severity = severity;
  d.rule = rule;
  d.message = std::move(message);
  return d;
}

std::string name_of(const Task& t) {
  return t.id.empty() ? "#" + std::to_string(t.ordinal) : t.id;
}

/// A task the agent still has to do.
bool is_open(Status s) {
  return s == Status::Todo || s == Status::InProgress || s == Status::Blocked ||
         s == Status::Other;
}

}  // namespace

std::vector<Diagnostic> check_promise(const Document& tasks,
                                      const std::optional<std::string>& promise) {
  const Source& src = tasks.src();
  const Plan& plan = tasks.plan;
  std::vector<Diagnostic> out;
  if (plan.tasks.empty()) return out;
  const bool done = promise && *promise == "DONE";
  std::vector<const Task*> open;
  for (const Task& t : plan.tasks) {
    if (is_open(t.status)) open.push_back(&t);
  }
  if (done && !open.empty()) {
    std::string names;
    for (std::size_t i = 0; i < open.size() && i < kNamed; ++i) {
      names += (i ? ", " : "") + name_of(*open[i]) + " (" + to_string(open[i]->status) + ")";
    }
    if (open.size() > kNamed) names += " and " + std::to_string(open.size() - kNamed) + " more";
    out.push_back(at(src, *open.front(), Severity::Warning, "promise-done-open-tasks",
                     "the reply promises DONE but " + std::to_string(open.size()) + " of " +
                         std::to_string(plan.tasks.size()) + " tasks are still open: " + names +
                         "; finish or cancel them, or keep the loop going"));
  }
  const bool any_done = std::any_of(plan.tasks.begin(), plan.tasks.end(),
                                    [](const Task& t) { return t.status == Status::Done; });
  if (!done && open.empty() && any_done) {
    out.push_back(at(src, plan.tasks.back(), Severity::Note, "all-done-no-promise",
                     "every task is done or cancelled, but the reply does not promise DONE" +
                         std::string(promise ? " (it says " + *promise + ")" : "") +
                         ": the loop may stop, or the agent has more to do than the file says"));
  }
  return out;
}

std::vector<Diagnostic> check_plan_todos(const Document& reply_plan, const TodoList& todos,
                                         const StatusMap& statuses) {
  const Source& text = reply_plan.src();
  const Plan& plan = reply_plan.plan;
  std::vector<Diagnostic> out;
  const bool lossy = todos.source == "todo_list";  // completed or not, nothing more
  const std::vector<TodoMatch> matches = match_todos(plan, todos, statuses);
  for (std::size_t j = 0; j < matches.size(); ++j) {
    if (!matches[j].task) continue;
    const Task& t = plan.tasks[*matches[j].task];
    const Status said = todos.items[j].status;
    const bool differ = lossy ? (said == Status::Done) != (t.status == Status::Done)
                              : said != t.status;
    if (!differ) continue;
    out.push_back(at(text, t, Severity::Warning, "plan-todos-differ",
                     "the <plan> marks task " + name_of(t) + " " + to_string(t.status) +
                         " but the agent's todo list (" + todos.source + ", line " +
                         std::to_string(todos.line) + ") has it " +
                         (lossy && said == Status::Todo ? "not completed" : to_string(said))));
  }
  return out;
}

std::vector<Diagnostic> check_checked_without_change(const Document& before_doc,
                                                     const Document& after_doc) {
  const Source& src = after_doc.src();
  const Plan& before = before_doc.plan;
  const Plan& after = after_doc.plan;
  std::vector<Diagnostic> out;
  const PlanDiff diff = diff_plans(before, after);
  for (std::size_t j = 0; j < after.tasks.size(); ++j) {
    const Task& t = after.tasks[j];
    if (t.status != Status::Done) continue;
    const auto match = diff.match_of_after[j];
    if (match && before.tasks[*match].status == Status::Done) continue;
    out.push_back(at(src, t, Severity::Note, "checked-without-change",
                     "task " + name_of(t) +
                         " was checked off in an iteration whose commit changed no file but the "
                         "task file: nothing in the work tree shows it done"));
  }
  return out;
}

}  // namespace wildplan
