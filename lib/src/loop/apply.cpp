// apply_reply(): the loop's post-iteration step as one library call (loop.hpp). The steps run in
// order, each named; a failure of the environment in one is recorded with its name, the steps
// after it are not attempted, and everything done before it stays in the outcome, so that the
// caller can always report the whole of it (the loop must learn what happened to tasks.md even
// when the commit fails).
#include <filesystem>

#include "wildplan/edit.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/workspace.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

/// The steps of one apply, in order; `stage` names the one running, for the error.
class ApplyRun {
 public:
  ApplyRun(const ApplyRequest& request, ApplyOutcome& out) : req_(request), out_(out) {}

  std::string stage = "request";

  /// request: what can be checked before anything is read.
  void check_request() {
    if (req_.iteration < 0) throw Error("--iteration must be 0 or more");
    if (req_.author) {
      commit_.author = parse_identity(*req_.author);
      if (!commit_.author) throw Error("--author takes 'Name <email>'");
    }
    if (req_.session) {
      const std::string s = sanitize_line(*req_.session);
      if (s.empty() || s.find('/') != std::string::npos || s == "." || s == "..")
        throw Error("--session '" + *req_.session + "' cannot name a directory under .agents/wild/");
    }
    for (const std::string& p : req_.exclude)
      if (auto why = exclude_pattern_error(p)) throw Error("--exclude '" + p + "': " + *why);
  }

  /// tasks, config: the task file and its configuration (locate()).
  void locate_workspace() {
    stage = "tasks";
    LocateRequest where;
    where.task_file = req_.tasks;
    where.session = req_.session;
    where.config = req_.config;
    where.dir = req_.repo;
    where.may_create = true;
    try {
      workspace_ = locate(where);
    } catch (const ConfigError& e) {
      stage = "config";
      out_.diagnostics = e.diagnostics();
      throw;
    }
    out_.tasks_path = workspace_.task_file;
    out_.tasks_origin = workspace_.origin;
    std::error_code ec;
    session_file_missing_ = req_.session && !fs::exists(out_.tasks_path, ec);
  }

  /// reply, prompt: the reply read and extracted, its plan parsed with the status map.
  void read_reply_and_prompt() {
    ExtractOptions extract;
    extract.format = req_.input_format;
    extract.parse.statuses = workspace_.config.statuses;
    std::optional<Source> prompt;
    if (req_.prompt) {
      stage = "prompt";
      prompt.emplace(read_source(*req_.prompt));
      extract.prompt = &*prompt;
    } else if (req_.prompt_template) {
      stage = "prompt";
      prompt.emplace(render_prompt_file(read_source(*req_.prompt_template), req_.template_values,
                                        *req_.prompt_template));
      extract.prompt = &*prompt;
    }
    stage = "reply";
    out_.reply = wildplan::read_reply(req_.reply, extract);
    out_.diagnostics = out_.reply->diagnostics;
    if (req_.iteration > 0) missing_plan_is_normal(out_.diagnostics);
    compare_plan_and_todos();
    apply_rule_settings(workspace_.config, out_.diagnostics);
    out_.reply_diagnostics = out_.diagnostics.size();
  }

  /// repository: with --commit, the repository is opened before tasks.md is touched, so that
  /// a commit that cannot happen (no repository) leaves tasks.md as it was.
  void open_repository() {
    if (!req_.commit) return;
    stage = "repository";
    repository_.emplace(req_.repo);
  }

  /// tasks: what tasks.md becomes, decided under the lock its write takes, so that a tasks.md
  /// the agent creates meanwhile is seen, never overwritten as if absent. Without a plan nothing
  /// is written, and no lock is taken.
  void decide_and_write_tasks() {
    stage = "tasks";
    DecideOptions how;
    how.iteration = req_.iteration;
    how.replan = req_.replan;
    how.statuses = workspace_.config.statuses;
    const Document* plan = out_.reply->plan ? &*out_.reply->plan : nullptr;
    if (!plan) {
      std::error_code ec;
      out_.existed = fs::exists(out_.tasks_path, ec);
      if (out_.existed) out_.tasks = read_document(out_.tasks_path, parse_options());
      out_.decision = decide_tasks(nullptr, out_.tasks ? &*out_.tasks : nullptr, how);
      return;
    }
    LockOptions lock;
    lock.create = true;
    lock.timeout = req_.lock_timeout;
    out_.written = update_file(
        out_.tasks_path,
        [&](const Source& current, bool existed) {
          out_.existed = existed;
          std::optional<Document> before;
          if (existed)
            before = parse_document(std::make_shared<const Source>(current), {}, parse_options());
          out_.decision = decide_tasks(plan, before ? &*before : nullptr, how);
          if (out_.decision.bytes) {
            out_.tasks = parse_document(
                std::make_shared<const Source>(out_.tasks_path, *out_.decision.bytes), {},
                parse_options());
          } else {
            out_.tasks = std::move(before);
          }
          return out_.decision.bytes;
        },
        lock);
  }

