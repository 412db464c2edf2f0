// apply_reply()'s checks of what the agent said against the task file (apply_steps.hpp).
#include "loop/apply_steps.hpp"

#include <filesystem>

#include "wildplan/edit.hpp"
#include "wildplan/rules.hpp"
#include "wildplan/todos.hpp"

namespace wildplan::detail {
namespace {

namespace fs = std::filesystem;

Parsed<Plan> parse_with(const Source& src, const StatusMap& statuses) {
  return parse_plan(src, std::nullopt, ParseOptions{statuses});
}

const TodoList* todos_of(const ApplyOutcome& out) {
  const auto& t = out.extracted.transcript;
  return t && t->todos ? &*t->todos : nullptr;
}

/// The task file's path relative to the work tree's top, '/'-separated; none outside it.
std::optional<std::string> relative_task_path(const Repository& repo, const ApplyOutcome& out) {
  const std::string& top = repo.info().workdir;
  if (top.empty()) return std::nullopt;
  std::error_code ec;
  const fs::path abs = fs::weakly_canonical(fs::absolute(out.tasks_path, ec), ec);
  const fs::path rel = abs.lexically_relative(fs::weakly_canonical(top, ec));
  const std::string s = rel.generic_string();
  if (s.empty() || s.starts_with("..")) return std::nullopt;
  return s;
}

/// `found`, as the configuration sets its rules (off, or another severity), into the outcome.
void add(const Config& config, std::vector<Diagnostic> found, ApplyOutcome& out) {
  apply_rule_settings(config, found);
  out.diagnostics.insert(out.diagnostics.end(), found.begin(), found.end());
}

}  // namespace

void sync_todos_step(const ApplyRequest& req, const Config& config, ApplyOutcome& out) {
  const TodoList* todos = todos_of(out);
  if (!req.sync_todos || !todos || !out.tasks) return;
  const StatusMap& statuses = config.statuses;
  LockOptions lock;
  lock.timeout = req.lock_timeout;
  const bool written = update_file(
      out.tasks_path,
      [&](const Source& current) -> std::optional<std::string> {
        const Parsed<Plan> plan = parse_with(current, statuses);
        out.todo_sync = sync_todos(current, *plan.value, *todos, *req.sync_todos, statuses);
        if (out.todo_sync->edits.empty()) return std::nullopt;
        return apply_edits(current.bytes(), out.todo_sync->edits);
      },
      lock);
  if (written) {
    out.written = true;
    out.tasks.emplace(read_source(out.tasks_path));
  }
  std::vector<Diagnostic> notes = out.todo_sync->diagnostics;
  add(config, std::move(notes), out);
}

void promise_step(const Config& config, ApplyOutcome& out) {
  const StatusMap& statuses = config.statuses;
  if (out.tasks) {
    const Parsed<Plan> plan = parse_with(*out.tasks, statuses);
    add(config, check_promise(*out.tasks, *plan.value, out.extracted.signals.promise), out);
  }
  const TodoList* todos = todos_of(out);
  const Block* b = out.extracted.plan();
  if (!todos || !b || !out.reply) return;
  const Source& text = out.extracted.text(*out.reply);
  const Parsed<Plan> plan = parse_plan(text, plan_body(text, *b), ParseOptions{statuses});
  std::vector<Diagnostic> found = check_plan_todos(text, *plan.value, *todos, statuses);
  out.extracted.transcript->relocate(found);
  add(config, std::move(found), out);
}

std::optional<std::string> task_file_at_head(const Repository& repo, const ApplyOutcome& out) {
  const auto rel = relative_task_path(repo, out);
  if (!rel || !out.tasks) return std::nullopt;
  try {
    return repo.read_blob("HEAD:" + *rel);
  } catch (const Error&) {  // an unborn branch, or a task file HEAD does not have
    return std::nullopt;
  }
}

void checked_without_change_step(const std::optional<std::string>& before,
                                 const Repository& repo, const Config& config, ApplyOutcome& out) {
  if (!before || !out.tasks || !out.commit || !out.commit->committed) return;
  const auto rel = relative_task_path(repo, out);
  const auto& staged = out.commit->staged;
  if (!rel || staged.size() != 1 || staged.front() != *rel) return;
  const Source old(out.tasks->name(), *before);
  const Parsed<Plan> was = parse_with(old, config.statuses);
  const Parsed<Plan> now = parse_with(*out.tasks, config.statuses);
  add(config, check_checked_without_change(*out.tasks, *was.value, *now.value), out);
}

}  // namespace wildplan::detail
