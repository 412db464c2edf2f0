// Todos as a plan, and carried into tasks.md (todos.hpp): the Markdown rendering of a todo list
// and `apply --sync-todos`. The matching is diff_plans()'s; the sync takes a match only when it
// is by id or by the same normalised title, moves a task only forward, and says why for each.
#include <algorithm>

#include "wildplan/diff.hpp"
#include "wildplan/todos.hpp"

namespace wildplan {
namespace {

/// The todo's text on one line: line breaks and other control characters become spaces.
std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out += u < 0x20 || u == 0x7f ? ' ' : c;
  }
  const std::size_t b = out.find_first_not_of(' ');
  const std::size_t e = out.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : out.substr(b, e - b + 1);
}

std::string name_of(const Task& t) {
  return t.id.empty() ? "#" + std::to_string(t.ordinal) : t.id;
}

/// How far along a status is, for "forward only": todo < other < blocked < in progress < done.
/// Cancelled is not on the scale: the sync never moves a task into or out of it.
int rank(Status s) {
  switch (s) {
    case Status::Todo:
      return 0;
    case Status::Other:
      return 1;
    case Status::Blocked:
      return 2;
    case Status::InProgress:
      return 3;
    case Status::Done:
      return 4;
    case Status::Cancelled:
      return 5;
  }
  return 0;
}

/// The top-level task after which an unmatched todo's note is placed: the last one.
SourcePos note_position(const Plan& plan) {
  for (auto it = plan.tasks.rbegin(); it != plan.tasks.rend(); ++it) {
    if (it->depth == 0) return it->pos;
  }
  return {1, 1};
}

/// `after` and `before` differ in one stretch (the tasks added): that stretch as an edit of
/// `before`.
Edit difference(std::string_view before, std::string_view after) {
  std::size_t p = 0;
  while (p < before.size() && p < after.size() && before[p] == after[p]) ++p;
  std::size_t s = 0;
  while (s < before.size() - p && s < after.size() - p &&
         before[before.size() - 1 - s] == after[after.size() - 1 - s])
    ++s;
  return {Span{p, before.size() - s}, std::string(after.substr(p, after.size() - s - p))};
}

struct Context {
  const Source& tasks;
  const Plan& plan;
  const TodoList& todos;
  const StatusMap& statuses;
  TodoSync& out;
};

/// The matched todo `j` (task `i`): the change it makes, or why it makes none.
void carry(Context& c, std::size_t i, std::size_t j, const char* by) {
  const Task& task = c.plan.tasks[i];
  const Status want = c.todos.items[j].status;
  std::string reason;
  if (want != Status::Done && want != Status::InProgress) {
    reason = std::string(to_string(want)) + " in the todo list: only started and done are carried";
  } else if (task.status == Status::Cancelled) {
    reason = "cancelled in the task file: kept";
  } else if (rank(task.status) >= rank(want)) {
    reason = task.status == want ? std::string("already ") + to_string(want)
                                 : std::string(to_string(task.status)) + " in the task file, " +
                                       to_string(want) + " in the todo list: never moved back";
  } else if (const auto box = c.statuses.box_for(want)) {
    c.out.edits.push_back(set_box(task, *box));
    c.out.changed.push_back({i, j, task.id, task.title, task.pos.line, task.status, want, by});
    return;
  } else {
    reason = std::string("no box character means ") + to_string(want) + " in the status map";
  }
  c.out.kept.push_back({i, j, task.id, task.title, task.pos.line, std::move(reason)});
}

void note_unmatched(Context& c, const TodoUnmatched& u) {
  const TodoItem& t = c.todos.items[u.todo];
  Diagnostic d;
  d.file = c.tasks.name();
  d.begin = d.end = note_position(c.plan);
  d.severity = Severity::Note;
  d.rule = "todo-unmatched";
  d.message = "todo '" + one_line(t.text) + "' (" + to_string(t.status) +
              ") names no task of this file";
  if (u.resembles) {
    d.message += "; it resembles task " + u.resembles_id + " ('" +
                 c.plan.tasks[*u.resembles].title + "') but does not say the same";
  }
  d.message += u.added ? ": added as a task (--sync-todos=add)"
                       : ": not added (--sync-todos=add would add it)";
  c.out.diagnostics.push_back(std::move(d));
}

