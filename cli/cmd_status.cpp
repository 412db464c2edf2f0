// wildplan status [--json]: progress overall and per phase, and the current task.
#include <memory>

#include "command.hpp"
#include "task_cmd.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct StatusOptions {
  TaskFileOptions file;
};

struct Progress {
  std::size_t done = 0, total = 0, cancelled = 0;
  /// Cancelled tasks are out of the denominator: they will never be done.
  std::size_t counted() const { return total - cancelled; }
};

std::string bar(const Progress& p) {
  constexpr std::size_t kWidth = 20;
  const std::size_t filled = p.counted() ? p.done * kWidth / p.counted() : 0;
  return "[" + std::string(filled, '#') + std::string(kWidth - filled, '.') + "]";
}

std::string figures(const Progress& p) {
  std::string s = std::to_string(p.done) + "/" + std::to_string(p.counted()) + " done";
  if (p.counted()) s += " (" + std::to_string(p.done * 100 / p.counted()) + "%)";
  if (p.cancelled) s += ", " + std::to_string(p.cancelled) + " cancelled";
  return s;
}

std::string progress_json(const Progress& p) {
  return "\"done\": " + std::to_string(p.done) + ", \"total\": " + std::to_string(p.total) +
         ", \"cancelled\": " + std::to_string(p.cancelled) +
         ", \"counted\": " + std::to_string(p.counted());
}

int run_status(const StatusOptions& o, Terminal& term) {
  const TaskFile tf = find_task_file(o.file, term);
  const Source src = read_source(tf.path);
  const Plan plan = parse_tasks(src, tf.config);
  Progress all;
  std::vector<Progress> phases(plan.phases.size());
  const Task* current = nullptr;
  for (const Task& t : plan.tasks) {
    for (Progress* p : {&all, t.phase ? &phases[*t.phase] : nullptr}) {
      if (!p) continue;
      ++p->total;
      p->done += t.status == Status::Done;
      p->cancelled += t.status == Status::Cancelled;
    }
    if (!current && t.status == Status::InProgress) current = &t;
  }
  const auto counts = plan.counts();
  if (o.file.json) {
    std::string out =
        "{\n  \"version\": 1,\n  \"kind\": \"status\",\n  \"file\": " + json_quote(src.name()) +
        ",\n  " + progress_json(all) + ",\n  \"counts\": {";
    for (int i = 0; i < kStatusCount; ++i) {
      out += std::string(i ? ", " : "") + "\"" + to_string(static_cast<Status>(i)) +
             "\": " + std::to_string(counts[i]);
    }
    out += "},\n  \"phases\": [";
    for (std::size_t i = 0; i < phases.size(); ++i) {
      out += std::string(i ? "," : "") + "\n    {\"number\": " + json_quote(plan.phases[i].number) +
             ", \"name\": " + json_quote(plan.phases[i].name) + ", " + progress_json(phases[i]) +
             "}";
    }
    out += phases.empty() ? "],\n  \"current\": " : "\n  ],\n  \"current\": ";
    if (current) {
      append_task_json(out, plan, *current);
    } else {
      out += "null";
    }
    out += "\n}\n";
    term.out(out);
    return kExitOk;
  }
  std::string out = escape_for_terminal(src.name()) + ": " + bar(all) + " " + figures(all) + "\n";
  for (std::size_t i = 0; i < phases.size(); ++i) {
    out += "  phase " + plan.phases[i].number + " " + bar(phases[i]) + " " + figures(phases[i]);
    if (!plan.phases[i].name.empty()) out += "  " + escape_for_terminal(plan.phases[i].name);
    out += "\n";
  }
  if (current) {
    out += "current: #" + std::to_string(current->ordinal) +
           (current->id.empty() ? "" : " " + escape_for_terminal(current->id)) + " " +
           escape_for_terminal(current->title) + "\n";
  }
  if (all.cancelled) out += "(cancelled tasks are left out of the totals)\n";
  term.out(out);
  return kExitOk;
}

}  // namespace

Command make_status(CLI::App& app) {
  auto o = std::make_shared<StatusOptions>();
  CLI::App* sub = app.add_subcommand("status", "progress overall and per phase");
  add_task_file_options(sub, o->file);
  sub->footer("Examples:\n  wildplan status\n  wildplan status --json -f .agents/wild/s1/tasks.md\n");
  return {sub, [o](Terminal& term) { return run_status(*o, term); }};
}

}  // namespace wildplan::cli
