// wildplan apply --reply FILE: the loop's post-iteration step (apply_reply() in loop.hpp), and
// its report: the whole JSON document with --json on every exit, 2 included.
#include <algorithm>
#include <memory>

#include "command.hpp"
#include "prompt_vars.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct ApplyOptions {
  ApplyRequest request;
  std::string input_format = "auto";
  std::string profile = "auto";
  bool json = false;
  double lock_timeout = 5.0;
  std::string sync_todos;  ///< "", "mark" (--sync-todos) or "add" (--sync-todos=add)
  TemplateVarFlags vars;   ///< --prompt-template's values
  bool fail_on_false_done = false;
};

/// A DONE the task file does not bear out (promise-done-open-tasks, left on by the
/// configuration).
bool false_done(const ApplyOutcome& out) {
  return std::any_of(out.diagnostics.begin(), out.diagnostics.end(),
                     [](const Diagnostic& d) { return d.rule == "promise-done-open-tasks"; });
}

int run_apply(ApplyOptions o, Terminal& term) {
  o.request.input_format = input_format_from_string(o.input_format).value_or(InputFormat::Auto);
  if (o.profile != "auto") o.request.profile = profile_from_string(o.profile);
  o.request.lock_timeout = std::chrono::milliseconds(static_cast<long>(o.lock_timeout * 1000));
  if (!o.sync_todos.empty()) o.request.sync_todos = todo_sync_mode_from_string(o.sync_todos);
  if (o.request.prompt && o.request.prompt_template)
    throw OptionError("--prompt and --prompt-template both name the prompt: give one");
  if (o.vars.any() && !o.request.prompt_template)
    throw OptionError("--var and --vars give a --prompt-template's values: add --prompt-template");
  o.request.template_values = read_template_vars(o.vars, term);
  const ApplyOutcome out = apply_reply(o.request);
  if (o.json) {
    write_apply_json(out, [&](std::string_view s) { term.out(s); });
  } else {
    term.out(render_apply_text(out, term.style(term.out_stream())));
  }
  if (out.failed()) {
    term.error(out.error->stage + ": " + out.error->message);
    return kExitFailure;
  }
  if (o.fail_on_false_done && false_done(out)) return kExitProblems;
  return out.has_problems() ? kExitProblems : kExitOk;
}

}  // namespace

Command make_apply(CLI::App& app) {
  auto o = std::make_shared<ApplyOptions>();
  ApplyRequest& r = o->request;
  CLI::App* sub = app.add_subcommand(
      "apply", "the loop's post-iteration step: plan -> tasks.md -> validate -> commit");
  sub->add_option("--reply", r.reply, "the agent's reply ('-': standard input)")->required();
  sub->add_option("--prompt", r.prompt,
                  "the prompt the loop sent: where the reply echoes it, nothing is a plan or a "
                  "signal");
  sub->add_option("--prompt-template", r.prompt_template,
                  "the prompt as a template (front matter declaring variables, {{name}} "
                  "placeholders): rendered with --var/--vars, it is the prompt --prompt names");
  add_template_var_flags(sub, o->vars);
  one_of(sub->add_option("--input-format", o->input_format,
                  "text, jsonl (an agent CLI's JSON-lines transcript, read by speaker) or auto"),
         {"auto", "text", "jsonl"})
      ->capture_default_str();
  sub->add_option("--tasks", r.tasks,
                  "the task file (default: .agents/wild/<session>/tasks.md, or as found)");
  sub->add_option("--repo", r.repo,
                  "the repository (default: the one holding the current directory)");
  sub->add_option("--iteration", r.iteration,
                  "the loop's iteration. Default 0, the strict choice: apply acts as the "
                  "planning step, where a missing <plan> is an error and the plan is written "
                  "over a missing tasks.md or the loop's placeholder. From 1 on, tasks.md is the "
                  "agent's: no plan is needed (a missing one is a note) and one never rewrites "
                  "it without --replan. Pass it every iteration; the commit carries it")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--session", r.session,
                  "the session id, for the task file's place and the commit");
  sub->add_option("--goal", r.goal, "the goal, for goal-mismatch and the commit subject");
  one_of(sub->add_option("--profile", o->profile,
                         "the rules tasks.md is held to: v2-planning, v2-phased, v2-compact, "
                         "generic, or auto (the configuration's, else the loop's own: v2-phased "
                         "or v2-compact for a phased plan, else v2-planning)"),
         {"auto", "v2-planning", "v2-phased", "v2-compact", "generic"})
      ->capture_default_str();
  sub->add_option("--author", r.author, "'Name <email>' for the commit");
  sub->add_option("--config", r.config,
                  "a configuration file (default: .wildplan.json found upward)");
  sub->add_flag("--commit", r.commit, "commit the work tree afterwards");
  sub->add_flag("--paths-from-snapshot", r.from_snapshot,
                "leave out of the commit the paths the snapshot holds (until a person commits "
                "them), then renew it (one 'wildplan snapshot' per session)");
  sub->add_option("--exclude", r.exclude,
                  "leave out of the commit what this pattern matches (repeatable; see 'commit "
                  "--help')")
      ->type_name("PATTERN")
      ->allow_extra_args(false);
  sub->add_flag("--replan", r.replan,
                "merge the plan into tasks.md: the plan's tasks and phases, statuses carried "
                "over, started and done tasks and other sections kept, open tasks it drops "
                "removed");
  sub->add_flag("--fail-on-error", r.fail_on_error,
                "do not commit when the validation finds errors");
  one_of(sub->add_flag("--sync-todos{mark}", o->sync_todos,
                       "carry the agent's todo list (its todo tool calls in a transcript) into "
                       "tasks.md: start or check matched tasks, never uncheck, reword or delete; "
                       "=add also adds each todo that names no task"),
         {"mark", "add"});
  sub->add_flag("--fail-on-false-done", o->fail_on_false_done,
                "exit 1 when the reply promises DONE and tasks.md still has open tasks "
                "(promise-done-open-tasks), so that the loop keeps going");
  add_lock_timeout(sub, o->lock_timeout, "a held lock on tasks.md, then on the index");
  sub->add_flag("--json", o->json,
                "print one JSON document, on every exit (its JSON Schema is in schemas/)");
  sub->footer(
      "Exit 0: done, no error diagnostics; 1: error diagnostics (at iteration 0, no usable "
      "<plan>); 2: a step failed (the document's 'error' names it: request, config, tasks, "
      "reply, prompt, repository, commit, snapshot).\n"
      "Examples:\n"
      "  wildplan apply --reply out.txt --session s1 --iteration 0 --commit --json\n"
      "  wildplan apply --reply out.txt --session s1 --iteration 3 --replan\n"
      "  wildplan apply --reply session.jsonl --session s1 --iteration 4 --sync-todos "
      "--fail-on-false-done");
  return {sub, [o](Terminal& term) { return run_apply(*o, term); }};
}

}  // namespace wildplan::cli
