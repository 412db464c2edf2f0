// wildplan commit and wildplan snapshot: commit the work tree with libgit2, as `git add -A &&
// git commit` would, optionally only the paths changed since a snapshot.
#include <filesystem>
#include <memory>

#include "command.hpp"
#include "commit_cmd.hpp"
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
  bool from_snapshot = false;
  bool verify = false;
  bool json = false;
  double lock_timeout = 5.0;
};

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
                "stage only the paths changed since 'wildplan snapshot'");
  sub->add_flag("--verify", o->verify,
                "run the hooks 'git commit' runs (pre-commit, prepare-commit-msg, commit-msg, "
                "post-commit), in its order");
  sub->add_flag("--json", o->json, "print JSON");
  add_lock_timeout(sub, o->lock_timeout, "a held index.lock");
  sub->footer(
      "Examples:\n  wildplan commit -m \"wild-v2: iteration 3\" --trailer Wild-Session=s1\n"
      "  wildplan commit --paths-from-snapshot --verify --json\n");
  return {sub, [o](Terminal& term) { return run_commit(*o, term); }};
}

Command make_snapshot(CLI::App& app) {
  struct SnapshotOptions {
    std::string repo = ".";
    bool json = false;
  };
  auto o = std::make_shared<SnapshotOptions>();
  CLI::App* sub =
      app.add_subcommand("snapshot", "record the work tree's changes at the start of an iteration");
  sub->add_option("--repo", o->repo,
                  "the repository (default: the one holding the current directory)");
  sub->add_flag("--json", o->json, "print JSON");
  sub->footer(
      "The snapshot lives under .git/wildplan/; 'commit --paths-from-snapshot' then stages only "
      "what "
      "changed since.\n"
      "Examples:\n  wildplan snapshot            (before the agent runs)\n"
      "  wildplan commit --paths-from-snapshot\n");
  return {sub, [o](Terminal& term) {
            Repository r(o->repo);
            r.write_snapshot();
            const std::size_t changed = r.changed_paths().size();
            if (o->json) {
              write_snapshot_json(r.info().workdir, changed,
                                  [&](std::string_view s) { term.out(s); });
            } else {
              term.out("snapshot of " + count_of(changed, "changed path") + "\n");
            }
            return kExitOk;
          }};
}

}  // namespace wildplan::cli
