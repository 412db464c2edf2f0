// apply_reply(): the loop's post-iteration step as one library call (loop.hpp). The steps run in
// order, each named; a failure of the environment in one is recorded with its name, the steps
// after it are not attempted, and everything done before it stays in the outcome, so that the
// caller can always report the whole of it (the loop must learn what happened to tasks.md even
// when the commit fails).
#include <filesystem>

#include "loop/apply_steps.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/loop.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

/// The directory holding `.git` at or above `dir`, if any (without loading libgit2: apply
/// without --commit never needs it).
std::optional<fs::path> repository_top(const fs::path& dir) {
  std::error_code ec;
  for (fs::path p = fs::absolute(dir, ec); !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p;
    if (p == p.parent_path()) break;
  }
  return std::nullopt;
}

std::string task_path(const ApplyRequest& r) {
  if (r.tasks) return *r.tasks;
  if (!r.session) return "tasks.md";
  const std::string session = sanitize_line(*r.session);
  if (session.empty() || session.find('/') != std::string::npos || session == "." ||
      session == "..") {
    throw Error("--session '" + *r.session + "' cannot name a directory under .agents/wild/");
  }
  const auto top = repository_top(r.repo);
  return ((top ? *top : fs::absolute(r.repo)) / ".agents" / "wild" / session / "tasks.md")
      .lexically_normal()
      .string();
}

/// The configuration: the file named, else the first `.wildplan.json` upward from `dir`, else
/// the defaults. An invalid one adds its diagnostics and throws.
Config load_config(const std::optional<std::string>& named, const fs::path& dir,
                   std::vector<Diagnostic>& diagnostics) {
  std::optional<std::string> path = named;
  std::error_code ec;
  for (fs::path p = fs::absolute(dir, ec); !path && !p.empty(); p = p.parent_path()) {
    if (fs::is_regular_file(p / ".wildplan.json", ec)) path = (p / ".wildplan.json").string();
    if (p == p.parent_path()) break;
  }
  if (!path) return {};
  Parsed<Config> parsed = parse_config(read_source(*path));
  if (!parsed) {
    diagnostics.insert(diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
    throw Error("invalid configuration '" + *path + "'");
  }
  return std::move(*parsed.value);
}

/// From iteration 1 on the prompt asks for no plan: a reply without one is the normal case.
void missing_plan_is_normal(std::vector<Diagnostic>& diagnostics) {
  for (Diagnostic& d : diagnostics) {
    if (d.rule != "plan-missing") continue;
    d.severity = Severity::Note;
    d.message = d.message.substr(0, d.message.find(':')) +
                ": none is needed after iteration 0 (tasks.md is the agent's)";
  }
}

/// The reply's line of the plan's first line: the plan's task lines, counted from it, become
/// the reply's, where the user finds them.
std::uint32_t first_plan_line(const Source& reply, const Block& block) {
  const Span body = plan_body(reply, block);
  const std::string_view s = reply.text(body);
  const std::size_t k = s.find_first_not_of(" \t\r\n\f\v");
  return reply.position(body.begin + (k == std::string_view::npos ? 0 : k)).line;
}

}  // namespace

std::uint32_t ApplyOutcome::plan_line() const {
  const Block* b = extracted.plan();
  if (!b || !reply) return 0;
  if (extracted.transcript) return extracted.transcript->origin(b->open.begin).line;
  return reply->position(b->open.begin).line;
}

