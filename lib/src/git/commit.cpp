// Repository::commit: `git add -A && git commit`, in the order `git commit -a` takes its steps
// (builtin/commit.c, prepare_index and prepare_to_commit):
//
//   lock the index (index.lock, a copy of the index)  -> stage the work tree into the lock
//   -> pre-commit, GIT_INDEX_FILE=<the lock>          -> read the lock again (a hook may stage)
//   -> the tree; nothing to commit stops here         -> COMMIT_EDITMSG, prepare-commit-msg
//   -> commit-msg                                     -> the commit, HEAD moved
//   -> the lock renamed over the index                -> post-commit (its status is ignored)
//
// Each step is a function below, and Repository::commit at the end calls them in that order.
// What a commit leaves out (KeptOut: the snapshot's held paths, the exclude patterns) is never
// staged, and the tree records such a path as HEAD has it even when it is staged (a person's
// `git add`, or a pre-commit hook's): the index keeps what it had, the commit leaves it out.
// The hooks run only with CommitRequest::verify. Any failure before the commit removes the lock:
// the index and HEAD are as they were.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "git/repository.hpp"

namespace wildplan {
namespace {

using detail::lg2;

using detail::check;

std::optional<Identity> env_identity(const char* name_var, const char* email_var) {
  const char* name = std::getenv(name_var);
  const char* email = std::getenv(email_var);
  if (name && *name && email && *email) return Identity{name, email};
  return std::nullopt;
}

/// git's "whitespace" clean-up of a message that is not edited (git-commit(1), --cleanup):
/// trailing blanks cut, runs of empty lines made one, none at the start or the end.
std::string clean_message(std::string_view text) {
  std::string out;
  bool blank_pending = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.remove_suffix(1);
    if (line.empty()) {
      blank_pending = !out.empty();
    } else {
      if (blank_pending) out += '\n';
      blank_pending = false;
      out.append(line).push_back('\n');
    }
    pos = end + 1;
  }
  return out;
}

/// "@<seconds> +HHMM", as git exports GIT_AUTHOR_DATE to the hooks.
std::string git_date(const git_time& when) {
  const int off = (when.offset < 0 ? -when.offset : when.offset) % (100 * 60);
  char tz[16];
  std::snprintf(tz, sizeof tz, "%c%02d%02d", when.offset < 0 ? '-' : '+', off / 60, off % 60);
  return "@" + std::to_string(when.time) + " " + tz;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in) throw Error("cannot read '" + path + "'");
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw Error("cannot write '" + path + "'");
}

void refuse_unfinished_operation(git_repository* repo, const RepositoryInfo& info) {
  const int state = lg2().git_repository_state(repo);
  if (state == GIT_REPOSITORY_STATE_NONE) return;
  static constexpr const char* kStates[] = {
      "",         "a merge",         "a revert",
      "a revert", "a cherry-pick",   "a cherry-pick",
      "a bisect", "a rebase",        "a rebase",
      "a rebase", "a mailbox apply", "a mailbox apply or rebase"};
  const char* what = state > 0 && state < 12 ? kStates[state] : "an operation";
  throw Error(std::string(what) + " is in progress in '" + info.workdir +
              "': finish or abort it first; wildplan never commits a half-done tree");
}

/// Holds `index` as the repository's index while it lives; the repository's own one after.
class IndexInUse {
 public:
  IndexInUse(git_repository* repo, detail::Index& cached, detail::Index index)
      : repo_(repo), cached_(cached), index_(std::move(index)) {}
  ~IndexInUse() {
    lg2().git_repository_set_index(repo_, nullptr);
    cached_.reset();  // read again on next use: the index on disk may have changed
  }
  IndexInUse(const IndexInUse&) = delete;
  IndexInUse& operator=(const IndexInUse&) = delete;
  git_index* get() const { return index_.get(); }

 private:
  git_repository* repo_;
  detail::Index& cached_;
  detail::Index index_;
};

/// Refuses what git refuses to commit: a bare repository, an operation in progress.
void refuse_to_commit_in(git_repository* repo, const RepositoryInfo& info) {
  if (info.workdir.empty())
    throw Error("'" + info.gitdir + "' is a bare repository: it has no work tree to commit");
  refuse_unfinished_operation(repo, info);
}

