#include "task_cmd.hpp"

#include <filesystem>

#include "command.hpp"
#include "task_file.hpp"

namespace wildplan::cli {

void add_task_file_options(CLI::App* sub, TaskFileOptions& o) {
  sub->add_option("-f,--file", o.file,
                  "the task file (default: $WILDPLAN_TASKS, ./tasks.md, or the newest "
                  ".agents/wild/*/tasks.md)");
  sub->add_option("--config", o.config,
                  "a configuration file (default: .wildplan.json found upward)");
  sub->add_flag("--json", o.json, "print JSON (its JSON Schema is in schemas/)");
}

TaskFile find_task_file(const TaskFileOptions& o, Terminal& term) {
  TaskFile f;
  f.path = o.file.empty() ? default_task_file() : o.file;
  const std::filesystem::path dir = std::filesystem::path(f.path).parent_path();
  f.config = load_config(o.config, dir.empty() ? "." : dir, term).config;
  return f;
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
