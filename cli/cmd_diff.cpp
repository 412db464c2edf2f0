// wildplan diff OLD NEW [--reply FILE] [--json]: what changed between two task lists, task by
// task (diff.hpp's task identity). Exit 0 when equal, 1 when different, 2 on errors (as diff).
#include <filesystem>
#include <memory>

#include "command.hpp"
#include "reply_input.hpp"
#include "task_cmd.hpp"
#include "wildplan/diff.hpp"
#include "wildplan/document.hpp"
#include "wildplan/git.hpp"
#include "wildplan/render.hpp"
#include "wildplan/workspace.hpp"

namespace wildplan::cli {
namespace {

namespace fs = std::filesystem;

struct DiffOptions {
  std::vector<std::string> sides;
  std::optional<std::string> reply, config;
  bool json = false;
  ReplyFlags reply_flags;
};

/// A side: a path, `-`, `REV:PATH` (a revision, read with libgit2), `:PATH` (the staged blob),
/// read with the status map of the configuration.
Document read_side(const std::string& spec, const Config& config) {
  std::error_code ec;
  const ParseOptions options{config.statuses};
  if (spec != "-" && spec.find(':') != std::string::npos && !fs::exists(spec, ec)) {
    const Repository repo(".");
    return parse_document(std::make_shared<const Source>(spec, repo.read_blob(spec)), {}, options);
  }
  return read_document(spec, options);
}

int run_diff(const DiffOptions& o, Terminal& term) {
  if (o.sides.size() + (o.reply ? 1 : 0) != 2 && !(o.reply && o.sides.empty())) {
    throw UsageError(
        "name two sides: OLD NEW, or [OLD] --reply FILE (OLD defaults to the task file)");
  }
  if (!o.reply) check_reply_flags_unused(o.reply_flags, "--reply FILE");
  LocateRequest where;
  if (!o.sides.empty()) where.task_file = o.sides[0];
  where.config = o.config;
  const Workspace w = locate_workspace(where, term);
  Document before = read_side(w.task_file, w.config);
  Document after;
  std::optional<Reply> reply;
  if (o.reply) {
    reply = read_reply(*o.reply, o.reply_flags, w.config, term);
    if (!reply->plan) throw UsageError("--reply '" + *o.reply + "' holds no usable <plan>");
    after = std::move(*reply->plan);
  } else {
    after = read_side(o.sides[1], w.config);
  }
  const Comparison cmp = compare(std::move(before), std::move(after));
  if (o.json) {
    write_diff_json(cmp, [&](std::string_view s) { term.out(s); });
  } else {
    term.out(render_diff_text(cmp));
  }
  return cmp.equal() ? kExitOk : kExitProblems;
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
  sub->add_option("--config", o->config,
                  "a configuration file, for its status map (default: .wildplan.json found "
                  "upward from OLD)");
  sub->add_flag("--json", o->json, "print JSON");
  sub->footer(
      "Tasks match by text, then by id (sharing a word), then by similar wording (position "
      "breaks ties).\n"
      "Exit 0 when equal, 1 when different, 2 on errors.\n"
      "Examples:\n  wildplan diff HEAD:tasks.md tasks.md\n  wildplan diff tasks.md --reply "
      "reply.txt\n");
  return {sub, [o](Terminal& term) { return run_diff(*o, term); }};
}

}  // namespace wildplan::cli
