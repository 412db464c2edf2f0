// The agent's todo list: each reader's todo tool calls replayed (fixtures/extract/*/ with a
// README naming the public shape), the new agent CLIs' answer text, sub-agent logs, and the
// sync of a todo list into a task file (todos.hpp).
#include "wildplan/todos.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/transcript.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

const fs::path kCases = test::kSourceDir / "fixtures/extract";

Reply extract_case(const std::string& name, std::unique_ptr<Source>& src) {
  src = std::make_unique<Source>("reply.jsonl", test::read_file(kCases / name / "reply.jsonl"));
  return extract_reply(*src);
}

struct Expected {
  const char* text;
  Status status;
};

void expect_items(const TodoList& l, std::initializer_list<Expected> want) {
  ASSERT_EQ(l.items.size(), want.size());
  std::size_t i = 0;
  for (const Expected& e : want) {
    EXPECT_EQ(l.items[i].text, e.text) << i;
    EXPECT_EQ(l.items[i].status, e.status) << i;
    ++i;
  }
}

const TodoList& todos_of(const Reply& r) {
  static const TodoList kNone;
  if (!r.transcript || !r.transcript->todos) {
    ADD_FAILURE() << "no todo list";
    return kNone;
  }
  return *r.transcript->todos;
}

constexpr const char* kEnv = "Create a virtual environment with uv and install requirements.txt";
constexpr const char* kScript = "Write the baseline training script";
constexpr const char* kSweep = "Create the learning-rate sweep through the API";

TEST(TodoTools, ClaudeTodoWriteTakesTheMainAgentsLastList) {
  std::unique_ptr<Source> src;
  const Reply r = extract_case("claude-todowrite", src);
  const TodoList& l = todos_of(r);
  EXPECT_EQ(l.source, "TodoWrite");
  EXPECT_EQ(l.updates, 2u);  // the sub-agent's call (line 5) is not the agent's plan
  EXPECT_EQ(l.line, 6u);
  expect_items(l, {{"Create a virtual environment with uv", Status::Done},
                   {"Write the baseline training script", Status::InProgress},
                   {"Create the learning-rate sweep", Status::Todo}});
  EXPECT_EQ(r.signals.promise, "WAITING");
}

TEST(TodoTools, ClaudeTaskCreateAndUpdateAreReplayedByTheIdsTheirResultsGive) {
  std::unique_ptr<Source> src;
  const Reply r = extract_case("claude-tasks", src);
  const TodoList& l = todos_of(r);
  EXPECT_EQ(l.source, "TaskCreate");
  EXPECT_EQ(l.updates, 7u);
  EXPECT_EQ(l.line, 6u);
  expect_items(l, {{"Write the data loader", Status::Done},
                   {"Train the baseline (3 seeds)", Status::InProgress}});
  EXPECT_EQ(l.items[0].id, "4");  // "Task #4 created successfully", not the 1st create
  EXPECT_EQ(l.items[1].id, "5");  // its result came as text items
}

TEST(TodoTools, TaskCreateWithoutItsResultCountsFromOne) {
  // A stream cut before the results: the creates are numbered in order, as a new list is.
  const std::string lines =
      R"({"type":"system","subtype":"init","session_id":"s","tools":[]})"
      "\n"
      R"({"type":"assistant","message":{"id":"m1","role":"assistant","content":[{"type":"tool_use","id":"t1","name":"TaskCreate","input":{"subject":"A"}},{"type":"tool_use","id":"t2","name":"TaskCreate","input":{"subject":"B"}}]},"parent_tool_use_id":null,"session_id":"s"})"
      "\n"
      R"({"type":"assistant","message":{"id":"m2","role":"assistant","content":[{"type":"tool_use","id":"t3","name":"TaskUpdate","input":{"taskId":"2","status":"completed"}},{"type":"tool_use","id":"t4","name":"TaskUpdate","input":{"taskId":"9","status":"in_progress"}}]},"parent_tool_use_id":null,"session_id":"s"})"
      "\n";
  const Transcript t = read_transcript(Source("s.jsonl", lines));
  ASSERT_TRUE(t.todos);
  expect_items(*t.todos, {{"A", Status::Todo}, {"B", Status::Done}});  // #9 has no text: left out
  EXPECT_EQ(t.todos->items[1].id, "2");
}