  /// tasks (--sync-todos): the reply's todo list carried into tasks.md under its lock
  /// (sync_todos()): `todo_sync` says what changed and why, the notes name each todo that named
  /// no task. Without a todo list, or a task file, nothing happens.
  void sync_todos() {
    const TodoList* todos = out_.reply->todos();
    if (!req_.sync_todos || !todos || !out_.tasks) return;
    stage = "tasks";
    LockOptions lock;
    lock.timeout = req_.lock_timeout;
    std::optional<Document> synced;
    const bool written = update_file(
        out_.tasks_path,
        [&](const Source& current) -> std::optional<std::string> {
          const Document now = parse_document(
              std::make_shared<const Source>(out_.tasks_path, std::string(current.bytes())), {},
              parse_options());
          out_.todo_sync = wildplan::sync_todos(now, *todos, *req_.sync_todos,
                                                workspace_.config.statuses);
          if (out_.todo_sync->edits.empty()) return std::nullopt;
          std::string bytes = apply_edits(current.bytes(), out_.todo_sync->edits);
          synced = parse_document(std::make_shared<const Source>(out_.tasks_path, bytes), {},
                                  parse_options());
          return bytes;
        },
        lock);
    if (written) {
      out_.written = true;
      out_.tasks = std::move(synced);
    }
    add_findings(out_.todo_sync->diagnostics);
  }

  /// Validates what tasks.md now is, with the loop's profile unless told otherwise.
  void validate_tasks() {
    if (session_file_missing_ && out_.decision.action != TasksAction::Written)
      out_.diagnostics.push_back(session_missing());
    if (!out_.tasks) return;
    ValidateOptions vo;
    vo.config = &workspace_.config;
    vo.profile = req_.profile ? req_.profile : workspace_.config.profile;
    vo.loop = true;
    vo.goal = req_.goal;
    out_.validation = validate(*out_.tasks, vo);
    out_.diagnostics.insert(out_.diagnostics.end(), out_.validation->diagnostics.begin(),
                            out_.validation->diagnostics.end());
  }

  /// The reply's <promise> against tasks.md as apply left it: promise-done-open-tasks,
  /// all-done-no-promise.
  void check_promise() {
    if (out_.tasks) add_findings(wildplan::check_promise(*out_.tasks, out_.reply->signals.promise));
  }

  /// commit, snapshot: the work tree committed (and the snapshot renewed).
  void commit() {
    if (!req_.commit) return;
    stage = "commit";
    if (req_.fail_on_error && out_.has_problems()) {
      out_.commit_reason = "not committed: the validation found errors (--fail-on-error)";
      return;
    }
    commit_.message = message();
    commit_.from_snapshot = req_.from_snapshot;
    commit_.exclude = workspace_.config.commit_exclude;
    commit_.exclude.insert(commit_.exclude.end(), req_.exclude.begin(), req_.exclude.end());
    commit_.lock_timeout = req_.lock_timeout;
    const std::optional<Document> tasks_at_head = task_file_at_head();
    out_.commit = repository_->commit(commit_);
    out_.commit_reason = out_.commit->committed ? "" : "nothing to commit";
    check_checked_without_change(tasks_at_head);
    if (!req_.from_snapshot) return;
    // The paths the snapshot holds that are still uncommitted stay held; those a person
    // committed go. Not after a failed commit: the iteration's work would then be left out of
    // the next one.
    stage = "snapshot";
    repository_->renew_snapshot();
    out_.snapshot_renewed = true;
  }

 private:
  ParseOptions parse_options() const { return ParseOptions{workspace_.config.statuses}; }

  /// `found`, as the configuration sets its rules (off, or another severity), into the outcome.
  void add_findings(std::vector<Diagnostic> found) {
    apply_rule_settings(workspace_.config, found);
    out_.diagnostics.insert(out_.diagnostics.end(), std::make_move_iterator(found.begin()),
                            std::make_move_iterator(found.end()));
  }

  /// plan-todos-differ: the reply's <plan> against its todo list, positioned in the reply (a
  /// transcript's: its JSON lines), among the reply's diagnostics.
  void compare_plan_and_todos() {
    const TodoList* todos = out_.reply->todos();
    if (!todos || !out_.reply->plan) return;
    std::vector<Diagnostic> found =
        check_plan_todos(*out_.reply->plan, *todos, workspace_.config.statuses);
    if (out_.reply->transcript) out_.reply->transcript->relocate(found);
    out_.diagnostics.insert(out_.diagnostics.end(), found.begin(), found.end());
  }

