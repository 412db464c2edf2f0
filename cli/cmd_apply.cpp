// wildplan apply --reply FILE: the loop's post-iteration step. Extract the plan and signals,
// decide what tasks.md becomes (loop.hpp's policy), write it under the lock, validate it, and
// with --commit commit the work tree; report everything, in JSON with --json.
#include <filesystem>
#include <memory>

#include "command.hpp"
#include "commit_cmd.hpp"
#include "task_cmd.hpp"
#include "task_file.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/render.hpp"
#include "wildplan/rules.hpp"

namespace wildplan::cli {
namespace {

namespace fs = std::filesystem;

struct ApplyOptions {
  std::string reply;
  std::optional<std::string> tasks, session, goal, author, config;
  std::string repo = ".";
  int iteration = 0;
  bool commit = false, replan = false, fail_on_error = false, json = false, from_snapshot = false;
};

std::string optional_json(const std::optional<std::string>& s) {
  return s ? json_quote(*s) : "null";
}

std::string diagnostics_json(const std::vector<Diagnostic>& ds) {
  std::string out = "[";
  for (std::size_t i = 0; i < ds.size(); ++i) {
    const Diagnostic& d = ds[i];
    out += std::string(i ? "," : "") + "\n      {\"file\": " + json_quote(d.file) +
           ", \"line\": " + std::to_string(d.begin.line) +
           ", \"column\": " + std::to_string(d.begin.column) + ", \"severity\": \"" +
           to_string(d.severity) + "\", \"rule\": " + json_quote(d.rule) +
           ", \"message\": " + json_quote(d.message) + "}";
  }
  return out + (ds.empty() ? "]" : "\n    ]");
}

int run_apply(const ApplyOptions& o, Terminal& term) {
  const Source reply = read_source(o.reply);
  const Reply r = extract_reply(reply);
  std::optional<std::string> plan_md;
  if (r.plan()) plan_md = plan_markdown(reply, *r.plan());

  // The task file: --tasks, else the loop's layout for --session, else the one found.
  std::string path;
  if (o.tasks) {
    path = *o.tasks;
  } else if (o.session) {
    const auto root = repository_root(o.repo);
    std::string session = sanitize_line(*o.session);
    if (session.empty() || session.find('/') != std::string::npos || session == "." ||
        session == "..") {
      throw UsageError("--session '" + *o.session +
                       "' cannot name a directory under .agents/wild/");
    }
    path = ((root ? *root : fs::absolute(o.repo)) / ".agents" / "wild" / session / "tasks.md")
               .lexically_normal()
               .string();
  } else {
    try {
      path = default_task_file();
    } catch (const UsageError&) {
      path = "tasks.md";
    }
  }
  const fs::path dir = fs::path(path).parent_path();
  const Config config = load_config(o.config, dir.empty() ? "." : dir, term).config;

  // Decide and write under the lock: the decision sees the file as it is at that moment.
  TasksDecision decision;
  bool written = false;
  std::error_code ec;
  const bool existed = fs::exists(path, ec);
  if (plan_md || existed) {
    LockOptions lock;
    lock.create = true;
    written = update_file(
        path,
        [&](const Source& current) {
          const bool have = existed && fs::exists(path);
          decision =
              decide_tasks(plan_md ? &*plan_md : nullptr, have ? &current : nullptr, o.replan);
          return decision.bytes;
        },
        lock);
  } else {
    decision = decide_tasks(nullptr, nullptr, o.replan);
  }

  // Validate what tasks.md now is.
  std::vector<Diagnostic> diagnostics = r.diagnostics;
  std::array<std::size_t, kStatusCount> counts{};
  std::optional<Validation> validation;
  std::optional<Source> tasks_src;
  std::optional<std::string> file_goal;  // the Goal section: the subject when --goal is not given
  if (fs::exists(path, ec)) {
    tasks_src.emplace(read_source(path));
    ParseOptions po;
    po.statuses = config.statuses;
    const Parsed<Plan> parsed = parse_plan(*tasks_src, std::nullopt, po);
    counts = parsed.value->counts();
    if (const Section* goal = parsed.value->section("goal")) {
      file_goal = sanitize_line(tasks_src->text(goal->body));
    }
    ValidateOptions vo;
    vo.config = &config;
    vo.goal = o.goal;
    validation = validate(*tasks_src, *parsed.value, parsed.diagnostics, vo);
    diagnostics.insert(diagnostics.end(), validation->diagnostics.begin(),
                       validation->diagnostics.end());
  }
  const bool errors = has_errors(diagnostics);

  // Commit.
  std::optional<CommitResult> committed;
  std::string commit_reason;
  if (o.commit) {
    if (o.fail_on_error && errors) {
      commit_reason = "not committed: the validation found errors (--fail-on-error)";
    } else {
      Repository repo(o.repo);
      std::size_t total = 0;
      for (std::size_t c : counts) total += c;
      CommitRequest plan;
      plan.message = commit_message(
          commit_subject(o.iteration, o.goal.value_or(file_goal.value_or(""))),
          {{"Wild-Session", o.session.value_or("")},
           {"Wild-Iteration", std::to_string(o.iteration)},
           {"Tasks", std::to_string(counts[static_cast<int>(Status::Done)]) + "/" +
                         std::to_string(total - counts[static_cast<int>(Status::Cancelled)]) +
                         " done"}});
      if (o.author) {
        plan.author = parse_identity(*o.author);
        if (!plan.author) throw UsageError("--author takes 'Name <email>'");
      }
      plan.from_snapshot = o.from_snapshot;
      committed = repo.commit(plan);
      commit_reason = committed->committed ? "" : "nothing to commit";
    }
  } else {
    commit_reason = "not asked to commit (--commit)";
  }

  if (o.json) {
    std::string out = "{\n  \"version\": 1,\n  \"kind\": \"apply\",\n";
    out += "  \"reply\": {\"file\": " + json_quote(reply.name()) +
           ", \"plan_found\": " + (r.plan() ? "true" : "false") + ", \"rule\": \"" +
           to_string(r.choice) + "\", \"line\": " +
           (r.plan() ? std::to_string(reply.position(r.plan()->open.begin).line) : "null") +
           ", \"plan_count\": " + std::to_string(r.plan_count()) + "},\n";
    const Signals& s = r.signals;
    out += "  \"signals\": {\"summary\": " + optional_json(s.summary) +
           ", \"promise\": " + optional_json(s.promise) +
           ", \"reflection\": " + optional_json(s.reflection) +
           ", \"continue\": " + (s.continue_ ? (*s.continue_ ? "true" : "false") : "null") +
           ", \"memories\": ";
    if (s.memories) {
      out += "[";
      for (std::size_t i = 0; i < s.memories->size(); ++i) {
        out += std::string(i ? ", " : "") + "{\"tag\": " + json_quote((*s.memories)[i].tag) +
               ", \"text\": " + json_quote((*s.memories)[i].text) + "}";
      }
      out += "]";
    } else {
      out += "null";
    }
    out += "},\n  \"tasks\": {\"file\": " + json_quote(path) + ", \"action\": \"" +
           to_string(decision.action) + "\", \"reason\": " + json_quote(decision.reason) +
           ", \"written\": " + (written ? "true" : "false") + "},\n";
    out += "  \"diff\": [";
    // The diff is tasks.md (before) against the plan (after).
    for (std::size_t i = 0; i < decision.diff.changes.size(); ++i) {
      out += std::string(i ? ", " : "") + "\"" + to_string(decision.diff.changes[i].kind) + "\"";
    }
    out += "],\n  \"counts\": {";
    std::size_t total = 0;
    for (int i = 0; i < kStatusCount; ++i) {
      total += counts[i];
      out += std::string(i ? ", " : "") + "\"" + to_string(static_cast<Status>(i)) +
             "\": " + std::to_string(counts[i]);
    }
    out += ", \"total\": " + std::to_string(total) + "},\n";
    out += "  \"validation\": {\"profile\": " +
           (validation ? json_quote(to_string(validation->profile)) : std::string("null")) +
           ", \"errors\": " + std::to_string(validation ? validation->errors : 0) +
           ", \"warnings\": " + std::to_string(validation ? validation->warnings : 0) + "},\n";
    out += "  \"diagnostics\": " + diagnostics_json(diagnostics) + ",\n";
    out += "  \"commit\": " +
           (committed ? commit_json(*committed, commit_reason)
                      : "{\"committed\": false, \"reason\": " + json_quote(commit_reason) + "}") +
           "\n}\n";
    term.out(out);
  } else {
    if (r.plan()) {
      term.out("plan: " + escape_for_terminal(reply.name()) + ":" +
               std::to_string(reply.position(r.plan()->open.begin).line) + " (" +
               to_string(r.choice) + ")\n");
    } else {
      term.out("plan: none usable in " + escape_for_terminal(reply.name()) + "\n");
    }
    term.out("tasks: " + escape_for_terminal(path) + " " + to_string(decision.action) + ": " +
             decision.reason + "\n");
    term.diagnostics(term.out_stream(), nullptr, diagnostics);
    if (committed) {
      term.out(commit_summary(*committed));
    } else {
      term.out(commit_reason + "\n");
    }
  }
  return errors ? kExitProblems : kExitOk;
}

}  // namespace

Command make_apply(CLI::App& app) {
  auto o = std::make_shared<ApplyOptions>();
  CLI::App* sub = app.add_subcommand(
      "apply", "the loop's post-iteration step: plan -> tasks.md -> validate -> commit");
  sub->add_option("--reply", o->reply, "the agent's reply")->required();
  sub->add_option("--tasks", o->tasks,
                  "the task file (default: .agents/wild/<session>/tasks.md, or as found)");
  sub->add_option("--repo", o->repo,
                  "the repository (default: the one holding the current directory)");
  sub->add_option("--iteration", o->iteration, "the iteration number, for the commit");
  sub->add_option("--session", o->session,
                  "the session id, for the task file's place and the commit");
  sub->add_option("--goal", o->goal, "the goal, for goal-mismatch and the commit subject");
  sub->add_option("--author", o->author, "'Name <email>' for the commit");
  sub->add_option("--config", o->config,
                  "a configuration file (default: .wildplan.json found upward)");
  sub->add_flag("--commit", o->commit, "commit the work tree afterwards");
  sub->add_flag("--paths-from-snapshot", o->from_snapshot,
                "commit only the paths changed since 'wildplan snapshot'");
  sub->add_flag("--replan", o->replan,
                "the plan replaces tasks.md's tasks (statuses carried over)");
  sub->add_flag("--fail-on-error", o->fail_on_error,
                "do not commit when the validation finds errors");
  sub->add_flag("--json", o->json, "print one JSON document (schema in the README)");
  sub->footer(
      "Examples:\n  wildplan apply --reply out.txt --session s1 --iteration 0 --goal \"$GOAL\" "
      "--commit\n  wildplan apply --reply out.txt --tasks tasks.md --replan --json\n");
  return {sub, [o](Terminal& term) { return run_apply(*o, term); }};
}

}  // namespace wildplan::cli
