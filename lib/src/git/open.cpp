// Opening a repository as git finds it, in git's environment (git(1), "ENVIRONMENT VARIABLES";
// the rules of git's setup.c, checked against git 2.39):
//
// - $GIT_DIR (relative to the directory the command starts in) is the repository; otherwise it
//   is searched upward from there, stopping at $GIT_CEILING_DIRECTORIES and, unless
//   $GIT_DISCOVERY_ACROSS_FILESYSTEM, at a file system boundary.
// - The work tree is $GIT_WORK_TREE (relative to the start), else core.worktree, else: with
//   $GIT_DIR set, the start directory itself (unless core.bare); found by search, the directory
//   holding .git (or the one a linked worktree's gitdir file names).
// - $GIT_INDEX_FILE and $GIT_OBJECT_DIRECTORY, when relative, are relative to the work tree's
//   top: git changes into it before it uses them. (A hook gets absolute paths.)
// - $GIT_COMMON_DIR: libgit2 takes the common directory from <gitdir>/commondir and cannot be
//   told another; the variable is accepted when it names that directory, refused otherwise.
//
// libgit2's GIT_REPOSITORY_OPEN_FROM_ENV does part of this and fails outright when
// $GIT_WORK_TREE or $GIT_COMMON_DIR is set, so the rules are applied here.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "git/repository.hpp"