/// Who makes the commit, signed now.
struct Signatures {
  Identity author_identity;
  detail::Signature author, committer;
};

/// The author: `requested` (--author), else GIT_AUTHOR_*, else user.name and user.email; the
/// committer: GIT_COMMITTER_*, else the configuration, else the author. Never an invented
/// identity: none is an Error saying how to set one.
Signatures signatures_for(git_repository* repo, const std::optional<Identity>& requested) {
  std::optional<Identity> author =
      requested ? requested : env_identity("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL");
  std::optional<Identity> configured;
  const auto name = detail::config_string(repo, "user.name");
  const auto email = detail::config_string(repo, "user.email");
  if (name && !name->empty() && email && !email->empty()) configured = Identity{*name, *email};
  if (!author) author = configured;
  std::optional<Identity> committer = env_identity("GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL");
  if (!committer) committer = configured ? configured : author;
  if (!author || !committer) {
    throw Error(
        "no identity to commit as: set one with 'git config user.name' and "
        "'git config user.email', GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL, or --author 'Name "
        "<email>'");
  }
  git_signature* author_sig = nullptr;
  check(lg2().git_signature_now(&author_sig, author->name.c_str(), author->email.c_str()),
        "invalid author identity");
  Signatures out{*author, detail::Signature(author_sig), nullptr};
  git_signature* committer_sig = nullptr;
  check(lg2().git_signature_now(&committer_sig, committer->name.c_str(), committer->email.c_str()),
        "invalid committer identity");
  out.committer.reset(committer_sig);
  return out;
}

/// What the commit leaves out, and why: the paths the snapshot holds (from_snapshot) and those
/// an exclude pattern matches (the request's, then the snapshot's).
class KeptOut {
 public:
  /// Throws Error when there is no snapshot to read, or a pattern is not one.
  KeptOut(const CommitRequest& request, const Repository& repo) {
    excluded_ = compiled(request.exclude, "--exclude ");
    if (!request.from_snapshot) return;
    Snapshot snapshot = detail::read_snapshot(repo);
    held_ = std::move(snapshot.held);
    snapshot_excluded_ = compiled(snapshot.exclude, "the snapshot's pattern ");
  }
  bool empty() const { return held_.empty() && excluded_.empty() && snapshot_excluded_.empty(); }
  /// Why `path` stays out of the commit; nullopt when it goes in.
  std::optional<LeftOutReason> reason(std::string_view path) const {
    if (excluded_.matches(path) || snapshot_excluded_.matches(path)) return LeftOutReason::Excluded;
    if (std::binary_search(held_.begin(), held_.end(), path)) return LeftOutReason::BeforeSnapshot;
    return std::nullopt;
  }

 private:
  static detail::PathPatterns compiled(const std::vector<std::string>& patterns,
                                       const std::string& what) {
    auto out = detail::PathPatterns::compile(patterns);
    if (const auto* error = std::get_if<std::string>(&out)) throw Error(what + *error);
    return std::move(std::get<detail::PathPatterns>(out));
  }
  std::vector<std::string> held_;  // sorted
  detail::PathPatterns excluded_, snapshot_excluded_;
};

/// Whether the work tree's file at `path`, whose stat data differs from its index entry's, has
/// other content or another executable bit than the entry.
bool differs_from_index(git_repository* repo, git_index* index, const RepositoryInfo& info,
                        const std::string& path) {
  const git_index_entry* entry = lg2().git_index_get_bypath(index, path.c_str(), 0);
  struct stat st {};
  if (!entry || ::lstat((info.workdir + path).c_str(), &st) != 0) return true;
  if (S_ISREG(st.st_mode) && ((entry->mode & 0100) != 0) != ((st.st_mode & S_IXUSR) != 0) &&
      detail::config_bool(repo, "core.filemode", true)) {
    return true;
  }
  git_oid now;
  check(lg2().git_repository_hashfile(&now, repo, path.c_str(), GIT_OBJECT_BLOB, nullptr),
        "cannot read '" + path + "'");
  return !lg2().git_oid_equal(&now, &entry->id);
}

