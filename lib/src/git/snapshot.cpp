// The snapshot of an iteration's start, and running the pre-commit hook (snapshot.hpp).
#include "git/snapshot.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>

namespace wildplan {
namespace {

namespace fs = std::filesystem;

fs::path snapshot_path(const RepositoryInfo& info) {
  return fs::path(info.gitdir) / "wildplan" / "snapshot";
}

}  // namespace

void Repository::write_snapshot() const {
  const fs::path path = snapshot_path(info());
  fs::create_directories(path.parent_path());
  std::string text;
  for (const std::string& p : changed_paths()) {
    const std::string h = hash_file(p);
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

namespace detail {

std::vector<std::string> paths_since_snapshot(const Repository& repo,
                                              std::vector<std::string>& left_out) {
  std::ifstream in(snapshot_path(repo.info()));
  if (!in) throw Error("no snapshot: run 'wildplan snapshot' at the start of the iteration");
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
      left_out.push_back(path);  // changed before the iteration, and untouched since
    } else {
      only.push_back(path);
    }
  }
  return only;
}

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

}  // namespace detail
}  // namespace wildplan
