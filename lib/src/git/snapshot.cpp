// The snapshot of an iteration's start: the changed paths and their hashes, so that a commit
// can stage only what changed since (CommitRequest::from_snapshot).
#include <filesystem>
#include <fstream>
#include <map>

#include "git/repository.hpp"

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
                                              std::vector<LeftOut>& left_out) {
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
      // changed before the iteration, and untouched since
      left_out.push_back({path, LeftOutReason::BeforeSnapshot});
    } else {
      only.push_back(path);
    }
  }
  return only;
}

}  // namespace detail
}  // namespace wildplan
