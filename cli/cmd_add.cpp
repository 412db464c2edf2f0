// wildplan add TEXT... [--phase N | --after ID | --under ID] [--field K=V]...: one new task line,
// in the style of its neighbours; prints its id.
#include <memory>

#include "command.hpp"
#include "task_cmd.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/render.hpp"
#include "words.hpp"

namespace wildplan::cli {
namespace {

struct AddOptions {
  TaskFileOptions file;
  std::vector<std::string> words;  // the text, given with or without quotes
  std::optional<std::string> phase, after, under;
  std::vector<std::string> fields;  // K=V
  bool dry_run = false;
  bool force = false;
  double lock_timeout = 5.0;
};

std::string checked_text(const AddOptions& o) {
  const std::string text = join_words(o.words);
  if (text.find_first_of("\r\n") != std::string::npos)
    throw OptionError("a task is one line: TEXT holds a line break");
  if (text.find_first_not_of(" \t") == std::string::npos)
    throw OptionError("a task needs text: TEXT is empty");
  if ((o.phase ? 1 : 0) + (o.after ? 1 : 0) + (o.under ? 1 : 0) > 1) {
    throw OptionError("--phase, --after and --under name one place: give one of them");
  }
  return text;
}

/// Where the options put the new task, resolved in `plan`.
Placement placement(const AddOptions& o, const Plan& plan) {
  Placement where;
  where.phase = o.phase;
  for (auto [ref, slot] : {std::pair{&o.after, &where.after}, std::pair{&o.under, &where.under}}) {
    if (!*ref) continue;
    const Resolution r = resolve_task(plan, **ref);
    if (!r.index) throw UsageError(r.error);
    *slot = r.index;
  }
  if (o.phase) require_phase(plan, *o.phase);
  return where;
}

/// The fields the profile requires that the command line does not give (a subtask needs none).
std::string missing_fields(const Plan& plan, const Config& config,
                           const std::vector<FieldValue>& given, const Placement& where) {
  if (where.under || (where.after && plan.tasks[*where.after].parent)) return {};
  std::string missing;
  for (const std::string& key : required_fields(plan, config)) {
    const bool has = std::any_of(given.begin(), given.end(),
                                 [&](const FieldValue& f) { return f.key == key; });
    if (!has) missing += " --field " + key + "=...";
  }
  return missing;
}

int run_add(const AddOptions& o, Terminal& term) {
  const std::string text = checked_text(o);
  const std::vector<FieldValue> fields = field_values(o.fields, false);
  const TaskFile tf = find_task_file(o.file, term);
  NewTask added;
  AddOutcome outcome;
  auto change = [&](const Source& src) -> std::optional<std::string> {
    const Plan plan = parse_tasks(src, tf.config);
    const Placement where = placement(o, plan);
    if (const std::string missing = missing_fields(plan, tf.config, fields, where);
        !missing.empty() && !o.force) {
      outcome.refused = "a task of this phased plan (v2-phased) needs its deliverable and "
                        "done-when: give" + missing + " (or --force to add it without)";
      return std::nullopt;
    }
    added = add_task(src, plan, text, where, fields);
    return apply_edits(src.bytes(), {added.edit});
  };
  outcome.file = tf.path;
  outcome.dry_run = o.dry_run;
  LockOptions lock;
  lock.timeout = std::chrono::milliseconds(static_cast<long>(o.lock_timeout * 1000));
  const FileChange done = change_file(tf.path, change, o.dry_run, lock);
  outcome.written = done.written;
  outcome.diff = done.diff;
  outcome.id = added.id;
  outcome.line = added.line;
  if (!outcome.refused.empty()) term.error("not added: " + outcome.refused);
  if (o.file.json) {
    write_add_json(outcome, [&](std::string_view s) { term.out(s); });
  } else if (o.dry_run) {
    term.out(outcome.diff);
  } else if (outcome.refused.empty()) {
    term.out(
        (added.id.empty() ? "line " + std::to_string(added.line) : escape_for_terminal(added.id)) +
        "\n");
  }
  return outcome.refused.empty() ? kExitOk : kExitProblems;
}

}  // namespace

Command make_add(CLI::App& app) {
  auto o = std::make_shared<AddOptions>();
  CLI::App* sub = app.add_subcommand("add", "add a task, in the style of its neighbours");
  sub->add_option("text", o->words,
                  "the task's text (without a box or an id): the words that are no option, no "
                  "quotes needed; after '--', every word, even one that starts with '-'")
      ->required();
  sub->add_option("--phase", o->phase, "after the last task of this phase");
  sub->add_option("--after", o->after, "after this task and its subtasks");
  sub->add_option("--under", o->under, "as the last subtask of this task");
  sub->add_option("--field", o->fields, "a field on the new line, KEY=VALUE (repeatable)")
      ->allow_extra_args(false);
  sub->add_flag("--force", o->force,
                "add a task to a phased plan without the deliverable and done-when it requires");
  sub->add_flag("-n,--dry-run", o->dry_run,
                "print the unified diff of what would change (with --json, as the document's "
                "'diff'), change nothing");
  add_lock_timeout(sub, o->lock_timeout, "another writer's lock");
  add_task_file_options(sub, o->file);
  sub->footer(
      "Examples:\n  wildplan add Plot the loss curves --phase 3\n  wildplan add Check seeds "
      "--under P2-T1\n  wildplan add Compare optimisers --field deliverable=cmp.md --field "
      "'done-when=table merged'\n  wildplan add -- -v crashes the parser\n");
  return {sub, [o](Terminal& term) { return run_add(*o, term); }};
}

}  // namespace wildplan::cli
