// wildplan commit and wildplan snapshot: commit the work tree with libgit2, as `git add -A &&
// git commit` would, leaving out what the session's snapshot holds and what --exclude (or the
// configuration's "commit": {"exclude": [...]}) names.
#include <filesystem>
#include <memory>

#include "command.hpp"
#include "commit_cmd.hpp"
#include "wildplan/workspace.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

namespace fs = std::filesystem;

struct CommitOptions {
  std::string message = "wildplan: commit the work tree";
  std::string repo = ".";
  std::optional<std::string> author;
  std::vector<std::string> trailers;
  std::vector<std::string> exclude;
  std::optional<std::string> config;
  bool from_snapshot = false;
  bool verify = false;
  bool json = false;
  double lock_timeout = 5.0;
};

/// Throws UsageError for the first of `patterns` that is not an exclude pattern.
void check_exclude_patterns(const std::vector<std::string>& patterns) {
  for (const std::string& p : patterns) {
    if (const auto error = exclude_pattern_error(p))
      throw UsageError("--exclude '" + p + "': " + *error);
  }
}

/// --exclude's help, the same for every verb that takes it.
constexpr const char* kExcludeHelp =
    "leave out of the commit the paths this pattern matches, even staged ones (repeatable; "
    "git's :(top,glob) pathspec syntax, relative to the work tree's top: 'notes/', '**/*.log')";

}  // namespace

std::string commit_summary(const CommitResult& r) {
  std::string s;
  if (!r.committed) {
    s = "nothing to commit\n";
  } else {
    s = "committed " + r.id.substr(0, 12) +
        (r.detached ? " on a detached HEAD (on no branch)" : " on " + r.branch) +
        (r.first ? " (the first commit)" : "") + ": " + count_of(r.staged.size(), "path") +
        " staged\n";
  }
  for (const LeftOut& l : r.left_out)
    s +=
        "left out (" + std::string(describe(l.reason)) + "): " + escape_for_terminal(l.path) + "\n";
  return s;
}

namespace {

int run_commit(const CommitOptions& o, Terminal& term) {
  Repository repo(o.repo);
  CommitRequest plan;
  std::vector<std::pair<std::string, std::string>> trailers;
  for (const std::string& t : o.trailers) {
    const auto eq = t.find('=');
    if (eq == std::string::npos || eq == 0)
      throw OptionError("--trailer takes KEY=VALUE, not '" + t + "'");
    trailers.emplace_back(t.substr(0, eq), t.substr(eq + 1));
  }
  std::string message = o.message;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  plan.message = message + "\n";
  if (!trailers.empty()) plan.message = commit_message(message, trailers);
  if (o.author) {
    plan.author = parse_identity(*o.author);
    if (!plan.author) throw OptionError("--author takes 'Name <email>'");
  }
  check_exclude_patterns(o.exclude);
  plan.exclude = load_config(o.config, ".").config.commit_exclude;
  plan.exclude.insert(plan.exclude.end(), o.exclude.begin(), o.exclude.end());
  plan.from_snapshot = o.from_snapshot;
  plan.verify = o.verify;
  plan.lock_timeout = std::chrono::milliseconds(static_cast<long>(o.lock_timeout * 1000));
  const CommitResult out = repo.commit(plan);
  if (o.json) {
    write_commit_json(out, out.committed ? "" : "nothing to commit",
                      [&](std::string_view s) { term.out(s); });
  } else {
    term.out(commit_summary(out));
  }
  return kExitOk;
}

}  // namespace

