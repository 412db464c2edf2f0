// wildplan commit and wildplan snapshot: commit the work tree with libgit2, as `git add -A &&
// git commit` would, optionally only the paths changed since a snapshot.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

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

fs::path snapshot_path(const RepositoryInfo& info) {
  return fs::path(info.gitdir) / "wildplan" / "snapshot";
}

/// Runs the repository's pre-commit hook as git would: in the work tree, its exit status decides.
void run_pre_commit_hook(const RepositoryInfo& info) {
  const std::string hook = info.hooks_dir + "/pre-commit";
  if (::access(hook.c_str(), X_OK) != 0) return;
  const pid_t pid = ::fork();
  if (pid < 0) throw Error("cannot run the pre-commit hook: fork failed");
  if (pid == 0) {
    if (::chdir(info.workdir.c_str()) != 0) ::_exit(127);
    ::execl(hook.c_str(), hook.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw HookFailed("the pre-commit hook '" + hook + "' failed: nothing was committed");
  }
}

}  // namespace

CommitOutcome commit_work_tree(Repository& repo, const CommitPlan& plan) {
  CommitOutcome out;
  CommitRequest req;
  req.message = plan.message;
  req.author = plan.author;
  req.lock_timeout = plan.lock_timeout;
  if (plan.from_snapshot) {
    // Stage only what changed since the snapshot; report the rest.
    std::ifstream in(snapshot_path(repo.info()));
    if (!in) throw UsageError("no snapshot: run 'wildplan snapshot' at the start of the iteration");
    std::map<std::string, std::string> before;
    for (std::string line; std::getline(in, line);) {
      const auto space = line.find(' ');
      if (space != std::string::npos) before[line.substr(space + 1)] = line.substr(0, space);
    }
    std::vector<std::string> only;
    for (const std::string& path : repo.changed_paths()) {
      const auto it = before.find(path);
      const std::string now = repo.hash_file(path);
      if (it != before.end() && it->second == (now.empty() ? "-" : now)) {
        out.left_out.push_back(path);  // changed before the iteration, and untouched since
      } else {
        only.push_back(path);
      }
    }
    req.only_paths = std::move(only);
  }
  if (plan.verify) run_pre_commit_hook(repo.info());
  out.result = repo.commit(req);
  return out;
}

void write_snapshot(Repository& repo) {
  const fs::path path = snapshot_path(repo.info());
  fs::create_directories(path.parent_path());
  std::string text;
  for (const std::string& p : repo.changed_paths()) {
    const std::string h = repo.hash_file(p);
    text += (h.empty() ? "-" : h) + " " + p + "\n";
  }
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw Error("cannot write '" + tmp.string() + "'");
  }
  fs::rename(tmp, path);
}

std::string commit_json(const CommitOutcome& o, std::string_view reason) {
  const CommitResult& r = o.result;
  auto list = [](const std::vector<std::string>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + json_quote(v[i]);
    return s + "]";
  };
  return "{\"committed\": " + std::string(r.committed ? "true" : "false") +
         ", \"id\": " + (r.committed ? json_quote(r.id) : "null") +
         ", \"branch\": " + json_quote(r.branch) + ", \"first\": " + (r.first ? "true" : "false") +
         ", \"detached\": " + (r.detached ? "true" : "false") + ", \"staged\": " + list(r.staged) +
         ", \"left_out\": " + list(o.left_out) + ", \"reason\": " + json_quote(reason) + "}";
}

std::string commit_summary(const CommitOutcome& o) {
  const CommitResult& r = o.result;
  std::string s;
  if (!r.committed) {
    s = "nothing to commit\n";
  } else {
    s = "committed " + r.id.substr(0, 12) +
        (r.detached ? " on a detached HEAD (on no branch)" : " on " + r.branch) +
        (r.first ? " (the first commit)" : "") + ": " + std::to_string(r.staged.size()) +
        " paths staged\n";
  }
  for (const auto& p : o.left_out)
    s += "left out (changed before the snapshot): " + escape_for_terminal(p) + "\n";
  return s;
}

namespace {

int run_commit(const CommitOptions& o, Terminal& term) {
  Repository repo(o.repo);
  CommitPlan plan;
  std::vector<std::pair<std::string, std::string>> trailers;
  for (const std::string& t : o.trailers) {
    const auto eq = t.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("--trailer takes KEY=VALUE, not '" + t + "'");
    trailers.emplace_back(t.substr(0, eq), t.substr(eq + 1));
  }
  std::string message = o.message;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  plan.message = message + "\n";
  if (!trailers.empty()) plan.message = commit_message(message, trailers);
  if (o.author) {
    plan.author = parse_identity(*o.author);
    if (!plan.author) throw UsageError("--author takes 'Name <email>'");
  }
  plan.from_snapshot = o.from_snapshot;
  plan.verify = o.verify;
  plan.lock_timeout = std::chrono::milliseconds(static_cast<long>(o.lock_timeout * 1000));
  const CommitOutcome out = commit_work_tree(repo, plan);
  if (o.json) {
    term.out("{\n  \"version\": 1,\n  \"kind\": \"commit\",\n  \"commit\": " +
             commit_json(out, out.result.committed ? "" : "nothing to commit") + "\n}\n");
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
  sub->add_flag("--verify", o->verify, "run the repository's pre-commit hook first, as git would");
  sub->add_flag("--json", o->json, "print JSON");
  sub->add_option("--lock-timeout", o->lock_timeout, "seconds to wait for a held index.lock")
      ->capture_default_str();
  return {sub, [o](Terminal& term) { return run_commit(*o, term); }};
}

Command make_snapshot(CLI::App& app) {
  auto repo = std::make_shared<std::string>(".");
  CLI::App* sub =
      app.add_subcommand("snapshot", "record the work tree's changes at the start of an iteration");
  sub->add_option("--repo", *repo,
                  "the repository (default: the one holding the current directory)");
  sub->footer(
      "The snapshot lives under .git/wildplan/; 'commit --paths-from-snapshot' then stages only "
      "what "
      "changed since.\n");
  return {
      sub, [repo](Terminal& term) {
        Repository r(*repo);
        write_snapshot(r);
        term.out("snapshot of " + std::to_string(r.changed_paths().size()) + " changed paths\n");
        return kExitOk;
      }};
}

}  // namespace wildplan::cli
