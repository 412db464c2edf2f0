// Reading the index and the history: the staged task files, a staged file, a blob at a revision.
#include <fnmatch.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "git/repository.hpp"

namespace wildplan {
namespace {

using detail::lg2;

std::string blob_bytes(git_repository* repo, const git_oid* id, const char* path) {
  git_blob* b = nullptr;
  detail::check(lg2().git_blob_lookup(&b, repo, id),
                std::string("cannot read the staged '") + path + "'");
  const detail::Blob blob(b);
  const auto* data = static_cast<const char*>(lg2().git_blob_rawcontent(b));
  return std::string(data, static_cast<std::size_t>(lg2().git_blob_rawsize(b)));
}

/// HEAD's tree, or null on an unborn branch.
detail::Tree head_tree(git_repository* repo) {
  git_object* o = nullptr;
  const int rc = lg2().git_revparse_single(&o, repo, "HEAD^{tree}");
  if (rc == GIT_ENOTFOUND || (rc < 0 && lg2().git_repository_head_unborn(repo) == 1)) {
    lg2().git_error_clear();
    return nullptr;
  }
  detail::check(rc, "cannot read HEAD's tree");
  return detail::Tree(reinterpret_cast<git_tree*>(o));
}

/// Whether the index entry `e` holds what HEAD's tree has at its path.
bool same_as_head(git_tree* head, const git_index_entry* e) {
  git_tree_entry* t = nullptr;
  if (lg2().git_tree_entry_bypath(&t, head, e->path) < 0) {
    lg2().git_error_clear();
    return false;  // added (or renamed to here)
  }
  const detail::TreeEntry entry(t);
  return lg2().git_tree_entry_filemode(t) == static_cast<git_filemode_t>(e->mode) &&
         lg2().git_oid_equal(lg2().git_tree_entry_id(t), &e->id);
}

}  // namespace

bool path_matches(std::string_view path, const std::vector<std::string>& globs) {
  const std::string p(path);
  for (const std::string& g : globs) {
    if (::fnmatch(g.c_str(), p.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0) return true;
    // ".agents/..." starts with a period: let a glob that spells it out match it
    if (::fnmatch(g.c_str(), p.c_str(), FNM_PATHNAME) == 0 &&
        g.starts_with('.') == p.starts_with('.')) {
      return true;
    }
  }
  return false;
}

std::vector<StagedFile> Repository::staged(const std::vector<std::string>& globs,
                                           StagedScope scope) const {
  git_repository* repo = impl_->repo.get();
  git_index* index = impl_->get_index();
  detail::Tree head;
  bool head_read = scope == StagedScope::All;
  std::vector<StagedFile> out;
  const std::size_t n = lg2().git_index_entrycount(index);
  for (std::size_t i = 0; i < n; ++i) {
    const git_index_entry* e = lg2().git_index_get_byindex(index, i);
    if (!e || GIT_INDEX_ENTRY_STAGE(e) != 0 || !path_matches(e->path, globs)) continue;
    if (!head_read) {  // HEAD is read only when a task file is staged at all
      head = head_tree(repo);
      head_read = true;
    }
    if (head && same_as_head(head.get(), e)) continue;
    out.push_back({e->path, blob_bytes(repo, &e->id, e->path)});
  }
  return out;
}

std::optional<std::string> Repository::staged_file(const std::string& path) const {
  const git_index_entry* e = lg2().git_index_get_bypath(impl_->get_index(), path.c_str(), 0);
  if (!e) return std::nullopt;
  return blob_bytes(impl_->repo.get(), &e->id, e->path);
}

std::string Repository::read_blob(const std::string& spec) const {
  if (spec.starts_with(':')) {  // the index; libgit2's revparse has no ":path"
    auto staged = staged_file(spec.substr(1));
    if (!staged) throw Error("cannot read '" + spec + "': '" + spec.substr(1) + "' is not staged");
    return std::move(*staged);
  }
  git_object* o = nullptr;
  detail::check(lg2().git_revparse_single(&o, impl_->repo.get(), spec.c_str()),
                "cannot read '" + spec + "'");
  const detail::Object obj(o);
  if (lg2().git_object_type(o) != GIT_OBJECT_BLOB) throw Error("'" + spec + "' is not a file");
  auto* blob = reinterpret_cast<git_blob*>(o);
  const auto* data = static_cast<const char*>(lg2().git_blob_rawcontent(blob));
  return std::string(data, static_cast<std::size_t>(lg2().git_blob_rawsize(blob)));
}

namespace detail {

std::vector<std::string> paths_staged_against_head(git_repository* repo, git_index* index) {
  const Tree head = head_tree(repo);
  git_diff* d = nullptr;
  check(lg2().git_diff_tree_to_index(&d, repo, head.get(), index, nullptr),
        "cannot compare the index with HEAD");
  const std::unique_ptr<git_diff, Freer<&Api::git_diff_free>> diff(d);
  std::vector<std::string> out;
  const std::size_t n = lg2().git_diff_num_deltas(d);
  for (std::size_t i = 0; i < n; ++i) {
    const git_diff_delta* delta = lg2().git_diff_get_delta(d, i);
    if (!delta) continue;
    out.emplace_back(delta->new_file.path ? delta->new_file.path : delta->old_file.path);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace detail

}  // namespace wildplan