TEST(TodoTools, CodexUpdatePlanArgumentsAreAJsonString) {
  std::unique_ptr<Source> src;
  const Reply r = extract_case("codex-rollout-update-plan", src);
  const TodoList& l = todos_of(r);
  EXPECT_EQ(l.source, "update_plan");
  EXPECT_EQ(l.updates, 2u);
  EXPECT_EQ(l.line, 6u);
  expect_items(l, {{kEnv, Status::Done}, {kScript, Status::InProgress}, {kSweep, Status::Todo}});
  EXPECT_EQ(r.signals.promise, "WAITING");  // the shell call's <promise> is not the answer
}

TEST(TodoTools, CodexUpdatePlanThatDoesNotParseIsNoUpdate) {
  const std::string lines =
      R"({"timestamp":"t","type":"session_meta","payload":{"id":"x"}})"
      "\n"
      R"({"timestamp":"t","type":"response_item","payload":{"type":"function_call","name":"update_plan","arguments":"{\"plan\": [{\"step\": \"cut","call_id":"c"}})"
      "\n"
      R"({"timestamp":"t","type":"response_item","payload":{"type":"function_call","name":"update_plan","arguments":"[1,2]","call_id":"d"}})"
      "\n";
  const Transcript t = read_transcript(Source("r.jsonl", lines));
  EXPECT_FALSE(t.todos);
  EXPECT_EQ(t.format, TranscriptFormat::CodexRollout);
}

TEST(TodoTools, CodexExecTodoListKeepsOnlyCompleted) {
  std::unique_ptr<Source> src;
  const Reply r = extract_case("codex-exec-todo-list", src);
  const TodoList& l = todos_of(r);
  EXPECT_EQ(l.source, "todo_list");
  EXPECT_EQ(l.updates, 3u);
  EXPECT_EQ(l.line, 7u);
  expect_items(l, {{kEnv, Status::Done}, {kScript, Status::Todo}, {kSweep, Status::Todo}});
}

TEST(TodoTools, OpenCodeEventsReadTodoUpdated) {
  std::unique_ptr<Source> src;
  const Reply r = extract_case("opencode-events-todos", src);
  const TodoList& l = todos_of(r);
  EXPECT_EQ(l.source, "todowrite");
  EXPECT_EQ(l.updates, 1u);
  EXPECT_EQ(l.line, 6u);
  expect_items(l, {{kEnv, Status::Done}, {kScript, Status::InProgress}, {kSweep, Status::Todo}});
  EXPECT_EQ(l.items[2].id, "3");
}

TEST(TodoTools, OpenCodeRunReadsTodowriteCalls) {
  std::unique_ptr<Source> src;
  const Reply r = extract_case("opencode-run-todowrite", src);
  const TodoList& l = todos_of(r);
  EXPECT_EQ(l.updates, 2u);
  EXPECT_EQ(l.line, 4u);
  expect_items(l, {{kEnv, Status::Done}, {kScript, Status::Cancelled}});
  EXPECT_EQ(r.signals.promise, "WAITING");  // the bash tool's output is not the answer
}

TEST(TodoTools, GeminiWriteTodosAndItsAnswer) {
  std::unique_ptr<Source> src;
  const Reply r = extract_case("gemini-stream-json", src);
  ASSERT_TRUE(r.transcript);
  EXPECT_EQ(r.transcript->format, TranscriptFormat::GeminiStream);
  const TodoList& l = todos_of(r);
  EXPECT_EQ(l.source, "write_todos");
  EXPECT_EQ(l.line, 5u);
  expect_items(l, {{kEnv, Status::Done}, {kScript, Status::InProgress}, {kSweep, Status::Todo}});
  // Two replies: the chunks before the tool calls, and those after; joined apart.
  EXPECT_TRUE(r.transcript->text.bytes().starts_with("I'll write the todos first.\n\n<plan>\n# T"));
  ASSERT_TRUE(r.plan);
  EXPECT_EQ(r.plan->plan.tasks.size(), 3u);
  EXPECT_EQ(r.signals.summary, "Set up the environment; the baseline script is next.");
  EXPECT_EQ(r.signals.promise, "WAITING");
}