/// Stages the work tree's changes into `index` as `git add -A` would, but for what `kept_out`
/// leaves out (into result.left_out, with the nested repositories) and records the paths staged
/// in result.staged. True when the index changed in any way (stat data refreshed included).
bool stage_work_tree(git_repository* repo, git_index* index, const RepositoryInfo& info,
                     const struct stat& index_stat, const KeptOut& kept_out, CommitResult& result) {
  detail::WorkTreeChanges found = detail::work_tree_changes(repo, index, info, index_stat, false);
  for (std::string& path : found.nested_repositories)
    result.left_out.push_back({std::move(path), LeftOutReason::NestedRepository});
  std::vector<detail::WorkTreeChange> to_stage;
  to_stage.reserve(found.changes.size());
  for (detail::WorkTreeChange& change : found.changes) {
    const std::optional<LeftOutReason> reason = kept_out.reason(change.path);
    if (!reason) {
      to_stage.push_back(std::move(change));
    } else if (!change.maybe || differs_from_index(repo, index, info, change.path)) {
      result.left_out.push_back({std::move(change.path), *reason});
    }
  }
  return detail::stage_changes(repo, index, info, to_stage, nullptr, result.staged);
}

/// The environment git gives the hooks (githooks(5); builtin/commit.c, run_commit_hook).
std::vector<std::pair<std::string, std::string>> hook_environment(const RepositoryInfo& info,
                                                                  const std::string& prefix,
                                                                  const std::string& index_file,
                                                                  const Signatures& who) {
  std::vector<std::pair<std::string, std::string>> env = {
      {"GIT_INDEX_FILE", index_file},
      {"GIT_EDITOR", ":"},
      {"GIT_PREFIX", prefix},
      {"GIT_AUTHOR_NAME", who.author_identity.name},
      {"GIT_AUTHOR_EMAIL", who.author_identity.email},
      {"GIT_AUTHOR_DATE", git_date(who.author->when)}};
  // Where git itself would not find the repository from the work tree's top, or where the
  // caller's environment named it by paths relative to another directory: absolute ones.
  const auto without_slash = [](const std::string& dir) { return dir.substr(0, dir.size() - 1); };
  if (info.gitdir != info.workdir + ".git/" || std::getenv("GIT_DIR"))
    env.push_back({"GIT_DIR", without_slash(info.gitdir)});
  if (std::getenv("GIT_WORK_TREE")) env.push_back({"GIT_WORK_TREE", without_slash(info.workdir)});
  if (std::getenv("GIT_COMMON_DIR"))
    env.push_back({"GIT_COMMON_DIR", without_slash(info.commondir)});
  return env;
}

/// Runs the commit hook `hook` with `env`; throws HookFailed when it refuses.
void run_commit_hook(const RepositoryInfo& info, const char* hook,
                     const std::vector<std::string>& args,
                     const std::vector<std::pair<std::string, std::string>>& env) {
  const std::optional<std::string> failed = detail::run_hook(info, hook, args, env);
  if (failed && !failed->empty()) {
    throw HookFailed("the " + std::string(hook) + " hook '" + info.hooks_dir + "/" + hook +
                     "' refused the commit (" + *failed +
                     "): nothing was committed; the index and HEAD are as they were");
  }
}

/// The message as prepare-commit-msg and commit-msg leave it in `<gitdir>/COMMIT_EDITMSG`, after
/// git's whitespace clean-up; throws HookFailed when they refuse or leave it empty.
std::string message_after_hooks(const RepositoryInfo& info, const std::string& message,
                                const std::vector<std::pair<std::string, std::string>>& env) {
  const std::string file = info.gitdir + "COMMIT_EDITMSG";
  write_file(file, message);
  run_commit_hook(info, "prepare-commit-msg", {file, "message"}, env);
  run_commit_hook(info, "commit-msg", {file}, env);
  std::string edited = clean_message(read_file(file));
  if (edited.empty()) {
    throw HookFailed(
        "the commit message is empty after the commit hooks: nothing was "
        "committed; the index and HEAD are as they were");
  }
  return edited;
}

/// HEAD as the commit finds it: the parent (none on an unborn branch), its tree, the branch.
struct Head {
  detail::Commit parent;
  detail::Tree tree;
  bool unborn = false;
  bool detached = false;
  std::string branch;  ///< "refs/heads/main"; empty when detached
};

