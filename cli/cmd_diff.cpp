// wildplan diff OLD NEW [--reply FILE] [--json]: what changed between two task lists, task by
// task, matched as diff.hpp says. Exit 0 when equal, 1 when different, 2 on errors (as diff).
#include <filesystem>
#include <memory>

#include "command.hpp"
#include "reply_input.hpp"
#include "task_cmd.hpp"
#include "task_file.hpp"
#include "wildplan/diff.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/git.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

namespace fs = std::filesystem;

struct DiffOptions {
  std::vector<std::string> sides;
  std::optional<std::string> reply;
  bool json = false;
  ReplyFlags reply_flags;
};

/// One side: its source and the span holding the task list.
struct Side {
  std::unique_ptr<Source> src;
  std::optional<Span> range;
};

/// A path, `-`, `REV:PATH` (a revision, read with libgit2), `:PATH` (the staged blob).
Side read_side(const std::string& spec) {
  Side s;
  std::error_code ec;
  const auto colon = spec.find(':');
  if (spec != "-" && colon != std::string::npos && !fs::exists(spec, ec)) {
    const Repository repo(".");
    s.src = std::make_unique<Source>(spec, repo.read_blob(spec));
  } else {
    s.src = std::make_unique<Source>(read_source(spec));
  }
  return s;
}

/// The plan of a reply (a transcript's: in its answer text).
Side reply_side(const std::string& file, const ReplyFlags& flags, Terminal& term) {
  Side s;
  ReplyInput in = read_reply(file, flags, term);
  const Reply r = extract_reply(*in.source, in.options);
  if (!r.plan()) throw UsageError("--reply '" + file + "' holds no usable <plan>");
  s.src = std::make_unique<Source>(r.text(*in.source));
  s.range = plan_body(*s.src, *r.plan());
  return s;
}

std::string where(const Source& src, const Task& t) {
  return escape_for_terminal(src.name()) + ":" + std::to_string(t.pos.line);
}

std::string label(const Task& t) {
  return (t.id.empty() ? "#" + std::to_string(t.ordinal) : t.id) + " " +
         escape_for_terminal(t.title);
}

std::string phase_of(const Plan& p, const Task& t) {
  return t.phase ? p.phases[*t.phase].number : "-";
}

int run_diff(const DiffOptions& o, Terminal& term) {
  if (o.sides.size() + (o.reply ? 1 : 0) != 2 && !(o.reply && o.sides.empty())) {
    throw UsageError(
        "name two sides: OLD NEW, or [OLD] --reply FILE (OLD defaults to the task file)");
  }
  Side old_side = read_side(o.sides.empty() ? default_task_file() : o.sides[0]);
  if (!o.reply) check_reply_flags_unused(o.reply_flags, "--reply FILE");
  Side new_side = o.reply ? reply_side(*o.reply, o.reply_flags, term) : read_side(o.sides[1]);
  const PlanComparison cmp =
      compare_plans(*old_side.src, old_side.range, *new_side.src, new_side.range);
  const Plan& before = cmp.before;
  const Plan& after = cmp.after;
  const PlanDiff& d = cmp.diff;
  const bool different = !cmp.equal();
  if (o.json) {
    write_diff_json(cmp, [&](std::string_view s) { term.out(s); });
    return different ? kExitProblems : kExitOk;
  }
  std::string out;
  if (cmp.goal_changed()) {
    out += "goal changed: '" + escape_for_terminal(*cmp.old_goal) + "' -> '" +
           escape_for_terminal(*cmp.new_goal) + "'\n";
  }
  for (const Change& c : d.changes) {
    const Task* a = c.before ? &before.tasks[*c.before] : nullptr;
    const Task* b = c.after ? &after.tasks[*c.after] : nullptr;
    switch (c.kind) {
      case ChangeKind::Added:
        out += where(*new_side.src, *b) + ": added " + label(*b) + "\n";
        break;
      case ChangeKind::Removed:
        out += where(*old_side.src, *a) + ": removed " + label(*a) + "\n";
        break;
      case ChangeKind::StatusChanged:
        out += where(*new_side.src, *b) + ": " + to_string(a->status) + " -> " +
               to_string(b->status) + " " + label(*b) + "\n";
        break;
      case ChangeKind::Reworded:
        out += where(*new_side.src, *b) + ": reworded " + label(*b) + " (was '" +
               escape_for_terminal(a->title) + "')\n";
        break;
      case ChangeKind::Moved:
        out += where(*new_side.src, *b) + ": moved " + label(*b) + " from phase " +
               phase_of(before, *a) + " to " + phase_of(after, *b) + "\n";
        break;
      case ChangeKind::FieldsChanged:
        out += where(*new_side.src, *b) + ": fields changed " + label(*b) + "\n";
        break;
    }
  }
  term.out(out);
  return different ? kExitProblems : kExitOk;
}

}  // namespace

Command make_diff(CLI::App& app) {
  auto o = std::make_shared<DiffOptions>();
  CLI::App* sub = app.add_subcommand("diff", "what changed between two task lists, task by task");
  sub->add_option("sides", o->sides,
                  "OLD NEW: a path, '-', REV:PATH (a git revision) or :PATH (the staged file)");
  sub->add_option("--reply", o->reply,
                  "NEW is the plan selected from this reply (or JSON-lines transcript)");
  add_reply_flags(sub, o->reply_flags);
  sub->add_flag("--json", o->json, "print JSON");
  sub->footer(
      "Tasks match by id, then by text, then by similar wording (position breaks ties).\n"
      "Exit 0 when equal, 1 when different, 2 on errors.\n"
      "Examples:\n  wildplan diff HEAD:tasks.md tasks.md\n  wildplan diff tasks.md --reply "
      "reply.txt\n");
  return {sub, [o](Terminal& term) { return run_diff(*o, term); }};
}

}  // namespace wildplan::cli
