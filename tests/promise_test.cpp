// What the agent says against the task file (rules.hpp, promise.cpp): a DONE with open tasks,
// every task done with no DONE, a <plan> and a todo list that disagree, a task checked off with
// nothing else changed.
#include <gtest/gtest.h>

#include "wildplan/document.hpp"
#include "wildplan/rules.hpp"
#include "wildplan/transcript.hpp"

namespace wildplan {
namespace {

std::vector<Diagnostic> promise_on(const std::string& tasks, std::optional<std::string> promise) {
  return check_promise(parse_document(std::make_shared<const Source>("tasks.md", tasks)), promise);
}

TEST(CheckPromise, DoneWithOpenTasksIsAWarningNamingThem) {
  const auto ds = promise_on(
      "- [x] Task 1: a\n- [/] Task 2: b\n- [ ] Task 3: c\n- [-] Task 4: d\n- [!] Task 5: e\n",
      "DONE");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].rule, "promise-done-open-tasks");
  EXPECT_EQ(ds[0].severity, Severity::Warning);
  EXPECT_EQ(ds[0].begin.line, 2u);  // the first open task
  EXPECT_EQ(ds[0].message,
            "the reply promises DONE but 3 of 5 tasks are still open: Task 2 (in_progress), "
            "Task 3 (todo), Task 5 (blocked); finish or cancel them, or keep the loop going");
}

TEST(CheckPromise, ManyOpenTasksAreSummedUp) {
  std::string tasks;
  for (int i = 1; i <= 8; ++i) tasks += "- [ ] step number " + std::to_string(i) + "\n";
  const auto ds = promise_on(tasks, "DONE");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("#5 (todo) and 3 more"), std::string::npos) << ds[0].message;
}

TEST(CheckPromise, DoneWithEveryTaskDoneOrCancelledIsQuiet) {
  EXPECT_TRUE(promise_on("- [x] a\n- [-] b\n", "DONE").empty());
}

TEST(CheckPromise, EveryTaskDoneWithoutDoneIsANote) {
  const auto ds = promise_on("- [x] a\n- [x] b\n", "WAITING");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].rule, "all-done-no-promise");
  EXPECT_EQ(ds[0].severity, Severity::Note);
  EXPECT_EQ(ds[0].begin.line, 2u);
  EXPECT_NE(ds[0].message.find("(it says WAITING)"), std::string::npos);
  EXPECT_EQ(promise_on("- [x] a\n", std::nullopt).size(), 1u);
  EXPECT_TRUE(promise_on("- [-] only cancelled\n", std::nullopt).empty());  // nothing was done
  EXPECT_TRUE(promise_on("no tasks\n", "DONE").empty());
}

TodoList todos(std::string source, std::vector<TodoItem> items) {
  TodoList l;
  l.source = std::move(source);
  l.line = 4;
  l.updates = 2;
  l.items = std::move(items);
  return l;
}

TEST(CheckPlanTodos, AStatusThePlanAndTheTodoListDisagreeOnIsAWarningAtThePlansTask) {
  const auto text = std::make_shared<const Source>(
      "answer", "<plan>\n- [x] Task 1: write the loader\n- [ ] Task 2: train\n</plan>\n");
  const Document plan = parse_document(text, Span{6, text->size() - 8});
  const auto ds = check_plan_todos(
      plan,
      todos("TodoWrite", {{"write the loader", Status::InProgress, ""}, {"train", Status::Todo, ""}}));
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].rule, "plan-todos-differ");
  EXPECT_EQ(ds[0].begin.line, 2u);
  EXPECT_EQ(ds[0].message,
            "the <plan> marks task Task 1 done but the agent's todo list (TodoWrite, line 4) has "
            "it in_progress");
}

TEST(CheckPlanTodos, CodexExecTodoListsAreComparedOnDoneOnly) {
  const Document plan = parse_document(std::make_shared<const Source>(
      "answer", "- [/] Task 1: write the loader\n- [x] Task 2: train\n"));
  const auto ds = check_plan_todos(
      plan,
      todos("todo_list", {{"write the loader", Status::Todo, ""}, {"train", Status::Todo, ""}}));
  ASSERT_EQ(ds.size(), 1u);  // in progress against "not completed" is no disagreement
  EXPECT_EQ(ds[0].begin.line, 2u);
  EXPECT_NE(ds[0].message.find("has it not completed"), std::string::npos);
}

TEST(CheckedWithoutChange, ATaskNewlyDoneIsANote) {
  const Document before = parse_document(std::make_shared<const Source>(
      "tasks.md", "- [ ] Task 1: a b c\n- [x] Task 2: d e f\n- [ ] Task 3: g\n"));
  const Document after = parse_document(std::make_shared<const Source>(
      "tasks.md", "- [x] Task 1: a b c\n- [x] Task 2: d e f\n- [/] Task 3: g\n"));
  const auto ds = check_checked_without_change(before, after);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].rule, "checked-without-change");
  EXPECT_EQ(ds[0].begin.line, 1u);
  EXPECT_NE(ds[0].message.find("task Task 1 was checked off"), std::string::npos);
}

}  // namespace
}  // namespace wildplan
