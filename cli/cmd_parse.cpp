// wildplan parse [FILE|-] [--json] [--reply]: a task list (or a reply's plan) as typed tasks.
#include <memory>

#include "command.hpp"
#include "reply_input.hpp"
#include "task_cmd.hpp"
#include "wildplan/document.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/render.hpp"
#include "wildplan/todos.hpp"
#include "wildplan/workspace.hpp"

namespace wildplan::cli {
namespace {

struct ParseCmdOptions {
  std::string file;
  std::optional<std::string> config;
  bool json = false;
  bool reply = false;
  std::string from = "plan";  ///< --from: the reply's <plan>, or its todo list ("todos")
  ReplyFlags reply_flags;
};

/// The task list: FILE, else standard input when it is input, else the task file (locate()).
Document read_tasks(const ParseCmdOptions& o, Terminal& term) {
  LocateRequest where;
  where.config = o.config;
  const std::string path = input_path(o.file, term, std::string());
  if (!path.empty()) where.task_file = path;
  const Workspace w = locate_workspace(where, term);
  return read_document(w.task_file, ParseOptions{w.config.statuses});
}

int print(const Document& doc, const std::vector<Diagnostic>& diagnostics, const Reply* reply,
          bool json, Terminal& term) {
  const int code = has_errors(diagnostics) ? kExitProblems : kExitOk;
  if (json) {
    write_plan_json(doc, diagnostics, [&](std::string_view s) { term.out(s); });
    return code;
  }
  term.diagnostics(term.err_stream(), &doc.src(), diagnostics);
  if (reply) {
    term.out("plan from " + escape_for_terminal(reply_location(*reply, reply->plan_block()->open.begin)) +
             " (rule " + to_string(reply->choice) + ")\n");
  }
  if (!doc.plan.title.empty()) term.out(escape_for_terminal(doc.plan.title) + "\n");
  term.out(render_plan_table(doc.plan));
  return code;
}

/// `parse --reply FILE --from todos`: the agent's todo list as a plan (todo_document()).
int run_parse_todos(const ParseCmdOptions& o, Terminal& term) {
  const Config config = load_config(o.config, ".").config;
  const Reply reply = read_reply(o.file, o.reply_flags, config, term);
  const Document doc = todo_document(reply, config.statuses);
  const int code = has_errors(doc.diagnostics) ? kExitProblems : kExitOk;
  if (o.json) {
    write_plan_json(doc, doc.diagnostics, [&](std::string_view s) { term.out(s); });
    return code;
  }
  term.diagnostics(term.err_stream(), &doc.src(), doc.diagnostics);
  const TodoList* todos = reply.todos();
  if (!todos) return code;
  term.out("todos from " + escape_for_terminal(reply.text().name()) + ":" +
           std::to_string(todos->line) + " (" + escape_for_terminal(todos->source) + ", " +
           count_of(todos->updates, "update") + ")\n");
  term.out(render_plan_table(doc.plan));
  return code;
}

int run_parse(const ParseCmdOptions& o, Terminal& term) {
  if (!o.reply) {
    check_reply_flags_unused(o.reply_flags, "--reply");
    if (o.from != "plan") throw OptionError("--from needs --reply");
    const Document doc = read_tasks(o, term);
    return print(doc, doc.diagnostics, nullptr, o.json, term);
  }
  if (o.from == "todos") return run_parse_todos(o, term);
  const Config config = load_config(o.config, ".").config;
  const Reply reply = read_reply(o.file, o.reply_flags, config, term);
  std::vector<Diagnostic> diagnostics = reply.diagnostics;
  if (!reply.plan) {  // the reply's diagnostics say why; an empty plan document with --json
    Document none;
    none.source = reply.source;
    if (o.json) return print(none, diagnostics, nullptr, true, term);
    term.diagnostics(term.err_stream(), &reply.text(), diagnostics);
    return kExitProblems;
  }
  // A transcript's plan is parsed in its answer text; its diagnostics name the JSON lines.
  diagnostics.insert(diagnostics.end(), reply.plan->diagnostics.begin(),
                     reply.plan->diagnostics.end());
  return print(*reply.plan, diagnostics, &reply, o.json, term);
}

}  // namespace

Command make_parse(CLI::App& app) {
  auto o = std::make_shared<ParseCmdOptions>();
  CLI::App* sub = app.add_subcommand("parse", "parse a task list into typed tasks");
  sub->add_option("file", o->file,
                  "the task list (default: standard input when it is a pipe or a file, else "
                  "the task file, as for list)");
  sub->add_flag("--json", o->json, "print the plan as JSON (its JSON Schema is in schemas/)");
  sub->add_flag("--reply", o->reply,
                "the input is an agent's reply (or a JSON-lines transcript): parse its selected "
                "plan");
  add_reply_flags(sub, o->reply_flags);
  one_of(sub->add_option("--from", o->from,
                         "with --reply: parse the reply's <plan> (plan, the default) or the "
                         "agent's todo list, its last todo tool call (todos)"),
         {"plan", "todos"});
  sub->add_option("--config", o->config,
                  "a configuration file, for its status map (default: .wildplan.json found "
                  "upward)");
  sub->footer(
      "Examples:\n"
      "  wildplan parse tasks.md\n"
      "  wildplan parse --json .agents/wild/s1/tasks.md\n"
      "  wildplan parse --reply reply.txt\n"
      "  wildplan parse --reply session.jsonl --from todos");
  return {sub, [o](Terminal& term) { return run_parse(*o, term); }};
}

}  // namespace wildplan::cli
