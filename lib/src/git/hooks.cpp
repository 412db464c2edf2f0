// Hooks: running the ones `git commit` runs (githooks(5)), and wildplan's own pre-commit hook.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "git/repository.hpp"

extern char** environ;

namespace wildplan {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kHookMarker = "# wildplan pre-commit hook";

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw Error("cannot read '" + p.string() + "'");
  return ss.str();
}

/// `s` single-quoted for sh.
std::string sh_quote(std::string_view s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class FileActions {
 public:
  FileActions() { ::posix_spawn_file_actions_init(&fa_); }
  ~FileActions() { ::posix_spawn_file_actions_destroy(&fa_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &fa_; }

 private:
  posix_spawn_file_actions_t fa_;
};

}  // namespace

namespace detail {

std::optional<std::string> run_hook(const RepositoryInfo& info, const std::string& name,
                                    const std::vector<std::string>& args,
                                    const std::vector<std::pair<std::string, std::string>>& env) {
  const std::string hook = info.hooks_dir + "/" + name;
  struct stat st {};
  // git ignores a hook that is not an executable file
  if (::stat(hook.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || ::access(hook.c_str(), X_OK) != 0)
    return std::nullopt;

  // The environment: ours, with `env` in place of what it names.
  std::map<std::string, std::string> added(env.begin(), env.end());
  std::vector<std::string> env_strings;
  for (char** e = environ; e && *e; ++e) {
    const std::string_view entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string_view::npos && added.count(std::string(entry.substr(0, eq)))) continue;
    env_strings.emplace_back(entry);
  }
  for (const auto& [k, v] : added) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  // In the work tree's top (in the git directory for a bare repository), stdin from /dev/null,
  // stdout to our stderr: as git runs commit hooks, so that `--json` output stays clean.
  FileActions fa;
  const std::string dir = info.workdir.empty() ? info.gitdir : info.workdir;
  ::posix_spawn_file_actions_addchdir_np(fa.get(), dir.c_str());
  ::posix_spawn_file_actions_addopen(fa.get(), 0, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_adddup2(fa.get(), 2, 1);

  std::vector<std::string> argv_strings{hook};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  const auto spawn = [&](const std::string& program, std::vector<std::string> words) {
    std::vector<char*> argv;
    for (std::string& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc =
        ::posix_spawn(&pid, program.c_str(), fa.get(), nullptr, argv.data(), envp.data());
    return std::make_pair(rc, pid);
  };
  auto [rc, pid] = spawn(hook, argv_strings);
  if (rc == ENOEXEC) {  // no #! line: git runs such a hook with the shell
    std::vector<std::string> words{"/bin/sh"};
    words.insert(words.end(), argv_strings.begin(), argv_strings.end());
    std::tie(rc, pid) = spawn("/bin/sh", words);
  }
  if (rc != 0) throw Error("cannot run the " + name + " hook '" + hook + "': " + std::strerror(rc));

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno == EINTR) continue;
    throw Error("cannot wait for the " + name + " hook '" + hook + "': " + std::strerror(errno));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return std::string();
  if (WIFSIGNALED(status))
    return "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           ::strsignal(WTERMSIG(status)) + ")";
  return "exit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

}  // namespace detail

HookOutcome install_hook(const RepositoryInfo& repo, const std::string& fallback) {
  const fs::path hook = fs::path(repo.hooks_dir) / "pre-commit";
  std::error_code ec;
  const bool exists = fs::exists(hook, ec);
  if (exists && read_text(hook).find(kHookMarker) == std::string::npos) {
    throw Error("a pre-commit hook that wildplan did not write is already at '" + hook.string() +
                "': left as it is; add 'wildplan validate --staged' to it yourself");
  }
  fs::create_directories(repo.hooks_dir, ec);
  if (ec) throw Error("cannot create '" + repo.hooks_dir + "': " + ec.message(), ec);
  // The wildplan on the PATH first (an upgrade reaches every repository), else the one that
  // installed the hook. 126 and 127 are the shell's "cannot run" and "not found": only then is
  // the next one tried; any other status is the verdict.
  // git names what the commit changes (GIT_INDEX_FILE included: commit -a, --only, --amend
  // hand their own index), and wildplan reads the repository only when a task file is among the
  // names: a commit that stages none costs git's one look at the index, not libgit2's start.
  const std::string script =
      "#!/bin/sh\n" + std::string(kHookMarker) +
      " (written by 'wildplan hook install'; 'wildplan hook uninstall' removes it)\n"
      "# Checks the task files this commit changes: git names the staged changes, and\n"
      "# 'wildplan validate --staged --names-from=-' judges the task files among them.\n"
      "fallback=" + sh_quote(fallback) + "\n"
      "names=$(git diff --cached --name-only --no-renames --diff-filter=d --no-ext-diff) || {\n"
      "  echo \"wildplan pre-commit hook: git cannot list the staged changes\" >&2\n"
      "  exit 1\n"
      "}\n"
      "[ -n \"$names\" ] || exit 0\n"
      "for wildplan in wildplan \"$fallback\"; do\n"
      "  command -v \"$wildplan\" >/dev/null 2>&1 || continue\n"
      "  report=$(printf '%s\\n' \"$names\" |\n"
      "    \"$wildplan\" validate --staged --names-from=- 2>&1)\n"
      "  status=$?\n"
      "  case $status in 126|127) continue ;; esac\n"
      "  # Quiet when all is well: the findings only, and a refusal's closing line.\n"
      "  [ -z \"$report\" ] || printf '%s\\n' \"$report\" | grep -v ': ok (profile ' >&2\n"
      "  if [ $status -ne 0 ]; then\n"
      "    echo \"wildplan pre-commit hook: commit refused (exit $status): fix the\" >&2\n"
      "    echo \"  above and commit again, or once unchecked: git commit --no-verify\" >&2\n"
      "  fi\n"
      "  exit $status\n"
      "done\n"
      "echo \"wildplan pre-commit hook: cannot run wildplan (not on the PATH, and not at "
      "$fallback):\" >&2\n"
      "echo \"  install it, or run 'wildplan hook install' again with the one you have, or "
      "remove this hook\" >&2\n"
      "echo \"  ('wildplan hook uninstall', or delete $0); to commit without it once: git commit "
      "--no-verify\" >&2\n"
      "exit 1\n";
  const fs::path tmp = hook.string() + ".wildplan-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << script;
    out.close();
    if (!out) throw Error("cannot write '" + tmp.string() + "'");
  }
  if (::chmod(tmp.c_str(), 0755) != 0 || ::rename(tmp.c_str(), hook.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw Error("cannot write '" + hook.string() + "': " + std::strerror(err),
                std::error_code(err, std::generic_category()));
  }
  return exists ? HookOutcome::Updated : HookOutcome::Installed;
}

HookOutcome uninstall_hook(const RepositoryInfo& repo) {
  const fs::path hook = fs::path(repo.hooks_dir) / "pre-commit";
  std::error_code ec;
  if (!fs::exists(hook, ec)) return HookOutcome::Absent;
  if (read_text(hook).find(kHookMarker) == std::string::npos) {
    throw Error("the pre-commit hook at '" + hook.string() + "' is not wildplan's: left as it is");
  }
  if (!fs::remove(hook, ec) || ec)
    throw Error("cannot remove '" + hook.string() + "': " + ec.message(), ec);
  return HookOutcome::Removed;
}

}  // namespace wildplan