TEST(TodoTools, CursorTodosReplaceThenMerge) {
  std::unique_ptr<Source> src;
  const Reply r = extract_case("cursor-stream-json", src);
  ASSERT_TRUE(r.transcript);
  EXPECT_EQ(r.transcript->format, TranscriptFormat::CursorStream);
  const TodoList& l = todos_of(r);
  EXPECT_EQ(l.source, "updateTodos");
  EXPECT_EQ(l.updates, 2u);  // started lines only: the completed line repeats the call
  EXPECT_EQ(l.line, 8u);
  expect_items(l, {{kEnv, Status::Done}, {kScript, Status::InProgress}, {kSweep, Status::Todo}});
  // The assistant lines are the answer: the result line, which glues them, is not read.
  ASSERT_TRUE(r.plan);
  EXPECT_EQ(r.transcript->origin(r.plan_block()->open.begin).line, 9u);
  EXPECT_EQ(r.signals.promise, "WAITING");
}

TEST(TodoTools, CursorPartialOutputFallsBackToTheResult) {
  std::unique_ptr<Source> src;
  const Reply r = extract_case("cursor-partial-output", src);
  ASSERT_TRUE(r.transcript);
  EXPECT_EQ(r.transcript->format, TranscriptFormat::CursorStream);
  EXPECT_EQ(r.signals.summary, "Wrote the baseline script.");
  EXPECT_EQ(r.signals.promise, "WAITING");
  EXPECT_FALSE(r.transcript->todos);
}

TEST(TodoTools, CopilotMessagesReplaceTheirDeltas) {
  std::unique_ptr<Source> src;
  const Reply r = extract_case("copilot-events", src);
  ASSERT_TRUE(r.transcript);
  EXPECT_EQ(r.transcript->format, TranscriptFormat::CopilotEvents);
  EXPECT_EQ(r.transcript->text.bytes().substr(0, 31), "Reading train.py first.\n\n<plan>");
  ASSERT_TRUE(r.plan);
  EXPECT_EQ(r.plan->plan.tasks.size(), 3u);
  EXPECT_EQ(r.signals.promise, "WAITING");  // the viewed file's <promise> is a tool's output
  EXPECT_FALSE(r.transcript->todos);
}

TEST(TodoTools, AmpStreamJsonIsReadAsClaudeStreamJson) {
  std::unique_ptr<Source> src;
  const Reply r = extract_case("amp-stream-json", src);
  ASSERT_TRUE(r.transcript);
  EXPECT_EQ(r.transcript->format, TranscriptFormat::ClaudeStream);
  ASSERT_TRUE(r.plan);
  EXPECT_EQ(r.plan->plan.tasks.size(), 2u);
  EXPECT_EQ(r.transcript->origin(r.plan_block()->open.begin).line, 5u);
  EXPECT_EQ(r.plan_count(), 1u);  // the prompt's placeholder and the tool result are not read
}

TEST(SubagentLogs, AFileOfOnlySidechainRecordsIsTheSubagentsAnswer) {
  std::unique_ptr<Source> src;
  const Reply r = extract_case("claude-subagent-log", src);
  ASSERT_TRUE(r.transcript);
  EXPECT_TRUE(r.transcript->subagent);
  EXPECT_EQ(r.signals.summary,
            "The agent wrote a six-task plan and finished tasks 1-2; the sweep is next.");
}

TEST(SubagentLogs, SidechainRecordsInAMainLogAreNotTheAnswer) {
  const std::string lines =
      R"({"parentUuid":null,"isSidechain":true,"sessionId":"s","type":"assistant","message":{"id":"a","role":"assistant","content":[{"type":"text","text":"<summary>sub</summary>"}]},"uuid":"1"})"
      "\n"
      R"({"parentUuid":"1","isSidechain":false,"sessionId":"s","type":"assistant","message":{"id":"b","role":"assistant","content":[{"type":"text","text":"main words"}]},"uuid":"2"})"
      "\n"
      R"({"parentUuid":"2","isSidechain":true,"sessionId":"s","type":"assistant","message":{"id":"c","role":"assistant","content":[{"type":"text","text":"<summary>sub again</summary>"}]},"uuid":"3"})"
      "\n";
  const Transcript t = read_transcript(Source("s.jsonl", lines));
  EXPECT_FALSE(t.subagent);
  EXPECT_EQ(t.text.bytes(), "main words");
}

