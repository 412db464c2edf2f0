// wildplan hook install|uninstall [--repo DIR]: the pre-commit hook that runs
// `wildplan validate --staged`.
#include <unistd.h>

#include <climits>
#include <memory>

#include "command.hpp"
#include "wildplan/git.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct HookOptions {
  std::string action;
  std::string repo = ".";
  bool json = false;
};

/// This program's own path: the hook falls back to it when no wildplan is on the PATH.
std::string self_path() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "wildplan";
}

int run_hook(const HookOptions& o, Terminal& term) {
  const Repository repo(o.repo);
  const RepositoryInfo& info = repo.info();
  if (info.workdir.empty())
    throw UsageError("'" + o.repo + "' is a bare repository: it has no commits to check");
  const std::string hook = info.hooks_dir + "/pre-commit";
  const HookOutcome r =
      o.action == "install" ? install_hook(info, self_path()) : uninstall_hook(info);
  if (o.json) {
    write_hook_json(o.action, r, hook, [&](std::string_view s) { term.out(s); });
  } else if (o.action == "install") {
    term.out(std::string(r == HookOutcome::Updated ? "updated " : "installed ") + hook + "\n");
  } else {
    term.out(r == HookOutcome::Removed ? "removed " + hook + "\n"
                                       : "no pre-commit hook at " + hook + "\n");
  }
  return kExitOk;
}

}  // namespace

Command make_hook(CLI::App& app) {
  auto o = std::make_shared<HookOptions>();
  CLI::App* sub = app.add_subcommand("hook", "install or remove the git pre-commit hook");
  one_of(sub->add_option("action", o->action, "install or uninstall")->required(),
         {"install", "uninstall"});
  sub->add_option("--repo", o->repo,
                  "the repository (default: the one holding the current directory)");
  sub->add_flag("--json", o->json, "print JSON");
  sub->footer(
      "The hook runs 'wildplan validate --staged' (the wildplan on the PATH, else this one) on "
      "the\n"
      "task files a commit changes. It goes where git looks: core.hooksPath, else the common\n"
      "git directory's hooks/, which every linked worktree shares. A pre-commit hook that\n"
      "wildplan did not write is never overwritten or removed (exit 2).\n"
      "Examples:\n"
      "  wildplan hook install\n"
      "  wildplan hook uninstall --repo ~/src/project");
  return {sub, [o](Terminal& term) { return run_hook(*o, term); }};
}

}  // namespace wildplan::cli