namespace wildplan {
namespace {

using detail::lg2;

namespace fs = std::filesystem;

/// The environment variable `name`, when set and not empty.
std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

/// `path` resolved against `base` when relative, lexically normalised, without a final '/'.
std::string resolve(const std::string& path, const std::string& base) {
  fs::path p(path);
  if (p.is_relative()) p = fs::path(base) / p;
  std::string s = p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::string with_slash(std::string s) {
  if (s.empty() || s.back() != '/') s.push_back('/');
  return s;
}

/// A boolean as git reads one from the environment ("true", "yes", "on", a non-zero number).
bool env_bool(const std::string& value) {
  int v = 0;
  if (lg2().git_config_parse_bool(&v, value.c_str()) == 0) return v != 0;
  lg2().git_error_clear();
  return std::atoi(value.c_str()) != 0;
}

std::string canonical_or_same(const std::string& path) {
  std::error_code ec;
  const fs::path c = fs::weakly_canonical(path, ec);
  return with_slash(ec ? path : c.string());
}

/// "~/" at the start of a path means $HOME, as git_config_pathname() reads core.hooksPath.
std::string expand_user(const std::string& path) {
  if (path.starts_with("~/")) {
    if (const auto home = env("HOME")) return *home + path.substr(1);
  }
  return path;
}

}  // namespace

namespace detail {

Index open_index(git_repository* repo, const std::string& path) {
  git_index* i = nullptr;
  if (lg2().git_index_open(&i, path.c_str()) < 0) {
    const std::string why = last_error();
    // git 2.40+ with index.skipHash writes a null checksum that libgit2 1.5 rejects: say so.
    char tail[20] = {};
    bool null_checksum = false;
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
      null_checksum = std::fseek(f, -20, SEEK_END) == 0 && std::fread(tail, 1, 20, f) == 20 &&
                      std::all_of(std::begin(tail), std::end(tail), [](char c) { return c == 0; });
      std::fclose(f);
    }
    if (null_checksum) {
      throw Error("cannot read the index '" + path +
                  "': it was written with index.skipHash (git 2.40 or later, or "
                  "feature.manyFiles), which this libgit2 cannot read; run 'git config "
                  "index.skipHash false && git update-index --really-refresh' to rewrite it");
    }
    throw Error("cannot read the index '" + path + "': " + why);
  }
  Index index(i);
  check(lg2().git_repository_set_index(repo, i), "cannot use the index '" + path + "'");
  // core.ignorecase, core.filemode and core.symlinks, as the repository's own index has them
  check(lg2().git_index_set_caps(i, GIT_INDEX_CAPABILITY_FROM_OWNER),
        "cannot read the repository's configuration");
  return index;
}

}  // namespace detail

git_index* Repository::Impl::get_index() const {
  if (!index) index = detail::open_index(repo.get(), info.index_file);
  return index.get();
}

namespace {

/// $GIT_OBJECT_DIRECTORY and $GIT_ALTERNATE_OBJECT_DIRECTORIES (git(1)), relative ones to `top`.
void use_object_directories(git_repository* r, const std::string& top) {
  if (const auto objects = env("GIT_OBJECT_DIRECTORY")) {
    git_odb* o = nullptr;
    const std::string path = resolve(*objects, top);
    detail::check(lg2().git_odb_open(&o, path.c_str()),
                  "cannot open GIT_OBJECT_DIRECTORY='" + *objects + "'");
    const detail::Odb odb(o);
    detail::check(lg2().git_repository_set_odb(r, o), "cannot use GIT_OBJECT_DIRECTORY");
  }
  if (const auto alternates = env("GIT_ALTERNATE_OBJECT_DIRECTORIES")) {
    git_odb* o = nullptr;
    detail::check(lg2().git_repository_odb(&o, r), "cannot open the object database");
    const detail::Odb odb(o);
    std::size_t from = 0;
    while (from <= alternates->size()) {
      std::size_t to = alternates->find(':', from);
      if (to == std::string::npos) to = alternates->size();
      const std::string alt = alternates->substr(from, to - from);
      if (!alt.empty()) {
        detail::check(lg2().git_odb_add_disk_alternate(o, resolve(alt, top).c_str()),
                      "cannot use the alternate object directory '" + alt + "'");
      }
      from = to + 1;
    }
  }
}

}  // namespace

Repository::Repository(const std::string& dir) : impl_(std::make_unique<Impl>()) {
  detail::lg2();  // loads libgit2, or says why it cannot
  std::error_code ec;
  const std::string start = resolve(dir, fs::current_path(ec).string());
  const auto git_dir = env("GIT_DIR");
  const auto work_tree = env("GIT_WORK_TREE");

  git_repository* r = nullptr;
  if (git_dir) {
    const std::string path = resolve(*git_dir, start);
    detail::check(lg2().git_repository_open_ext(
                      &r, path.c_str(),
                      GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_NO_DOTGIT, nullptr),
                  "GIT_DIR='" + *git_dir + "' is not a git repository");
  } else {
    unsigned flags = 0;
    if (const auto across = env("GIT_DISCOVERY_ACROSS_FILESYSTEM"); across && env_bool(*across))
      flags |= GIT_REPOSITORY_OPEN_CROSS_FS;
    const auto ceiling = env("GIT_CEILING_DIRECTORIES");
    detail::check(lg2().git_repository_open_ext(&r, start.c_str(), flags,
                                                ceiling ? ceiling->c_str() : nullptr),
                  "cannot open a git repository at '" + dir + "'");
  }
  impl_->repo.reset(r);

  // The work tree. libgit2 1.5 leaks the path when told the work tree it already has: only a
  // different one is set.
  const auto set_workdir = [r](const std::string& dir, const std::string& what) {
    const char* now = lg2().git_repository_workdir(r);
    if (now && canonical_or_same(now) == canonical_or_same(dir)) return;
    detail::check(lg2().git_repository_set_workdir(r, dir.c_str(), 0),
                  what + " cannot be the work tree");
  };
  if (work_tree) {
    set_workdir(resolve(*work_tree, start), "GIT_WORK_TREE='" + *work_tree + "'");
  } else if (git_dir && !lg2().git_repository_is_bare(r) &&
             !detail::config_string(r, "core.worktree")) {
    set_workdir(start, "'" + start + "'");
  }

  RepositoryInfo& info = impl_->info;
  const char* wd = lg2().git_repository_workdir(r);
  info.workdir = wd ? wd : "";
  info.gitdir = lg2().git_repository_path(r);
  info.commondir = with_slash(lg2().git_repository_commondir(r));
  const std::string top = info.workdir.empty() ? start : info.workdir;

  if (const auto common = env("GIT_COMMON_DIR")) {
    if (canonical_or_same(resolve(*common, start)) != canonical_or_same(info.commondir)) {
      throw Error("GIT_COMMON_DIR='" + *common + "' names another common directory than the one '" +
                  info.gitdir + "' records ('" + info.commondir +
                  "'): libgit2 cannot follow it; unset GIT_COMMON_DIR");
    }
  }
  use_object_directories(r, top);
  if (const auto ns = env("GIT_NAMESPACE"))
    detail::check(lg2().git_repository_set_namespace(r, ns->c_str()), "cannot use GIT_NAMESPACE");
  const auto index_file = env("GIT_INDEX_FILE");
  info.index_file = index_file ? resolve(*index_file, top) : info.gitdir + "index";

  if (const auto hooks = detail::config_string(r, "core.hooksPath"); hooks && !hooks->empty()) {
    info.hooks_dir = resolve(expand_user(*hooks), top);
  } else {
    info.hooks_dir = info.commondir + "hooks";
  }
  if (!info.workdir.empty()) {
    const fs::path rel = fs::path(start).lexically_relative(fs::path(info.workdir));
    if (!rel.empty() && *rel.begin() != ".." && rel != ".")
      impl_->prefix = with_slash(rel.string());
  }
}

Repository::~Repository() = default;
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;

const RepositoryInfo& Repository::info() const { return impl_->info; }

}  // namespace wildplan