Head read_head(git_repository* repo) {
  Head head;
  head.unborn = lg2().git_repository_head_unborn(repo) == 1;
  head.detached = lg2().git_repository_head_detached(repo) == 1;
  git_reference* ref = nullptr;
  if (head.unborn) {
    // An unborn branch: its name is what HEAD points at.
    if (lg2().git_reference_lookup(&ref, repo, "HEAD") == 0) {
      const detail::Reference owned(ref);
      if (const char* target = lg2().git_reference_symbolic_target(ref)) head.branch = target;
    }
    lg2().git_error_clear();
    return head;
  }
  git_oid id;
  check(lg2().git_reference_name_to_id(&id, repo, "HEAD"), "cannot resolve HEAD");
  git_commit* parent = nullptr;
  check(lg2().git_commit_lookup(&parent, repo, &id), "cannot read HEAD's commit");
  head.parent.reset(parent);
  git_tree* tree = nullptr;
  check(lg2().git_tree_lookup(&tree, repo, lg2().git_commit_tree_id(parent)),
        "cannot read HEAD's tree");
  head.tree.reset(tree);
  if (lg2().git_repository_head(&ref, repo) == 0) {
    const detail::Reference owned(ref);
    if (!head.detached) head.branch = lg2().git_reference_name(ref);
  }
  lg2().git_error_clear();
  return head;
}

/// Puts HEAD's entry for `path` into `index` in place of what is staged there: its blob (or
/// submodule commit) and mode, or no entry when HEAD has none (or has a directory there).
void stage_as_head_has_it(git_index* index, git_tree* head_tree, const std::string& path) {
  git_tree_entry* found = nullptr;
  if (head_tree && lg2().git_tree_entry_bypath(&found, head_tree, path.c_str()) == 0) {
    const detail::TreeEntry entry(found);
    const git_filemode_t mode = lg2().git_tree_entry_filemode(found);
    if (mode != GIT_FILEMODE_TREE) {
      git_index_entry staged{};
      staged.mode = static_cast<std::uint32_t>(mode);
      staged.id = *lg2().git_tree_entry_id(found);
      staged.path = path.c_str();
      check(lg2().git_index_add(index, &staged), "cannot leave '" + path + "' as HEAD has it");
      return;
    }
  }
  lg2().git_error_clear();
  check(lg2().git_index_remove_bypath(index, path.c_str()),
        "cannot leave '" + path + "' as HEAD has it");
}

/// The tree to commit: `index`'s, with every staged path that `kept_out` leaves out as HEAD has
/// it (into `left_out`). The index on disk is not touched: only the tree leaves it out.
git_oid tree_to_commit(git_repository* repo, git_index* index, const Head& head,
                       const KeptOut& kept_out, std::vector<LeftOut>& left_out) {
  if (!kept_out.empty()) {
    for (const std::string& path : detail::paths_staged_against_head(repo, index)) {
      const std::optional<LeftOutReason> reason = kept_out.reason(path);
      if (!reason) continue;
      stage_as_head_has_it(index, head.tree.get(), path);
      left_out.push_back({path, *reason});
    }
  }
  git_oid tree;
  check(lg2().git_index_write_tree(&tree, index), "cannot write the tree");
  return tree;
}

/// Whether `tree` is what HEAD already has (on an unborn branch: an empty index).
bool nothing_to_commit(const Head& head, const git_oid& tree, git_index* index) {
  return head.parent ? lg2().git_oid_equal(lg2().git_commit_tree_id(head.parent.get()), &tree)
                     : lg2().git_index_entrycount(index) == 0;
}

/// Writes the commit of `tree` on HEAD's parent and moves HEAD (its branch) to it; its hex id.
std::string create_commit(git_repository* repo, const git_oid& tree_id, const Head& head,
                          const Signatures& who, const std::string& message) {
  git_tree* found = nullptr;
  check(lg2().git_tree_lookup(&found, repo, &tree_id), "cannot read the new tree");
  const detail::Tree tree(found);
  const git_commit* parents[] = {head.parent.get()};
  git_oid id;
  check(lg2().git_commit_create(&id, repo, "HEAD", who.author.get(), who.committer.get(), nullptr,
                                message.c_str(), tree.get(), head.parent ? 1 : 0, parents),
        "cannot create the commit");
  return lg2().git_oid_tostr_s(&id);
}

