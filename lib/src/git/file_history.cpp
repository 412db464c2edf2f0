// Walking a file's history (Repository::walk_file): a revwalk from HEAD, oldest first, and per
// commit one tree lookup of the path. Only a commit whose blob id differs from the one before
// has its blob read, so the cost of a long history is the tree lookups, as for `git log -- path`.
// With every parent, a commit is a change when its blob differs from each parent's (git's
// TREESAME rule for the one path), compared with its first parent's.
#include <string>
#include <unordered_map>

#include "git/repository.hpp"

namespace wildplan {
namespace {

using detail::check;
using detail::lg2;

/// The blob id at `path` in `commit`'s tree; none when there is no file there (no entry, or a
/// directory or a submodule in its place).
std::optional<git_oid> blob_at(git_commit* commit, const char* path) {
  git_tree* t = nullptr;
  check(lg2().git_commit_tree(&t, commit), "cannot read a commit's tree");
  const detail::Tree tree(t);
  git_tree_entry* e = nullptr;
  const int rc = lg2().git_tree_entry_bypath(&e, t, path);
  if (rc == GIT_ENOTFOUND) {
    lg2().git_error_clear();
    return std::nullopt;
  }
  check(rc, std::string("cannot look up '") + path + "' in a commit's tree");
  const detail::TreeEntry entry(e);
  if (lg2().git_tree_entry_type(e) != GIT_OBJECT_BLOB) return std::nullopt;
  return *lg2().git_tree_entry_id(e);
}

std::string hex_of(const std::optional<git_oid>& id) {
  return id ? std::string(lg2().git_oid_tostr_s(&*id)) : std::string();
}

/// Hands `commit` over with the blob `id` (when there is one) read, compared with `before`.
void hand_over(git_repository* repo, git_commit* commit, const git_oid& commit_id,
               const std::optional<git_oid>& id, const std::optional<git_oid>& before, bool base,
               bool changed, const std::function<void(const FileVersion&)>& visit) {
  FileVersion v;
  const std::string hex = hex_of(commit_id), blob = hex_of(id), previous = hex_of(before);
  v.commit = hex;
  v.time = static_cast<std::int64_t>(lg2().git_commit_time(commit));
  v.offset = lg2().git_commit_time_offset(commit);
  const char* message = lg2().git_commit_message(commit);
  v.message = message ? std::string_view(message) : std::string_view();
  v.base = base;
  v.changed = changed;
  v.present = id.has_value();
  v.blob = blob;
  v.before = previous;
  detail::Blob b;
  if (id && (changed || base)) {
    git_blob* raw = nullptr;
    check(lg2().git_blob_lookup(&raw, repo, &*id), "cannot read '" + hex + "'s file");
    b.reset(raw);
    v.bytes = std::string_view(static_cast<const char*>(lg2().git_blob_rawcontent(raw)),
                               static_cast<std::size_t>(lg2().git_blob_rawsize(raw)));
  }
  visit(v);
}

bool same(const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
  return a.has_value() == b.has_value() && (!a || lg2().git_oid_equal(&*a, &*b));
}

detail::Commit lookup(git_repository* repo, const git_oid& id) {
  git_commit* c = nullptr;
  check(lg2().git_commit_lookup(&c, repo, &id), "cannot read a commit");
  return detail::Commit(c);
}

}  // namespace

std::size_t Repository::walk_file(const FileWalk& walk,
                                  const std::function<void(const FileVersion&)>& visit) const {
  git_repository* repo = impl_->repo.get();
  if (lg2().git_repository_head_unborn(repo) == 1) return 0;
  git_revwalk* w = nullptr;
  check(lg2().git_revwalk_new(&w, repo), "cannot walk the history");
  const detail::Revwalk revwalk(w);
  // Topological, oldest first; on first parents the order is the chain's own.
  check(lg2().git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE),
        "cannot walk the history");
  if (!walk.all_parents)
    check(lg2().git_revwalk_simplify_first_parent(w), "cannot walk the history");
  check(lg2().git_revwalk_push_head(w), "cannot read HEAD");

  std::optional<git_oid> previous;  // the blob of the version before
  if (walk.since) {
    git_object* o = nullptr;
    check(lg2().git_revparse_single(&o, repo, (*walk.since + "^{commit}").c_str()),
          "cannot read the revision '" + *walk.since + "'");
    const detail::Object since(o);
    const git_oid id = *lg2().git_object_id(o);
    check(lg2().git_revwalk_hide(w, &id), "cannot walk the history");
    const detail::Commit commit = lookup(repo, id);
    previous = blob_at(commit.get(), walk.path.c_str());
    hand_over(repo, commit.get(), id, previous, std::nullopt, /*base=*/true, false, visit);
  }

  // With every parent: the blob at each commit walked, so that a child finds its parents'.
  std::unordered_map<std::string, std::optional<git_oid>> blob_of;
  const auto parent_blob = [&](git_commit* commit, unsigned i) {
    const git_oid* pid = lg2().git_commit_parent_id(commit, i);
    const std::string key(reinterpret_cast<const char*>(pid->id), GIT_OID_RAWSZ);
    if (const auto it = blob_of.find(key); it != blob_of.end()) return it->second;
    const detail::Commit parent = lookup(repo, *pid);  // below --since: not walked
    return blob_at(parent.get(), walk.path.c_str());
  };
  // Every object is read once and named by the id it was looked up by: checking that its
  // content hashes to that id (libgit2's default, which git's own reads do not do) took a
  // tenth of a long walk. Restored afterwards: the option is the process's.
  struct Unverified {
    Unverified() { lg2().git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0); }
    ~Unverified() { lg2().git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1); }
  } unverified;
  std::size_t walked = 0;
  git_oid id;
  for (;;) {
    const int rc = lg2().git_revwalk_next(&id, w);
    if (rc == GIT_ITEROVER) break;
    check(rc, "cannot walk the history");
    ++walked;
    const detail::Commit commit = lookup(repo, id);
    const std::optional<git_oid> blob = blob_at(commit.get(), walk.path.c_str());
    bool changed = !same(blob, previous);
    std::optional<git_oid> before = previous;
    if (walk.all_parents) {
      blob_of.emplace(std::string(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ), blob);
      const unsigned parents = lg2().git_commit_parentcount(commit.get());
      before = parents ? parent_blob(commit.get(), 0) : std::nullopt;
      changed = !same(blob, before);
      for (unsigned i = 1; i < parents && changed; ++i)
        changed = !same(blob, parent_blob(commit.get(), i));
    }
    if (changed) {
      hand_over(repo, commit.get(), id, blob, before, false, true, visit);
      previous = blob;
    } else if (walk.keep_unchanged) {
      const char* message = lg2().git_commit_message(commit.get());
      if (walk.keep_unchanged(message ? message : ""))
        hand_over(repo, commit.get(), id, blob, blob, false, false, visit);
    }
  }
  return walked;
}

}  // namespace wildplan