TEST(TodoTools, ASparseTodosArrayCostsOneItemPerTodo) {
  // A hostile line: a million elements before the one todo. Memory and time stay linear.
  std::string todos;
  for (int i = 0; i < 1000000; ++i) todos += "1,";
  const std::string line = R"({"type":"tool_use","timestamp":"t","tool_name":"write_todos","tool_id":"x","parameters":{"todos":[)" +
                           todos + R"({"description":"last","status":"completed"}]}})";
  const std::string input =
      R"({"type":"init","timestamp":"t","session_id":"s","model":"m"})" "\n" + line + "\n";
  const Transcript t = read_transcript(Source("g.jsonl", input));
  ASSERT_TRUE(t.todos);
  expect_items(*t.todos, {{"last", Status::Done}});
}

// -- the sync ------------------------------------------------------------------------------

constexpr const char* kTasks =
    "# Tasks\n\n## Goal\nTrain a small text classifier\n\n## Tasks\n"
    "- [ ] Task 1: Create a virtual environment with uv and install requirements.txt\n"
    "- [ ] Task 2: Write the baseline training script\n"
    "- [x] Task 3: Create the learning-rate sweep through the API\n";

TodoList list(std::string source, std::vector<TodoItem> items) {
  TodoList l;
  l.source = std::move(source);
  l.line = 7;
  l.updates = 1;
  l.items = std::move(items);
  return l;
}

struct Synced {
  TodoSync sync;
  std::string bytes;
};

Synced run_sync(const std::string& tasks, const TodoList& todos,
                TodoSyncMode mode = TodoSyncMode::Mark) {
  const Document doc = parse_document(std::make_shared<const Source>("tasks.md", tasks));
  Synced s{sync_todos(doc, todos, mode), {}};
  s.bytes = apply_edits(doc.src().bytes(), s.sync.edits);
  return s;
}

TEST(SyncTodos, MarksMatchedTasksStartedOrDoneAndNothingElse) {
  const Synced s = run_sync(kTasks, list("TodoWrite", {{kEnv, Status::Done, ""},
                                                       {kScript, Status::InProgress, ""},
                                                       {kSweep, Status::Todo, ""}}));
  EXPECT_EQ(s.bytes,
            "# Tasks\n\n## Goal\nTrain a small text classifier\n\n## Tasks\n"
            "- [x] Task 1: Create a virtual environment with uv and install requirements.txt\n"
            "- [/] Task 2: Write the baseline training script\n"
            "- [x] Task 3: Create the learning-rate sweep through the API\n");
  ASSERT_EQ(s.sync.changed.size(), 2u);
  EXPECT_EQ(s.sync.changed[0].id, "Task 1");
  EXPECT_EQ(s.sync.changed[0].matched_by, "text");
  EXPECT_EQ(s.sync.changed[1].to, Status::InProgress);
  ASSERT_EQ(s.sync.kept.size(), 1u);  // Task 3 is done; the todo says todo: never moved back
  EXPECT_EQ(s.sync.kept[0].id, "Task 3");
  EXPECT_TRUE(s.sync.unmatched.empty());
  EXPECT_TRUE(s.sync.diagnostics.empty());
}

TEST(SyncTodos, MatchesByTheIdTheTodoWrites) {
  const Synced s = run_sync(kTasks, list("TodoWrite", {{"Task 2: baseline", Status::Done, ""}}));
  ASSERT_EQ(s.sync.changed.size(), 1u);
  EXPECT_EQ(s.sync.changed[0].id, "Task 2");
  EXPECT_EQ(s.sync.changed[0].matched_by, "id");
  EXPECT_NE(s.bytes.find("- [x] Task 2:"), std::string::npos);
}

