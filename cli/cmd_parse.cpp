// wildplan parse [FILE|-] [--json] [--reply]: a task list (or a reply's plan) as typed tasks.
#include <algorithm>
#include <filesystem>
#include <memory>

#include "command.hpp"
#include "reply_input.hpp"
#include "task_file.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/render.hpp"
#include "wildplan/todos.hpp"

namespace wildplan::cli {
namespace {

namespace fs = std::filesystem;

struct ParseCmdOptions {
  std::string file;
  std::optional<std::string> config;
  bool json = false;
  bool reply = false;
  std::string from = "plan";  ///< --from: the reply's <plan>, or its todo list ("todos")
  ReplyFlags reply_flags;
};

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string table(const Plan& plan) {
  std::size_t id_width = 2, phase_width = 5;
  for (const Task& t : plan.tasks) {
    id_width = std::max(id_width, t.id.size());
    if (t.phase) phase_width = std::max(phase_width, plan.phases[*t.phase].number.size());
  }
  const std::size_t ord_width = std::max<std::size_t>(1, std::to_string(plan.tasks.size()).size());
  std::string out = pad("#", ord_width) + "  " + pad("ID", id_width) + "  " + pad("STATUS", 11) +
                    "  " + pad("PHASE", phase_width) + "  TITLE\n";
  for (const Task& t : plan.tasks) {
    std::string ord = std::to_string(t.ordinal);
    out += std::string(ord_width - ord.size(), ' ') + ord + "  ";
    out += pad(escape_for_terminal(t.id), id_width) + "  ";
    out += pad(to_string(t.status), 11) + "  ";
    out += pad(t.phase ? plan.phases[*t.phase].number : "", phase_width) + "  ";
    out += std::string(2 * static_cast<std::size_t>(t.depth), ' ');
    out += escape_for_terminal(t.title.empty() ? t.text : t.title);
    out += '\n';
  }
  const auto c = plan.counts();
  out += std::to_string(plan.tasks.size()) + " tasks:";
  const char* sep = " ";
  for (int i = 0; i < kStatusCount; ++i) {
    if (c[i] == 0) continue;
    std::string name = to_string(static_cast<Status>(i));
    std::replace(name.begin(), name.end(), '_', ' ');
    out += sep + std::to_string(c[i]) + ' ' + name;
    sep = ", ";
  }
  out += '\n';
  return out;
}

/// `parse --reply FILE --from todos`: the agent's todo list as a plan (todo_markdown()).
int run_parse_todos(const ParseCmdOptions& o, Terminal& term) {
  const ReplyInput in = read_reply(o.file, o.reply_flags, term, std::string("tasks.md"));
  const Reply reply = extract_reply(*in.source, in.options);
  const Config config = load_config(o.config, fs::path("."), term).config;
  const TodoList* todos = reply.transcript && reply.transcript->todos ? &*reply.transcript->todos
                                                                      : nullptr;
  const std::string name = in.source->name() + " (todos)";
  const Source src = todos ? todo_markdown(*todos, name, config.statuses) : Source(name, "");
  Parsed<Plan> parsed = parse_plan(src, std::nullopt, ParseOptions{config.statuses});
  std::vector<Diagnostic> diagnostics = parsed.diagnostics;
  if (!todos) {
    Diagnostic d;
    d.file = in.source->name();
    d.rule = "todos-missing";
    d.message = reply.transcript
                    ? "the agent used no todo tool in this transcript: there is no todo list"
                    : "a text reply holds no todo tool calls: --from todos reads a JSON-lines "
                      "transcript";
    diagnostics.insert(diagnostics.begin(), std::move(d));
  }
  const int code = has_errors(diagnostics) ? kExitProblems : kExitOk;
  if (o.json) {
    write_plan_json(src, *parsed.value, diagnostics, [&](std::string_view s) { term.out(s); });
    return code;
  }
  term.diagnostics(term.err_stream(), &src, diagnostics);
  if (!todos) return code;
  term.out("todos from " + escape_for_terminal(in.source->name()) + ":" +
           std::to_string(todos->line) + " (" + escape_for_terminal(todos->source) + ", " +
           std::to_string(todos->updates) + (todos->updates == 1 ? " update" : " updates") +
           ")\n");
  term.out(table(*parsed.value));
  return code;
}

int run_parse(const ParseCmdOptions& o, Terminal& term) {
  if (!o.reply) check_reply_flags_unused(o.reply_flags, "--reply");
  if (o.from != "plan" && !o.reply) throw UsageError("--from needs --reply");
  if (o.from == "todos") return run_parse_todos(o, term);
  std::unique_ptr<Source> input;
  std::optional<Reply> reply;
  std::optional<ReplyInput> in;
  if (o.reply) {
    in.emplace(read_reply(o.file, o.reply_flags, term, std::string("tasks.md")));
    reply = extract_reply(*in->source, in->options);
  } else {
    input = std::make_unique<Source>(read_input(o.file, term, std::string("tasks.md")));
  }
  // A transcript's plan is parsed in its answer text; its diagnostics name the JSON lines.
  const Source& src = reply ? reply->text(*in->source) : *input;
  std::vector<Diagnostic> diagnostics;
  std::optional<Span> range;
  if (reply) {
    diagnostics = reply->diagnostics;
    if (reply->plan()) range = plan_body(src, *reply->plan());
  }
  Plan plan;
  if (!o.reply || range) {
    // Boxes read by the configured status map, as list, next, status and validate read them.
    const fs::path dir = o.reply || o.file.empty() || o.file == "-"
                             ? fs::path(".")
                             : fs::path(o.file).parent_path();
    const Config config = load_config(o.config, dir.empty() ? fs::path(".") : dir, term).config;
    Parsed<Plan> parsed = parse_plan(src, range, ParseOptions{config.statuses});
    plan = std::move(*parsed.value);
    if (reply && reply->transcript) reply->transcript->relocate(parsed.diagnostics);
    diagnostics.insert(diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
  }
  const int code = has_errors(diagnostics) ? kExitProblems : kExitOk;
  if (o.json) {
    write_plan_json(src, plan, diagnostics, [&](std::string_view s) { term.out(s); });
    return code;
  }
  term.diagnostics(term.err_stream(), &src, diagnostics);
  if (reply && !reply->plan()) return code;
  if (reply) {
    term.out("plan from " + escape_for_terminal(reply_position(src, *reply, reply->plan()->open.begin)) +
             " (rule " + to_string(reply->choice) + ")\n");
  }
  if (!plan.title.empty()) term.out(escape_for_terminal(plan.title) + "\n");
  term.out(table(plan));
  return code;
}

}  // namespace

Command make_parse(CLI::App& app) {
  auto o = std::make_shared<ParseCmdOptions>();
  CLI::App* sub = app.add_subcommand("parse", "parse a task list into typed tasks");
  sub->add_option("file", o->file,
                  "the task list (default: standard input when piped, else ./tasks.md)");
  sub->add_flag("--json", o->json, "print the plan as JSON (its JSON Schema is in schemas/)");
  sub->add_flag("--reply", o->reply,
                "the input is an agent's reply (or a JSON-lines transcript): parse its selected "
                "plan");
  add_reply_flags(sub, o->reply_flags);
  sub->add_option("--from", o->from,
                  "with --reply: parse the reply's <plan> (plan, the default) or the agent's todo "
                  "list, its last todo tool call (todos)")
      ->check(CLI::IsMember({"plan", "todos"}));
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
