// wildplan history [FILE] [--repo DIR] [--session ID] [--since REV] [--all-parents] [--json]
// [--stalled N] [--svg FILE] [--html FILE]: how the task file went, commit by commit. Exit 1 when
// --stalled finds the loop stalled, 2 on errors.
#include <memory>

#include "command.hpp"
#include "task_cmd.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/history.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct HistoryOptions {
  std::string file;
  std::string repo = ".";
  std::optional<std::string> session, since, config, svg, html;
  std::optional<std::size_t> stalled;
  bool all_parents = false;
  bool json = false;
};

void write_file(const std::string& path, std::string bytes, Terminal& term) {
  LockOptions lock;
  lock.create = true;
  update_file(
      path, [&](const Source&) -> std::optional<std::string> { return std::move(bytes); }, lock);
  term.info("wrote " + escape_for_terminal(path));
}

int run_history(const HistoryOptions& o, Terminal& term) {
  if ((o.svg && *o.svg == "-" ? 1 : 0) + (o.html && *o.html == "-" ? 1 : 0) + (o.json ? 1 : 0) > 1)
    throw UsageError("only one of --json, --svg - and --html - can go to standard output");
  LocateRequest where;
  if (!o.file.empty()) where.task_file = o.file;
  where.session = o.session;
  where.config = o.config;
  where.dir = o.repo;
  const Workspace w = locate_workspace(where, term);
  HistoryRequest req;
  req.file = w.task_file;
  req.repo = o.repo;
  req.session = o.session;
  req.since = o.since;
  req.all_parents = o.all_parents;
  req.stalled = o.stalled;
  req.statuses = w.config.statuses;

  const History h = history(req);

  bool report = true;  // the table (or the JSON) on standard output
  for (const auto& [path, render] :
       {std::pair{o.svg, &render_history_svg}, std::pair{o.html, &render_history_html}}) {
    if (!path) continue;
    if (*path == "-") {
      term.out(render(h));
      report = false;
    } else {
      write_file(*path, render(h), term);
    }
  }
  if (o.json) {
    write_history_json(h, [&](std::string_view s) { term.out(s); });
  } else if (report) {
    term.out(render_history_text(h));
  }
  return h.stall && h.stall->stalled() ? kExitProblems : kExitOk;
}

}  // namespace

Command make_history(CLI::App& app) {
  auto o = std::make_shared<HistoryOptions>();
  CLI::App* sub =
      app.add_subcommand("history", "how the task file went, commit by commit; stall checks");
  sub->add_option("file", o->file,
                  "the task file (default: the session's, else as for list: $WILDPLAN_TASKS, "
                  "tasks.md in --repo, the one .agents/wild/*/tasks.md)");
  sub->add_option("--repo", o->repo, "a directory inside the repository")->capture_default_str();
  sub->add_option("--session", o->session,
                  "the loop's session: its tasks.md, and whose iteration commits count");
  sub->add_option("--since", o->since, "only the commits after this revision");
  sub->add_flag("--all-parents", o->all_parents,
                "follow every parent of a merge, not only the first");
  sub->add_option("--stalled", o->stalled,
                  "exit 1 when the last N iterations stalled: no task advanced, a task in "
                  "progress for N, or tasks that came and went undone outnumber those advanced")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  sub->add_option("--svg", o->svg, "write the burndown chart as SVG ('-': standard output)");
  sub->add_option("--html", o->html, "write a self-contained HTML page ('-': standard output)");
  sub->add_option("--config", o->config,
                  "a configuration file (default: .wildplan.json found upward)");
  sub->add_flag("--json", o->json, "print JSON (its JSON Schema is in schemas/)");
  sub->footer(
      "Examples:\n"
      "  wildplan history\n"
      "  wildplan history --session s-7f3a --stalled 3     (exit 1: stalled)\n"
      "  wildplan history tasks.md --svg burndown.svg --html history.html\n"
      "  wildplan history --json --since HEAD~20\n");
  return {sub, [o](Terminal& term) { return run_history(*o, term); }};
}

}  // namespace wildplan::cli