TEST(SyncTodos, ATodoListThatRenamesEveryTaskChangesNothingAndNotesEachTodo) {
  const std::string crlf = [] {
    std::string s;
    for (char c : std::string(kTasks)) {
      if (c == '\n') s += '\r';
      s += c;
    }
    return s;
  }();
  const Synced s = run_sync(crlf, list("TodoWrite", {{"Set up uv", Status::Done, ""},
                                                     {"Baseline training script", Status::Done, ""},
                                                     {"Sweep", Status::Cancelled, ""},
                                                     {"Write the report", Status::InProgress, ""}}));
  EXPECT_EQ(s.bytes, crlf);  // nothing unchecked, nothing checked, every byte kept
  EXPECT_TRUE(s.sync.edits.empty());
  EXPECT_TRUE(s.sync.changed.empty());
  ASSERT_EQ(s.sync.unmatched.size(), 4u);
  ASSERT_EQ(s.sync.diagnostics.size(), 4u);
  for (const Diagnostic& d : s.sync.diagnostics) {
    EXPECT_EQ(d.rule, "todo-unmatched");
    EXPECT_EQ(d.severity, Severity::Note);
    EXPECT_EQ(d.begin.line, 9u);  // at the last top-level task
  }
  // "Baseline training script" shares most words with Task 2: diff pairs them, the sync does
  // not take a look-alike as the task.
  EXPECT_EQ(s.sync.unmatched[1].resembles_id, "Task 2");
  EXPECT_NE(s.sync.diagnostics[1].message.find("resembles task Task 2"), std::string::npos);
}

TEST(SyncTodos, NeverUnchecksNorCarriesCancelledOrBlocked) {
  const std::string tasks = "- [x] alpha task here\n- [-] beta task here\n- [ ] gamma task here\n";
  const Synced s = run_sync(tasks, list("TodoWrite", {{"alpha task here", Status::Todo, ""},
                                                      {"beta task here", Status::Done, ""},
                                                      {"gamma task here", Status::Cancelled, ""}}));
  EXPECT_EQ(s.bytes, tasks);
  ASSERT_EQ(s.sync.kept.size(), 3u);
  EXPECT_EQ(s.sync.kept[1].reason, "cancelled in the task file: kept");
  EXPECT_EQ(s.sync.kept[2].reason,
            "cancelled in the todo list: only started and done are carried");
}

TEST(SyncTodos, AddModeAppendsUnmatchedTodosInTheirStatusAndTheFilesIdScheme) {
  const Synced s = run_sync(kTasks, list("TodoWrite", {{"Write the report", Status::InProgress, ""},
                                                       {"Publish it", Status::Todo, ""},
                                                       {kEnv, Status::Done, ""}}),
                            TodoSyncMode::Add);
  EXPECT_EQ(s.bytes,
            "# Tasks\n\n## Goal\nTrain a small text classifier\n\n## Tasks\n"
            "- [x] Task 1: Create a virtual environment with uv and install requirements.txt\n"
            "- [ ] Task 2: Write the baseline training script\n"
            "- [x] Task 3: Create the learning-rate sweep through the API\n"
            "- [/] Task 4: Write the report\n"
            "- [ ] Task 5: Publish it\n");
  ASSERT_EQ(s.sync.unmatched.size(), 2u);
  EXPECT_TRUE(s.sync.unmatched[0].added);
  EXPECT_EQ(s.sync.unmatched[0].added_id, "Task 4");
  EXPECT_EQ(s.sync.unmatched[1].added_id, "Task 5");
  EXPECT_NE(s.sync.diagnostics[0].message.find("added as a task"), std::string::npos);
}

TEST(SyncTodos, TheTodoListAsAPlan) {
  const TodoList l = list("write_todos", {{"Task 1: a b c", Status::Done, ""},
                                          {"two\nlines", Status::InProgress, ""},
                                          {"odd", Status::Other, ""}});
  const Source md = todo_markdown(l, "r.jsonl (todos)");
  EXPECT_EQ(md.bytes(), "# Todos\n\n- [x] Task 1: a b c\n- [/] two lines\n- [?] odd\n");
  const Parsed<Plan> p = parse_plan(md);
  ASSERT_EQ(p.value->tasks.size(), 3u);
  EXPECT_EQ(p.value->tasks[0].id, "Task 1");
  EXPECT_EQ(p.value->tasks[2].status, Status::Other);
}

}  // namespace
}  // namespace wildplan