/// Appends the unmatched todos to the file as tasks, one after another: each in the style and id
/// scheme the file's tasks (the ones added before it included) give it.
void add_unmatched(Context& c) {
  std::string bytes = apply_edits(c.tasks.bytes(), c.out.edits);  // boxes: same length
  const std::string boxed = bytes;
  for (TodoUnmatched& u : c.out.unmatched) {
    const TodoItem& t = c.todos.items[u.todo];
    const Source now(c.tasks.name(), bytes);
    const Parsed<Plan> parsed = parse_plan(now, std::nullopt, ParseOptions{c.statuses});
    NewTask nt;
    try {
      nt = add_task(now, *parsed.value, one_line(t.text), {});
    } catch (const Error&) {  // no place for it (add_task says why): left as a note
      continue;
    }
    u.added = true;
    u.added_id = nt.id;
    bytes = apply_edits(bytes, {nt.edit});
    if (t.status != Status::Todo) {  // the new line's box: the todo's status
      const Source again(c.tasks.name(), bytes);
      const Parsed<Plan> re = parse_plan(again, std::nullopt, ParseOptions{c.statuses});
      const auto box = c.statuses.box_for(t.status);
      for (const Task& task : re.value->tasks) {  // the task on the inserted line
        if (box && task.line_span.begin >= nt.edit.span.begin &&
            task.line_span.begin < nt.edit.span.begin + nt.edit.text.size()) {
          bytes = apply_edits(bytes, {set_box(task, *box)});
          break;
        }
      }
    }
  }
  // One edit of the original for all the lines added, beside the box edits (which it never
  // touches: the new lines go between existing ones).
  Edit added = difference(boxed, bytes);
  std::erase_if(c.out.edits, [&](const Edit& e) {
    return e.span.begin < added.span.end && added.span.begin < e.span.end;
  });
  if (!added.text.empty() || !added.span.empty()) c.out.edits.push_back(std::move(added));
}

}  // namespace

Source todo_markdown(const TodoList& todos, std::string name, const StatusMap& statuses) {
  std::string md = "# Todos\n\n";
  for (const TodoItem& t : todos.items) {
    const auto box = statuses.box_for(t.status);
    md += "- [";
    md += box ? *box : '?';
    md += "] ";
    md += one_line(t.text);
    md += '\n';
  }
  return Source(std::move(name), std::move(md));
}

Document todo_document(const Reply& reply, const StatusMap& statuses) {
  const std::string name = reply.text().name() + " (todos)";
  const TodoList* todos = reply.todos();
  auto src = std::make_shared<const Source>(todos ? todo_markdown(*todos, name, statuses)
                                                  : Source(name, std::string()));
  Document doc = parse_document(std::move(src), {}, ParseOptions{statuses});
  if (!todos) {
    Diagnostic d;
    d.file = reply.text().name();
    d.severity = Severity::Error;
    d.rule = "todos-missing";
    d.message = reply.transcript
                    ? "the agent used no todo tool in this transcript: there is no todo list"
                    : "a text reply holds no todo tool calls: --from todos reads a JSON-lines "
                      "transcript";
    doc.diagnostics.insert(doc.diagnostics.begin(), std::move(d));
  }
  return doc;
}

const char* to_string(TodoSyncMode m) { return m == TodoSyncMode::Add ? "add" : "mark"; }

std::optional<TodoSyncMode> todo_sync_mode_from_string(std::string_view s) {
  if (s == "mark") return TodoSyncMode::Mark;
  if (s == "add") return TodoSyncMode::Add;
  return std::nullopt;
}

std::vector<TodoMatch> match_todos(const Plan& plan, const TodoList& todos,
                                   const StatusMap& statuses) {
  const Source md = todo_markdown(todos, "todos", statuses);
  const Parsed<Plan> todo_plan = parse_plan(md, std::nullopt, ParseOptions{statuses});
  const std::vector<Task>& items = todo_plan.value->tasks;
  const PlanDiff diff = diff_plans(plan, *todo_plan.value);
  std::vector<TodoMatch> out(todos.items.size());
  // The checklist holds one task per item, in order (each item one `- [c] text` line); should a
  // text ever make it read otherwise, nothing is matched rather than the wrong thing.
  if (items.size() != todos.items.size()) return out;
  for (std::size_t j = 0; j < todos.items.size(); ++j) {
    const Task& todo = items[j];
    const std::optional<std::size_t> match = diff.match_of_after[j];
    if (!match) continue;
    const Task& task = plan.tasks[*match];
    if (!todo.id.empty() && !task.id.empty() && task_id_key(todo.id) == task_id_key(task.id)) {
      out[j] = {match, std::nullopt, "id"};
    } else if (normalise_task_text(todo.title) == normalise_task_text(task.title)) {
      out[j] = {match, std::nullopt, "text"};
    } else {
      out[j] = {std::nullopt, match, nullptr};
    }
  }
  return out;
}

TodoSync sync_todos(const Document& file, const TodoList& todos, TodoSyncMode mode,
                    const StatusMap& statuses) {
  const Source& tasks = file.src();
  const Plan& plan = file.plan;
  TodoSync out;
  out.mode = mode;
  Context c{tasks, plan, todos, statuses, out};
  const std::vector<TodoMatch> matches = match_todos(plan, todos, statuses);
  for (std::size_t j = 0; j < matches.size(); ++j) {
    const TodoMatch& m = matches[j];
    if (m.task) {
      carry(c, *m.task, j, m.by);
    } else {
      TodoUnmatched u{j, one_line(todos.items[j].text), todos.items[j].status, m.resembles, {},
                      false, {}};
      if (m.resembles) u.resembles_id = name_of(plan.tasks[*m.resembles]);
      out.unmatched.push_back(std::move(u));
    }
  }
  if (mode == TodoSyncMode::Add && !out.unmatched.empty()) add_unmatched(c);
  for (const TodoUnmatched& u : out.unmatched) note_unmatched(c, u);
  std::sort(out.edits.begin(), out.edits.end(),
            [](const Edit& a, const Edit& b) { return a.span.begin < b.span.begin; });
  return out;
}

}  // namespace wildplan