ApplyOutcome apply_reply(const ApplyRequest& req) {
  ApplyOutcome out;
  out.iteration = req.iteration;
  out.commit_reason = req.commit ? "" : "not asked to commit (--commit)";
  std::string stage = "request";
  try {
    if (req.iteration < 0) throw Error("--iteration must be 0 or more");
    CommitRequest commit;
    if (req.author) {
      commit.author = parse_identity(*req.author);
      if (!commit.author) throw Error("--author takes 'Name <email>'");
    }
    out.tasks_path = task_path(req);

    stage = "reply";
    out.reply.emplace(read_source(req.reply));
    std::optional<Source> prompt;
    if (req.prompt) {
      stage = "prompt";
      prompt.emplace(read_source(*req.prompt));
    } else if (req.prompt_template) {
      stage = "prompt";
      prompt.emplace(render_prompt_file(read_source(*req.prompt_template), req.template_values,
                                        *req.prompt_template));
    }
    ExtractOptions eo;
    eo.prompt = prompt ? &*prompt : nullptr;
    eo.format = req.input_format;
    out.extracted = extract_reply(*out.reply, eo);
    const Source& text = out.extracted.text(*out.reply);  // a transcript's: its answer text
    out.diagnostics = out.extracted.diagnostics;
    if (req.iteration > 0) missing_plan_is_normal(out.diagnostics);
    std::optional<std::string> plan_md;
    if (const Block* b = out.extracted.plan()) plan_md = plan_markdown(text, *b);

    stage = "config";
    const fs::path dir = fs::path(out.tasks_path).parent_path();
    const Config config = load_config(req.config, dir.empty() ? "." : dir, out.diagnostics);
    apply_rule_settings(config, out.diagnostics);  // the reply's, so far

    // What tasks.md holds, and whether it is there, is read under the lock its write takes:
    // a tasks.md the agent creates meanwhile is seen, never overwritten as if absent. Without
    // a plan nothing is written, and no lock is taken.
    stage = "tasks";
    DecideOptions how;
    how.iteration = req.iteration;
    how.replan = req.replan;
    how.statuses = config.statuses;
    if (plan_md) {
      LockOptions lock;
      lock.create = true;
      lock.timeout = req.lock_timeout;
      out.written = update_file(
          out.tasks_path,
          [&](const Source& current, bool existed) {
            out.existed = existed;
            out.decision = decide_tasks(&*plan_md, existed ? &current : nullptr, how);
            if (out.decision.bytes) {
              out.tasks.emplace(out.tasks_path, *out.decision.bytes);
            } else if (existed) {
              out.tasks.emplace(current);
            }
            return out.decision.bytes;
          },
          lock);
      // A transcript's plan keeps its answer text's lines: a JSON line holds many of them.
      if (!out.extracted.transcript) {
        const std::uint32_t shift = first_plan_line(text, *out.extracted.plan()) - 1;
        for (Task& t : out.decision.plan.tasks) t.pos.line += shift;
      }
    } else {
      std::error_code ec;
      out.existed = fs::exists(out.tasks_path, ec);
      if (out.existed) out.tasks.emplace(read_source(out.tasks_path));
      out.decision = decide_tasks(nullptr, out.tasks ? &*out.tasks : nullptr, how);
    }

    detail::sync_todos_step(req, config, out);

    // Validate what tasks.md now is.
    std::optional<std::string> file_goal;  // the subject, when no goal is given
    if (out.tasks) {
      const Parsed<Plan> parsed =
          parse_plan(*out.tasks, std::nullopt, ParseOptions{config.statuses});
      out.counts = parsed.value->counts();
      if (const Section* goal = parsed.value->section("goal"))
        file_goal = sanitize_line(out.tasks->text(goal->body));
      ValidateOptions vo;
      vo.config = &config;
      vo.goal = req.goal;
      out.validation = validate(*out.tasks, *parsed.value, parsed.diagnostics, vo);
      out.diagnostics.insert(out.diagnostics.end(), out.validation->diagnostics.begin(),
                             out.validation->diagnostics.end());
    }
    detail::promise_step(config, out);

    if (!req.commit) return out;
    stage = "commit";
    if (req.fail_on_error && out.has_problems()) {
      out.commit_reason = "not committed: the validation found errors (--fail-on-error)";
      return out;
    }
    std::size_t total = 0;
    for (std::size_t c : out.counts) total += c;
    const auto count = [&](Status s) { return out.counts[static_cast<int>(s)]; };
    commit.message =
        commit_message(commit_subject(req.iteration, req.goal.value_or(file_goal.value_or(""))),
                       {{"Wild-Session", req.session.value_or("")},
                        {"Wild-Iteration", std::to_string(req.iteration)},
                        {"Tasks", std::to_string(count(Status::Done)) + "/" +
                                      std::to_string(total - count(Status::Cancelled)) + " done"}});
    commit.from_snapshot = req.from_snapshot;
    commit.lock_timeout = req.lock_timeout;
    Repository repo(req.repo);
    const auto tasks_before = detail::task_file_at_head(repo, out);
    out.commit = repo.commit(commit);
    detail::checked_without_change_step(tasks_before, repo, config, out);
    out.commit_reason = out.commit->committed ? "" : "nothing to commit";
    if (req.from_snapshot) {
      // The next iteration's commit leaves out what is left out now: the snapshot starts here,
      // as a `snapshot` at the next iteration's start would. Not after a failed commit: the
      // iteration's work would then be left out of the next one.
      stage = "snapshot";
      repo.write_snapshot();
      out.snapshot_renewed = true;
    }
  } catch (const std::exception& e) {
    out.error = ApplyError{stage, e.what()};
    if (req.commit && !out.commit) {
      out.commit_reason = stage == "commit" ? std::string("the commit failed: ") + e.what()
                                            : "not attempted: the " + stage + " step failed";
    }
  }
  return out;
}

}  // namespace wildplan
