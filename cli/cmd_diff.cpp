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

std::optional<std::string> goal_of(const Source& src, const Plan& plan) {
  if (const Section* goal = plan.section("goal")) return sanitize_line(src.text(goal->body));
  return std::nullopt;
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
  const Plan before = *parse_plan(*old_side.src, old_side.range).value;
  const Plan after = *parse_plan(*new_side.src, new_side.range).value;
  const PlanDiff d = diff_plans(before, after);
  const auto old_goal = goal_of(*old_side.src, before);
  const auto new_goal = goal_of(*new_side.src, after);
  const bool goal_changed = old_goal && new_goal && *old_goal != *new_goal;
  const bool different = !d.empty() || goal_changed;
  if (o.json) {
    std::string out = "{\n  \"version\": 1,\n  \"kind\": \"diff\",\n  \"old\": " +
                      json_quote(old_side.src->name()) +
                      ",\n  \"new\": " + json_quote(new_side.src->name()) +
                      ",\n  \"equal\": " + (different ? "false" : "true") + ",\n  \"goal\": ";
    out += goal_changed
               ? "{\"old\": " + json_quote(*old_goal) + ", \"new\": " + json_quote(*new_goal) + "}"
               : "null";
    out += ",\n  \"changes\": [";
    for (std::size_t i = 0; i < d.changes.size(); ++i) {
      const Change& c = d.changes[i];
      const Task* a = c.before ? &before.tasks[*c.before] : nullptr;
      const Task* b = c.after ? &after.tasks[*c.after] : nullptr;
      const Task* t = b ? b : a;
      out += std::string(i ? "," : "") + "\n    {\"kind\": \"" + to_string(c.kind) +
             "\", \"id\": " + json_quote(t->id) + ", \"title\": " + json_quote(t->title) +
             ", \"old_line\": " + (a ? std::to_string(a->pos.line) : "null") +
             ", \"new_line\": " + (b ? std::to_string(b->pos.line) : "null");
      if (c.kind == ChangeKind::StatusChanged) {
        out += std::string(", \"from\": \"") + to_string(a->status) + "\", \"to\": \"" +
               to_string(b->status) + "\"";
      } else if (c.kind == ChangeKind::Reworded) {
        out += ", \"from\": " + json_quote(a->title) + ", \"to\": " + json_quote(b->title);
      } else if (c.kind == ChangeKind::Moved) {
        out += ", \"from\": " + json_quote(phase_of(before, *a)) +
               ", \"to\": " + json_quote(phase_of(after, *b));
      }
      out += "}";
    }
    out += d.changes.empty() ? "]\n}\n" : "\n  ]\n}\n";
    term.out(out);
    return different ? kExitProblems : kExitOk;
  }
  std::string out;
  if (goal_changed) {
    out += "goal changed: '" + escape_for_terminal(*old_goal) + "' -> '" +
           escape_for_terminal(*new_goal) + "'\n";
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
