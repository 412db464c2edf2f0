#include "task_cmd.hpp"

#include <filesystem>

#include "command.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {

void add_task_file_options(CLI::App* sub, TaskFileOptions& o) {
  sub->add_option("-f,--file", o.file,
                  "the task file (default: $WILDPLAN_TASKS, ./tasks.md, or the one "
                  ".agents/wild/*/tasks.md)");
  sub->add_option("--session", o.session,
                  "the loop's session: its task file, .agents/wild/<ID>/tasks.md at the "
                  "repository's top");
  sub->add_option("--config", o.config,
                  "a configuration file (default: .wildplan.json found upward)");
  sub->add_flag("--json", o.json, "print JSON (its JSON Schema is in schemas/)");
}

Workspace locate_workspace(const LocateRequest& request, Terminal& term) {
  Workspace w = locate(request);
  if (w.picked())
    term.info("using " + escape_for_terminal(w.task_file) + " (the one session task file found)");
  return w;
}

TaskFile find_task_file(const TaskFileOptions& o, Terminal& term) {
  LocateRequest request;
  if (!o.file.empty()) request.task_file = o.file;
  request.session = o.session;
  request.config = o.config;
  Workspace w = locate_workspace(request, term);
  return {std::move(w.task_file), std::move(w.config)};
}

Plan parse_tasks(const Source& src, const Config& config) {
  return std::move(*parse_plan(src, std::nullopt, ParseOptions{config.statuses}).value);
}

void require_phase(const Plan& plan, const std::string& number) {
  std::string numbers;
  for (const Phase& p : plan.phases) {
    if (p.number == number) return;
    numbers += (numbers.empty() ? "" : ", ") + p.number;
  }
  throw UsageError("the plan has no phase " + number +
                   (numbers.empty() ? " (it has no phases)" : " (its phases: " + numbers + ")"));
}

}  // namespace wildplan::cli