  /// The task file's path relative to the work tree's top, '/'-separated; none outside it.
  std::optional<std::string> relative_task_path() const {
    const std::string& top = repository_->info().workdir;
    if (top.empty()) return std::nullopt;
    std::error_code ec;
    const fs::path abs = fs::weakly_canonical(fs::absolute(out_.tasks_path, ec), ec);
    const std::string rel = abs.lexically_relative(fs::weakly_canonical(top, ec)).generic_string();
    if (rel.empty() || rel.starts_with("..")) return std::nullopt;
    return rel;
  }

  /// The task file at HEAD, before the iteration's commit; none when unborn, not tracked or
  /// outside the work tree.
  std::optional<Document> task_file_at_head() const {
    const auto rel = relative_task_path();
    if (!rel || !out_.tasks) return std::nullopt;
    try {
      return parse_document(
          std::make_shared<const Source>(out_.tasks->name(), repository_->read_blob("HEAD:" + *rel)),
          {}, parse_options());
    } catch (const Error&) {  // an unborn branch, or a task file HEAD does not have
      return std::nullopt;
    }
  }

  /// checked-without-change: the commit just made changed no file but the task file, and a
  /// task became done in it.
  void check_checked_without_change(const std::optional<Document>& before) {
    if (!before || !out_.tasks || !out_.commit || !out_.commit->committed) return;
    const auto rel = relative_task_path();
    const auto& staged = out_.commit->staged;
    if (!rel || staged.size() != 1 || staged.front() != *rel) return;
    add_findings(wildplan::check_checked_without_change(*before, *out_.tasks));
  }

  /// From iteration 1 on the prompt asks for no plan: a reply without one is the normal case.
  static void missing_plan_is_normal(std::vector<Diagnostic>& diagnostics) {
    for (Diagnostic& d : diagnostics) {
      if (d.rule != "plan-missing") continue;
      d.severity = Severity::Note;
      d.message = d.message.substr(0, d.message.find(':')) +
                  ": none is needed after iteration 0 (tasks.md is the agent's)";
    }
  }

  Diagnostic session_missing() const {
    Diagnostic d;
    d.file = out_.tasks_path;
    d.severity = Severity::Warning;
    d.rule = "session-missing";
    d.message = "session '" + *req_.session + "' has no tasks.md: check the session id";
    return d;
  }

  /// The subject names the goal: the one given, else tasks.md's `## Goal` unless it is still a
  /// placeholder; the trailers the session, the iteration and the progress.
  std::string message() const {
    std::string goal = req_.goal.value_or("");
    if (goal.empty() && out_.tasks) {
      if (const Section* g = out_.tasks->plan.section("goal")) {
        const std::string text = sanitize_line(out_.tasks->src().text(g->body));
        if (!is_placeholder(text)) goal = text;
      }
    }
    const auto counts = out_.counts();
    std::size_t total = 0;
    for (std::size_t c : counts) total += c;
    const auto count = [&](Status s) { return counts[static_cast<int>(s)]; };
    return commit_message(commit_subject(req_.iteration, goal),
                          {{"Wild-Session", req_.session.value_or("")},
                           {"Wild-Iteration", std::to_string(req_.iteration)},
                           {"Tasks", std::to_string(count(Status::Done)) + "/" +
                                         std::to_string(total - count(Status::Cancelled)) +
                                         " done"}});
  }

  const ApplyRequest& req_;
  ApplyOutcome& out_;
  Workspace workspace_;
  CommitRequest commit_;
  std::optional<Repository> repository_;
  bool session_file_missing_ = false;
};

}  // namespace

std::uint32_t ApplyOutcome::plan_line() const {
  const Block* b = reply ? reply->plan_block() : nullptr;
  return b ? reply->line_of(b->open.begin) : 0;
}

std::array<std::size_t, kStatusCount> ApplyOutcome::counts() const {
  if (!tasks) return {};
  return tasks->plan.counts();
}

ApplyOutcome apply_reply(const ApplyRequest& req) {
  ApplyOutcome out;
  out.iteration = req.iteration;
  out.commit_reason = req.commit ? "" : "not asked to commit (--commit)";
  ApplyRun run(req, out);
  try {
    run.check_request();
    run.locate_workspace();
    run.read_reply_and_prompt();
    run.open_repository();
    run.decide_and_write_tasks();
    run.sync_todos();
    run.validate_tasks();
    run.check_promise();
    run.commit();
  } catch (const std::exception& e) {
    out.error = ApplyError{run.stage, e.what()};
    if (req.commit && !out.commit) {
      out.commit_reason = run.stage == "commit"
                              ? std::string("the commit failed: ") + e.what()
                              : "not attempted: the " + run.stage + " step failed";
    }
  }
  return out;
}

}  // namespace wildplan
