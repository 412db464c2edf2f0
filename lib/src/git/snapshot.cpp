// The session's snapshot: the paths a person had changed when it was taken (in the work tree or
// in the index, against HEAD), which commits from it leave out until they are committed, and
// the exclude patterns given to it (CommitRequest::from_snapshot).
//
// `<gitdir>/wildplan/snapshot`, one record a line after the header `# wildplan snapshot 2`:
//
//   <hash> <path>          a held path; <hash> is the work tree's blob id when it was taken
//                          ("-": it was gone), kept for a person to read, never compared
//   exclude <pattern>      a pattern
//
// A path or a pattern holding a line break, or starting with '"', is written in double quotes
// with `\\`, `\"` and `\n` escaped, so that no name can forge a record. A file of the first
// format (no header; hash and path lines only) held a path only while its content stayed as
// recorded, and is read so; the next renewal writes it in this format.
#include <algorithm>
#include <filesystem>
#include <optional>

#include "git/repository.hpp"
#include "wildplan/edit.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

fs::path snapshot_path(const RepositoryInfo& info) {
  return fs::path(info.gitdir) / "wildplan" / "snapshot";
}

constexpr std::string_view kHeader = "# wildplan snapshot 2\n";
constexpr std::string_view kExclude = "exclude ";

std::string quote_record(std::string_view text) {
  if (text.find('\n') == std::string_view::npos && !text.starts_with('"')) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else {
      if (c == '\\' || c == '"') out += '\\';
      out += c;
    }
  }
  return out + "\"";
}

/// `text` as quote_record() wrote it; as it is when it is not a well-formed quoted string.
std::string unquote_record(std::string_view text) {
  if (text.size() < 2 || !text.starts_with('"') || !text.ends_with('"')) return std::string(text);
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
    } else if (i + 2 < text.size()) {
      ++i;
      out += text[i] == 'n' ? '\n' : text[i];
    } else {
      return std::string(text);  // a lone '\' before the closing quote
    }
  }
  return out;
}

struct HeldPath {
  std::string hash;  ///< "-" when the file was gone
  std::string path;
};

struct SnapshotFile {
  std::vector<HeldPath> held;  ///< sorted by path
  std::vector<std::string> exclude;

  Snapshot summary() const {
    Snapshot s;
    for (const HeldPath& h : held) s.held.push_back(h.path);
    s.exclude = exclude;
    return s;
  }
};

/// The snapshot recorded for `repo`. A file of the first format (without kHeader) held a path
/// only while its content stayed as recorded: read so, a path changed since is not held.
SnapshotFile read_snapshot_file(const Repository& repo) {
  const fs::path path = snapshot_path(repo.info());
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw Error("no snapshot: run 'wildplan snapshot' at the start of the session");
  const Source source = read_source(path.string());  // a read error is an Error, not "empty"
  SnapshotFile file;
  for (std::string_view rest = source.bytes(); !rest.empty();) {
    const std::size_t nl = std::min(rest.find('\n'), rest.size());
    const std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(std::min(nl + 1, rest.size()));
    const auto space = line.find(' ');
    if (line.starts_with('#') || space == std::string_view::npos || space + 1 == line.size())
      continue;
    if (line.starts_with(kExclude)) {
      file.exclude.push_back(unquote_record(line.substr(kExclude.size())));
    } else {
      file.held.push_back(
          {std::string(line.substr(0, space)), unquote_record(line.substr(space + 1))});
    }
  }
  if (!source.bytes().starts_with(kHeader)) {
    std::erase_if(file.held, [&](const HeldPath& h) {
      const std::string now = repo.hash_file(h.path);
      return (now.empty() ? "-" : now) != h.hash;
    });
  }
  std::sort(file.held.begin(), file.held.end(),
            [](const HeldPath& a, const HeldPath& b) { return a.path < b.path; });
  return file;
}

/// Under the lockfile protocol, fsynced, as tasks.md is: a crash leaves the old snapshot or the
/// new one, and two loops never interleave theirs.
void write_snapshot_file(const RepositoryInfo& info, const SnapshotFile& file) {
  std::string text(kHeader);
  for (const HeldPath& h : file.held) text += h.hash + " " + quote_record(h.path) + "\n";
  for (const std::string& p : file.exclude) text.append(kExclude).append(quote_record(p)) += "\n";
  LockOptions lock;
  lock.create = true;
  update_file(
      snapshot_path(info).string(), [&](const Source&) { return std::optional<std::string>(text); },
      lock);
}

}  // namespace

namespace detail {

Snapshot read_snapshot(const Repository& repo) { return read_snapshot_file(repo).summary(); }

}  // namespace detail

/// A person's work in progress: what `git add -A` would stage, and what is staged already.
std::vector<std::string> Repository::changed_or_staged_paths() const {
  std::vector<std::string> paths = changed_paths();
  const std::vector<std::string> staged =
      detail::paths_staged_against_head(impl_->repo.get(), impl_->get_index());
  std::vector<std::string> both;
  std::sort(paths.begin(), paths.end());
  std::set_union(paths.begin(), paths.end(), staged.begin(), staged.end(),
                 std::back_inserter(both));
  return both;
}

Snapshot Repository::write_snapshot(const std::vector<std::string>& exclude,
                                    const std::vector<std::string>& task_files) const {
  const auto patterns = detail::PathPatterns::compile(exclude);
  if (const auto* error = std::get_if<std::string>(&patterns)) throw Error("--exclude " + *error);
  SnapshotFile file;
  for (std::string& path : changed_or_staged_paths()) {
    if (path_matches(path, task_files)) continue;  // the loop's record, committed with it
    const std::string hash = hash_file(path);
    file.held.push_back({hash.empty() ? "-" : hash, std::move(path)});
  }
  file.exclude = exclude;
  write_snapshot_file(info(), file);
  return file.summary();
}

Snapshot Repository::renew_snapshot() const {
  SnapshotFile file = read_snapshot_file(*this);
  const std::vector<std::string> changed = changed_or_staged_paths();
  std::erase_if(file.held, [&](const HeldPath& h) {
    return !std::binary_search(changed.begin(), changed.end(), h.path);
  });
  write_snapshot_file(info(), file);
  return file.summary();
}

}  // namespace wildplan
