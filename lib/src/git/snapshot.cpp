// The snapshot of an iteration's start: the changed paths and their hashes, so that a commit
// can stage only what changed since (CommitRequest::from_snapshot).
#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include "git/repository.hpp"
#include "wildplan/edit.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

fs::path snapshot_path(const RepositoryInfo& info) {
  return fs::path(info.gitdir) / "wildplan" / "snapshot";
}

}  // namespace

void Repository::write_snapshot() const {
  const fs::path path = snapshot_path(info());
  std::string text;
  for (const std::string& p : changed_paths()) {
    const std::string h = hash_file(p);
    text += (h.empty() ? "-" : h) + " " + p + "\n";
  }
  // Under the lockfile protocol, fsynced, as tasks.md is: a crash leaves the old snapshot or the
  // new one, and two loops never interleave theirs.
  LockOptions lock;
  lock.create = true;
  update_file(path.string(), [&](const Source&) { return std::optional<std::string>(text); },
              lock);
}

namespace detail {

std::vector<std::string> paths_since_snapshot(const Repository& repo,
                                              std::vector<LeftOut>& left_out) {
  const fs::path path = snapshot_path(repo.info());
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw Error("no snapshot: run 'wildplan snapshot' at the start of the iteration");
  const Source snapshot = read_source(path.string());  // a read error is an Error, not "empty"
  std::map<std::string, std::string> before;
  for (std::string_view rest = snapshot.bytes(); !rest.empty();) {
    const std::size_t nl = std::min(rest.find('\n'), rest.size());
    const std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(std::min(nl + 1, rest.size()));
    const auto space = line.find(' ');
    if (space != std::string_view::npos)
      before[std::string(line.substr(space + 1))] = std::string(line.substr(0, space));
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
