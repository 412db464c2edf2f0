// wildplan merge-driver BASE OURS THEIRS [PATH] [--marker-size N]: git's merge driver for task
// files (it writes the merge to OURS); wildplan merge-driver install|uninstall: its registration.
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>

#include "command.hpp"
#include "wildplan/workspace.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/git.hpp"
#include "wildplan/merge.hpp"

namespace wildplan::cli {
namespace {

namespace fs = std::filesystem;

struct MergeDriverOptions {
  std::vector<std::string> args;
  unsigned marker_size = 7;
  std::optional<std::string> config;
  std::string repo = ".";
  bool local = false;
  bool json = false;
};

/// This program's path: the command git runs when no `wildplan` on the PATH is this one.
std::string self_path() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "wildplan";
}

/// `wildplan` when the one on the PATH is this program, else this program's path, quoted for
/// the shell git runs the driver with.
std::string program_for_git() {
  const std::string self = self_path();
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    std::error_code ec;
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / "wildplan";
    if (::access(candidate.c_str(), X_OK) != 0) continue;
    if (fs::equivalent(candidate, self, ec)) return "wildplan";
    break;  // another wildplan comes first on the PATH: name this one
  }
  std::string q = "'";
  for (char c : self) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

int run_registration(const MergeDriverOptions& o, Terminal& term) {
  if (o.marker_size != 7 || o.config)
    throw UsageError("--marker-size and --config are for a merge, not for " + o.args[0]);
  const Repository repo(o.repo);
  MergeDriverRegistration r;
  if (o.args[0] == "install") {
    const LoadedConfig config =
        load_config(std::nullopt, repo.info().workdir.empty() ? o.repo : repo.info().workdir);
    r = install_merge_driver(repo.info(), config.config.task_files,
                             merge_driver_command(program_for_git()), o.local);
  } else {
    if (o.local) throw UsageError("uninstall takes no --local: it removes the lines from both");
    r = uninstall_merge_driver(repo.info());
  }
  if (o.json) {
    write_merge_driver_json(o.args[0], r, [&](std::string_view s) { term.out(s); });
  } else {
    term.out(render_merge_driver_text(r));
  }
  return kExitOk;
}

/// The status map from the configuration found upward from the file's directory. A
/// configuration that cannot be read (a conflicted `.wildplan.json` in the same merge) must not
/// stop the merge: the default box characters serve, and a warning says so.
StatusMap statuses_for(const MergeDriverOptions& o, const std::string& path, Terminal& term) {
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  try {
    return load_config(o.config, dir.string()).config.statuses;
  } catch (const Error& e) {
    if (o.config) throw;
    term.err(std::string("wildplan: warning: ") + e.what() + "; merging with the default boxes\n");
    return {};
  }
}

int run_merge(const MergeDriverOptions& o, Terminal& term) {
  if (o.args.size() < 3 || o.args.size() > 4)
    throw UsageError(
        "merge-driver takes BASE OURS THEIRS [PATH] (git's %O %A %B %P), or "
        "install or uninstall");
  if (o.local || o.repo != ".")
    throw UsageError("--repo and --local are for install and uninstall, not for a merge");
  const Source base = read_source(o.args[0]);
  const Source theirs = read_source(o.args[2]);
  MergeOptions options;
  options.path = o.args.size() == 4 ? o.args[3] : o.args[1];
  options.marker_size = o.marker_size;
  options.statuses = statuses_for(o, options.path, term);
  MergeResult result;
  // The merge goes into OURS under its lock, from the bytes read under it.
  update_file(o.args[1], [&](const Source& ours) -> std::optional<std::string> {
    result = merge_task_files(base, ours, theirs, options);
    if (result.bytes == ours.bytes()) return std::nullopt;
    return result.bytes;
  });
  if (o.json) {
    write_merge_json(result, options.path, [&](std::string_view s) { term.out(s); });
  } else {
    term.out(render_merge_text(result, options.path, term.style(term.out_stream())));
  }
  return result.clean() ? kExitOk : kExitProblems;
}

}  // namespace

Command make_merge_driver(CLI::App& app) {
  auto o = std::make_shared<MergeDriverOptions>();
  CLI::App* sub = app.add_subcommand(
      "merge-driver", "merge task files task by task (git's merge driver), or register it");
  sub->add_option("args", o->args,
                  "BASE OURS THEIRS [PATH] (git's %O %A %B %P: the merge is written to OURS), "
                  "or install or uninstall")
      ->required();
  sub->add_option("--marker-size", o->marker_size, "conflict marker length (git's %L)")
      ->check(CLI::Range(1u, 1024u))
      ->capture_default_str();
  sub->add_option("--config", o->config,
                  "a configuration file (default: .wildplan.json found upward from PATH)");
  sub->add_option("--repo", o->repo,
                  "install, uninstall: the repository (default: the one holding the current "
                  "directory)");
  sub->add_flag("--local", o->local,
                "install: write the attribute lines into the repository's info/attributes, not "
                ".gitattributes");
  sub->add_flag("--json", o->json, "print JSON");
  sub->footer(
      "git runs 'wildplan merge-driver --marker-size=%L %O %A %B %P' for the files whose\n"
      "merge attribute is 'wildplan': exit 0 when the merge is clean, 1 when conflict markers\n"
      "are left in the file. 'install' writes merge.wildplan.name and merge.wildplan.driver\n"
      "into the repository's configuration and '<pattern> merge=wildplan' for each of the\n"
      "configured task_files into .gitattributes (--local: .git/info/attributes); 'uninstall'\n"
      "removes them. Both may be run again: what is there already stays.\n"
      "Examples:\n"
      "  wildplan merge-driver install\n"
      "  wildplan merge-driver install --local --repo ~/src/project\n"
      "  wildplan merge-driver base.md ours.md theirs.md tasks.md");
  return {sub, [o](Terminal& term) {
            if (o->args.size() == 1 && (o->args[0] == "install" || o->args[0] == "uninstall"))
              return run_registration(*o, term);
            return run_merge(*o, term);
          }};
}

}  // namespace wildplan::cli