Command make_commit(CLI::App& app) {
  auto o = std::make_shared<CommitOptions>();
  CLI::App* sub =
      app.add_subcommand("commit", "commit the work tree as 'git add -A && git commit' would");
  sub->add_option("-m,--message", o->message, "the commit message")->capture_default_str();
  sub->add_option("--repo", o->repo,
                  "the repository (default: the one holding the current directory)");
  sub->add_option("--author", o->author,
                  "'Name <email>' (default: GIT_AUTHOR_*, then user.name/user.email)");
  sub->add_option("--trailer", o->trailers, "a KEY=VALUE trailer (repeatable)");
  sub->add_flag("--paths-from-snapshot", o->from_snapshot,
                "leave out the paths 'wildplan snapshot' found changed (until they are "
                "committed) and its --exclude patterns");
  sub->add_option("--exclude", o->exclude, kExcludeHelp)
      ->type_name("PATTERN")
      ->allow_extra_args(false);
  sub->add_option("--config", o->config,
                  "a configuration file for \"commit\": {\"exclude\": [...]} (default: "
                  ".wildplan.json found upward)");
  sub->add_flag("--verify", o->verify,
                "run the hooks 'git commit' runs (pre-commit, prepare-commit-msg, commit-msg, "
                "post-commit), in its order");
  sub->add_flag("--json", o->json, "print JSON");
  add_lock_timeout(sub, o->lock_timeout, "a held index.lock");
  sub->footer(
      "Examples:\n  wildplan commit -m \"wild-v2: iteration 3\" --trailer Wild-Session=s1\n"
      "  wildplan commit --paths-from-snapshot --verify --json\n"
      "  wildplan commit --exclude 'notes/' --exclude '**/*.log'\n");
  return {sub, [o](Terminal& term) { return run_commit(*o, term); }};
}

Command make_snapshot(CLI::App& app) {
  struct SnapshotOptions {
    std::string repo = ".";
    std::vector<std::string> exclude;
    std::optional<std::string> config;
    bool json = false;
  };
  auto o = std::make_shared<SnapshotOptions>();
  CLI::App* sub = app.add_subcommand(
      "snapshot", "record a person's uncommitted work at the start of a session, to keep out");
  sub->add_option("--repo", o->repo,
                  "the repository (default: the one holding the current directory)");
  sub->add_option("--exclude", o->exclude,
                  "leave what this pattern matches out of every commit from the snapshot "
                  "(repeatable; git's :(top,glob) pathspec syntax: 'notes/', '**/*.log')")
      ->type_name("PATTERN")
      ->allow_extra_args(false);
  sub->add_option("--config", o->config,
                  "a configuration file, for its task_files, which are never held (default: "
                  ".wildplan.json found upward)");
  sub->add_flag("--json", o->json, "print JSON");
  sub->footer(
      "The snapshot lives under .git/wildplan/. It holds the paths changed now, in the work tree "
      "or the index: 'commit --paths-from-snapshot' and 'apply --commit --paths-from-snapshot' "
      "leave them out, whatever later edits they get, until a person commits them (task files, "
      "the loop's record, never). A file created or edited after it looks like the agent's "
      "work: --exclude it.\n"
      "Examples:\n  wildplan snapshot            (once, before the session's first iteration)\n"
      "  wildplan snapshot --exclude 'notes/'\n"
      "  wildplan commit --paths-from-snapshot\n");
  return {sub, [o](Terminal& term) {
            check_exclude_patterns(o->exclude);
            Repository r(o->repo);
            const Snapshot snapshot =
                r.write_snapshot(o->exclude, load_config(o->config, ".").config.task_files);
            if (o->json) {
              write_snapshot_json(r.info().workdir, snapshot,
                                  [&](std::string_view s) { term.out(s); });
              return kExitOk;
            }
            const std::size_t n = snapshot.held.size();
            term.out("snapshot of " + std::to_string(n) +
                     (n == 1 ? " changed path" : " changed paths") + ": commits from it leave " +
                     (n == 1 ? "it" : "them") + " out until " + (n == 1 ? "it is" : "they are") +
                     " committed\n");
            for (const std::string& p : snapshot.exclude)
              term.out("excluded from commits from it: " + escape_for_terminal(p) + "\n");
            return kExitOk;
          }};
}

}  // namespace wildplan::cli