/// One entry a path: the first reason found for it, sorted by path.
void sort_left_out(std::vector<LeftOut>& left_out) {
  std::stable_sort(left_out.begin(), left_out.end(),
                   [](const LeftOut& a, const LeftOut& b) { return a.path < b.path; });
  left_out.erase(std::unique(left_out.begin(), left_out.end(),
                             [](const LeftOut& a, const LeftOut& b) { return a.path == b.path; }),
                 left_out.end());
}

}  // namespace

std::string_view to_string(LeftOutReason r) {
  switch (r) {
    case LeftOutReason::BeforeSnapshot:
      return "before-snapshot";
    case LeftOutReason::NestedRepository:
      return "nested-repository";
    case LeftOutReason::Excluded:
      break;
  }
  return "excluded";
}

std::string_view describe(LeftOutReason r) {
  switch (r) {
    case LeftOutReason::BeforeSnapshot:
      return "changed before the snapshot, not committed since";
    case LeftOutReason::NestedRepository:
      return "a repository of its own, not a submodule: add it with 'git submodule add' to "
             "commit it";
    case LeftOutReason::Excluded:
      break;
  }
  return "matches an exclude pattern";
}

std::optional<Identity> parse_identity(std::string_view text) {
  const auto lt = text.find('<');
  const auto gt = text.rfind('>');
  if (lt == std::string_view::npos || gt == std::string_view::npos || gt < lt) return std::nullopt;
  std::string name(text.substr(0, lt));
  while (!name.empty() && name.back() == ' ') name.pop_back();
  std::string email(text.substr(lt + 1, gt - lt - 1));
  if (name.empty() || email.empty()) return std::nullopt;
  return Identity{name, email};
}

CommitResult Repository::commit(const CommitRequest& req) {
  git_repository* repo = impl_->repo.get();
  const RepositoryInfo& info = impl_->info;
  refuse_to_commit_in(repo, info);
  const Signatures who = signatures_for(repo, req.author);
  const KeptOut kept_out(req, *this);

  // Lock the index before reading it: a concurrent `git add` finishes first, or waits.
  detail::IndexLock lock(info.index_file, req.lock_timeout);
  const IndexInUse index(repo, impl_->index, detail::open_index(repo, lock.path()));
  CommitResult result;
  const bool index_changed =
      stage_work_tree(repo, index.get(), info, lock.index_stat(), kept_out, result);
  if (index_changed || req.verify)
    check(lg2().git_index_write(index.get()), "cannot write the index");

  auto env = hook_environment(info, impl_->prefix, lock.path(), who);
  if (req.verify) {
    run_commit_hook(info, "pre-commit", {}, env);
    check(lg2().git_index_read(index.get(), 1), "cannot read the index the pre-commit hook left");
  }
  const Head head = read_head(repo);
  result.first = head.unborn;
  result.detached = head.detached;
  result.branch = head.branch;
  const git_oid tree = tree_to_commit(repo, index.get(), head, kept_out, result.left_out);
  sort_left_out(result.left_out);
  if (nothing_to_commit(head, tree, index.get())) {
    // As `git add -A` would have: the index keeps what was staged or refreshed.
    if (index_changed) lock.commit();
    result.staged.clear();
    return result;
  }

  const std::string message =
      req.verify ? message_after_hooks(info, req.message, env) : req.message;
  result.id = create_commit(repo, tree, head, who, message);
  result.committed = true;
  try {
    lock.commit();
  } catch (const Error& e) {
    throw Error("the commit " + result.id + " was made and HEAD moved, but " + e.what() +
                "; run 'git reset' to read the index from HEAD");
  }
  if (req.verify) {
    // Its status cannot change the outcome (githooks(5)), and neither can its failure to run.
    env[0].second = info.index_file;
    try {
      detail::run_hook(info, "post-commit", {}, env);
    } catch (const Error&) {
    }
  }
  return result;
}

}  // namespace wildplan
