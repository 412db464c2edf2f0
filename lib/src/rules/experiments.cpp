// Experiment rules: an experimental goal needs a sweep and runs created through the API, and no
// task runs an experiment itself.
#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

#include "source/strings.hpp"
#include "rules/check.hpp"

namespace wildplan::detail {
namespace {

bool contains(std::string_view text, std::string_view what) {
  return text.find(what) != std::string_view::npos;
}

// Commands that run an experiment on the spot (lower case; matched as words).
constexpr std::array<std::string_view, 6> kLaunchers = {
    "torchrun", "accelerate launch", "deepspeed", "sbatch", "srun", "mpirun"};

/// `POST .../sweeps`, or "create a sweep" in words. `t` is in lower case.
bool creates_sweep(std::string_view t) {
  if (contains(t, "post") && contains(t, "/sweeps")) return true;
  for (std::string_view p :
       {"create a sweep", "create the sweep", "create sweep", "create a new sweep",
        "creates a sweep", "creating a sweep", "new sweep via"}) {
    if (contains(t, p)) return true;
  }
  return false;
}

/// `POST .../runs`, or "create runs" in words. `t` is in lower case.
bool creates_runs(std::string_view t) {
  if (contains(t, "post") && contains(t, "/runs")) return true;
  for (std::string_view p :
       {"create run", "create the run", "create a run", "create one run", "creates run",
        "creating run", "launch runs via", "launch the runs via"}) {
    if (contains(t, p)) return true;
  }
  // "create 9 runs", "create two runs"
  for (std::size_t p = t.find("create "); p != std::string_view::npos;
       p = t.find("create ", p + 1)) {
    const std::size_t word_end = t.find(' ', p + 7);
    if (word_end != std::string_view::npos && t.substr(word_end + 1).starts_with("run"))
      return true;
  }
  return false;
}

bool is_word_at(std::string_view t, std::size_t p, std::size_t n) {
  const auto word = [](char ch) { return is_alnum_ascii(ch) || ch == '_'; };
  return (p == 0 || !word(t[p - 1])) && (p + n == t.size() || !word(t[p + n]));
}

/// The command a task runs itself, or empty. `t` is in lower case.
std::string direct_command(std::string_view t) {
  for (std::string_view l : kLaunchers) {
    for (std::size_t p = t.find(l); p != std::string_view::npos; p = t.find(l, p + 1)) {
      if (is_word_at(t, p, l.size())) return std::string(l);
    }
  }
  // python train.py, python3 scripts/train_lm.py, python -m pkg.train
  for (std::size_t p = t.find("python"); p != std::string_view::npos; p = t.find("python", p + 1)) {
    std::size_t e = t.find_first_of("`;&|)\"'", p);
    const std::string_view cmd = t.substr(p, e == std::string_view::npos ? t.size() - p : e - p);
    const std::size_t space = cmd.find(' ');
    if (space == std::string_view::npos) continue;
    const std::string_view first = cmd.substr(space + 1, cmd.find(' ', space + 1) - space - 1);
    const bool module = first == "-m";
    const std::string_view target =
        module ? cmd.substr(space + 4, cmd.find(' ', space + 4) - (space + 4)) : first;
    if ((module || target.ends_with(".py")) &&
        (contains(target, "train") || contains(target, "finetune") || contains(target, "sweep") ||
         contains(target, "experiment") || contains(target, "run_exp"))) {
      return std::string(
          cmd.substr(0, module ? space + 4 + target.size() : space + 1 + target.size()));
    }
  }
  return {};
}

}  // namespace

bool is_experimental(std::string_view goal, const std::vector<std::string>& words) {
  const std::string g = to_lower(goal);
  for (const std::string& w : words) {
    const std::string lw = to_lower(w);
    for (std::size_t p = g.find(lw); p != std::string::npos; p = g.find(lw, p + 1)) {
      // the word starts a word of the goal ("training" and "trained" start with "train")
      if (p == 0 || !is_alnum_ascii(g[p - 1])) return true;
    }
  }
  return false;
}

void check_experiments(const Check& c) {
  std::optional<std::size_t> first_sweep, first_run;
  std::string text;  // the task's text in lower case, its buffer reused
  for (std::size_t i = 0; i < c.plan.tasks.size(); ++i) {
    const Task& t = c.plan.tasks[i];
    assign_lower(text, t.text);
    const bool sweep = creates_sweep(text), runs = creates_runs(text);
    if (sweep && !first_sweep) first_sweep = i;
    if (runs && !first_run) first_run = i;
    // A run created through the API names its command: `POST /runs` with "python train.py"
    // is the right way, not a direct run.
    if (!runs) {
      if (const std::string cmd = direct_command(text); !cmd.empty()) {
        c.at_title(t, "direct-experiment-command",
                   "the task runs '" + cmd + "' itself: create a run through the API " +
                       "(POST {server}/runs) with it as the command instead");
      }
    }
  }
  std::string goal = c.options.goal.value_or("");
  if (const Section* s = c.plan.section("goal")) goal.append(" ").append(c.body_text(*s));
  if (!is_experimental(goal, c.experiment_words)) return;
  if (!first_sweep) {
    c.about_plan(c.task_area(), "missing-sweep-task",
                 "the goal is experimental but no task creates a sweep: add a task that creates "
                 "one (POST {server}/sweeps/wild)");
  }
  if (!first_run) {
    c.about_plan(c.task_area(), "missing-run-task",
                 "the goal is experimental but no task creates runs: add a task that creates "
                 "them (POST {server}/runs)");
  }
  if (first_sweep && first_run && *first_run < *first_sweep) {
    const Task& t = c.plan.tasks[*first_run];
    c.at_title(t, "run-before-sweep",
               "runs are created before the sweep (#" +
                   std::to_string(c.plan.tasks[*first_sweep].ordinal) +
                   "): create the sweep first, then its runs");
  }
}

}  // namespace wildplan::detail
