// Git through libgit2, loaded with dlopen on first use.
//
// Why not link it: merely linking Debian's libgit2 (and the seventeen libraries it brings, from
// mbedTLS to Kerberos) makes every start of wildplan about 2.5 ms slower, three times a C++
// hello-world's whole run, and most commands (parse, validate of a file, list, check) never touch
// git. So the functions used here are looked up once, by soname, the first time a git command
// runs. The declarations still come from <git2.h>, so every pointer has libgit2's exact type.
//
// Calling sequence: api() loads and initialises libgit2 (throws Error when it cannot); Repo
// and the other handles free themselves; check() turns a negative return into an Error carrying
// git_error_last()'s message, read straight after the failing call.
#include "wildplan/git.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <git2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "wildplan/diagnostic.hpp"
#include "git/snapshot.hpp"
#include "git/worktree_scan.hpp"

namespace wildplan {
namespace {

struct Api {
  decltype(&git_libgit2_init) libgit2_init;
  decltype(&git_error_last) error_last;
  decltype(&git_repository_open_ext) repository_open_ext;
  decltype(&git_repository_free) repository_free;
  decltype(&git_repository_index) repository_index;
  decltype(&git_repository_workdir) repository_workdir;
  decltype(&git_repository_path) repository_path;
  decltype(&git_repository_config_snapshot) repository_config_snapshot;
  decltype(&git_config_get_string) config_get_string;
  decltype(&git_config_free) config_free;
  decltype(&git_index_free) index_free;
  decltype(&git_index_entrycount) index_entrycount;
  decltype(&git_index_get_byindex) index_get_byindex;
  decltype(&git_index_get_bypath) index_get_bypath;
  decltype(&git_blob_lookup) blob_lookup;
  decltype(&git_blob_free) blob_free;
  decltype(&git_blob_rawcontent) blob_rawcontent;
  decltype(&git_blob_rawsize) blob_rawsize;
  decltype(&git_revparse_single) revparse_single;
  decltype(&git_object_type) object_type;
  decltype(&git_object_free) object_free;
  decltype(&git_repository_state) repository_state;
  decltype(&git_repository_head_unborn) repository_head_unborn;
  decltype(&git_repository_head_detached) repository_head_detached;
  decltype(&git_repository_head) repository_head;
  decltype(&git_reference_name) reference_name;
  decltype(&git_reference_free) reference_free;
  decltype(&git_reference_name_to_id) reference_name_to_id;
  decltype(&git_commit_lookup) commit_lookup;
  decltype(&git_commit_free) commit_free;
  decltype(&git_commit_tree_id) commit_tree_id;
  decltype(&git_commit_create) commit_create;
  decltype(&git_tree_lookup) tree_lookup;
  decltype(&git_tree_free) tree_free;
  decltype(&git_index_write) index_write;
  decltype(&git_index_write_tree) index_write_tree;
  decltype(&git_index_add_bypath) index_add_bypath;
  decltype(&git_index_remove_bypath) index_remove_bypath;
  decltype(&git_index_read) index_read;
  decltype(&git_repository_hashfile) repository_hashfile;
  decltype(&git_ignore_path_is_ignored) ignore_path_is_ignored;
  decltype(&git_config_get_bool) config_get_bool;
  decltype(&git_repository_odb) repository_odb;
  decltype(&git_odb_free) odb_free;
  decltype(&git_odb_write) odb_write;
  decltype(&git_index_add) index_add;
  decltype(&git_signature_now) signature_now;
  decltype(&git_signature_free) signature_free;
  decltype(&git_oid_tostr_s) oid_tostr_s;
  decltype(&git_odb_hashfile) odb_hashfile;
  decltype(&git_error_clear) error_clear;
  decltype(&git_libgit2_opts) libgit2_opts;
  decltype(&git_reference_lookup) reference_lookup;
  decltype(&git_reference_symbolic_target) reference_symbolic_target;
};

template <typename F>
void resolve(void* lib, F& fn, const char* name) {
  fn = reinterpret_cast<F>(::dlsym(lib, name));
  if (!fn) throw Error(std::string("libgit2 lacks ") + name + ": " + WILDPLAN_LIBGIT2_SONAME);
}

const Api& api() {
  static Api a;
  static std::once_flag once;
  std::call_once(once, [] {
    void* lib = ::dlopen(WILDPLAN_LIBGIT2_SONAME, RTLD_LAZY | RTLD_LOCAL);
    if (!lib) {
      const char* why = ::dlerror();
      throw Error(std::string("cannot load libgit2 (") + WILDPLAN_LIBGIT2_SONAME +
                  "): " + (why ? why : "unknown error") + "; install libgit2");
    }
    resolve(lib, a.libgit2_init, "git_libgit2_init");
    resolve(lib, a.error_last, "git_error_last");
    resolve(lib, a.repository_open_ext, "git_repository_open_ext");
    resolve(lib, a.repository_free, "git_repository_free");
    resolve(lib, a.repository_index, "git_repository_index");
    resolve(lib, a.repository_workdir, "git_repository_workdir");
    resolve(lib, a.repository_path, "git_repository_path");
    resolve(lib, a.repository_config_snapshot, "git_repository_config_snapshot");
    resolve(lib, a.config_get_string, "git_config_get_string");
    resolve(lib, a.config_free, "git_config_free");
    resolve(lib, a.index_free, "git_index_free");
    resolve(lib, a.index_entrycount, "git_index_entrycount");
    resolve(lib, a.index_get_byindex, "git_index_get_byindex");
    resolve(lib, a.index_get_bypath, "git_index_get_bypath");
    resolve(lib, a.blob_lookup, "git_blob_lookup");
    resolve(lib, a.blob_free, "git_blob_free");
    resolve(lib, a.blob_rawcontent, "git_blob_rawcontent");
    resolve(lib, a.blob_rawsize, "git_blob_rawsize");
    resolve(lib, a.revparse_single, "git_revparse_single");
    resolve(lib, a.object_type, "git_object_type");
    resolve(lib, a.object_free, "git_object_free");
    resolve(lib, a.repository_state, "git_repository_state");
    resolve(lib, a.repository_head_unborn, "git_repository_head_unborn");
    resolve(lib, a.repository_head_detached, "git_repository_head_detached");
    resolve(lib, a.repository_head, "git_repository_head");
    resolve(lib, a.reference_name, "git_reference_name");
    resolve(lib, a.reference_free, "git_reference_free");
    resolve(lib, a.reference_name_to_id, "git_reference_name_to_id");
    resolve(lib, a.commit_lookup, "git_commit_lookup");
    resolve(lib, a.commit_free, "git_commit_free");
    resolve(lib, a.commit_tree_id, "git_commit_tree_id");
    resolve(lib, a.commit_create, "git_commit_create");
    resolve(lib, a.tree_lookup, "git_tree_lookup");
    resolve(lib, a.tree_free, "git_tree_free");
    resolve(lib, a.index_write, "git_index_write");
    resolve(lib, a.index_write_tree, "git_index_write_tree");
    resolve(lib, a.index_add_bypath, "git_index_add_bypath");
    resolve(lib, a.index_remove_bypath, "git_index_remove_bypath");
    resolve(lib, a.index_read, "git_index_read");
    resolve(lib, a.repository_hashfile, "git_repository_hashfile");
    resolve(lib, a.ignore_path_is_ignored, "git_ignore_path_is_ignored");
    resolve(lib, a.config_get_bool, "git_config_get_bool");
    resolve(lib, a.repository_odb, "git_repository_odb");
    resolve(lib, a.odb_free, "git_odb_free");
    resolve(lib, a.odb_write, "git_odb_write");
    resolve(lib, a.index_add, "git_index_add");
    resolve(lib, a.signature_now, "git_signature_now");
    resolve(lib, a.signature_free, "git_signature_free");
    resolve(lib, a.oid_tostr_s, "git_oid_tostr_s");
    resolve(lib, a.odb_hashfile, "git_odb_hashfile");
    resolve(lib, a.error_clear, "git_error_clear");
    resolve(lib, a.libgit2_opts, "git_libgit2_opts");
    resolve(lib, a.reference_lookup, "git_reference_lookup");
    resolve(lib, a.reference_symbolic_target, "git_reference_symbolic_target");
    if (a.libgit2_init() < 0) throw Error("cannot initialise libgit2");
    // wildplan creates trees and commits only from objects it just wrote or read: checking
    // that each referenced object exists costs a lookup per tree entry and buys nothing here.
    a.libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
    // libgit2 stays loaded and initialised until the process ends.
  });
  return a;
}

void check(int rc, std::string_view doing) {
  if (rc >= 0) return;
  const git_error* e = api().error_last();
  throw Error(std::string(doing) + ": " + (e && e->message ? e->message : "unknown libgit2 error"));
}

struct RepoFree {
  void operator()(git_repository* r) const { api().repository_free(r); }
};
struct IndexFree {
  void operator()(git_index* i) const { api().index_free(i); }
};
struct BlobFree {
  void operator()(git_blob* b) const { api().blob_free(b); }
};
struct ConfigFree {
  void operator()(git_config* c) const { api().config_free(c); }
};
using Repo = std::unique_ptr<git_repository, RepoFree>;
using Index = std::unique_ptr<git_index, IndexFree>;
using Blob = std::unique_ptr<git_blob, BlobFree>;
using Config = std::unique_ptr<git_config, ConfigFree>;

template <typename T, void (*Api::*Free)(T*)>
struct ApiFree {
  void operator()(T* p) const { (api().*Free)(p); }
};
using Object = std::unique_ptr<git_object, ApiFree<git_object, &Api::object_free>>;
using Reference = std::unique_ptr<git_reference, ApiFree<git_reference, &Api::reference_free>>;
using Commit = std::unique_ptr<git_commit, ApiFree<git_commit, &Api::commit_free>>;
using Tree = std::unique_ptr<git_tree, ApiFree<git_tree, &Api::tree_free>>;
using Odb = std::unique_ptr<git_odb, ApiFree<git_odb, &Api::odb_free>>;
using Signature = std::unique_ptr<git_signature, ApiFree<git_signature, &Api::signature_free>>;

Repo open(const std::string& dir) {
  git_repository* r = nullptr;
  check(api().repository_open_ext(&r, dir.c_str(), 0, nullptr),
        "cannot open a git repository at '" + dir + "'");
  return Repo(r);
}

/// Whether the index file ends in a null checksum: git >= 2.40 writes one with index.skipHash
/// (which feature.manyFiles turns on), and libgit2 before 1.8 rejects it as corrupt.
bool index_has_null_checksum(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in || in.tellg() < 20) return false;
  in.seekg(-20, std::ios::end);
  char tail[20] = {};
  in.read(tail, sizeof tail);
  return in && std::all_of(std::begin(tail), std::end(tail), [](char c) { return c == 0; });
}

Index index_of(git_repository* repo) {
  git_index* i = nullptr;
  if (api().repository_index(&i, repo) < 0) {
    const std::string index = std::string(api().repository_path(repo)) + "index";
    if (index_has_null_checksum(index)) {
      throw Error("cannot read the index '" + index +
                  "': it was written with index.skipHash (git 2.40 or later, or "
                  "feature.manyFiles), which this libgit2 cannot read; run 'git config "
                  "index.skipHash false && git update-index --really-refresh' to rewrite it");
    }
    check(-1, "cannot read the index");
  }
  return Index(i);
}

std::string blob_bytes(git_repository* repo, const git_oid* id, const char* path) {
  git_blob* b = nullptr;
  check(api().blob_lookup(&b, repo, id), std::string("cannot read the staged '") + path + "'");
  const Blob blob(b);
  const auto* data = static_cast<const char*>(api().blob_rawcontent(b));
  return std::string(data, static_cast<std::size_t>(api().blob_rawsize(b)));
}

constexpr std::string_view kHookMarker = "# wildplan pre-commit hook";

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

GitPreload::GitPreload()
    : thread_([] {
        try {
          api();
        } catch (const Error&) {  // said again where git is used
        }
      }) {}
GitPreload::~GitPreload() { thread_.join(); }

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

struct Repository::Impl {
  Repo repo;
  RepositoryInfo info;
  mutable Index index;  // read on first use

  git_index* get_index() const {
    if (!index) index = index_of(repo.get());
    return index.get();
  }
};

Repository::Repository(const std::string& dir) : impl_(std::make_unique<Impl>()) {
  impl_->repo = open(dir);
  RepositoryInfo& info = impl_->info;
  const char* wd = api().repository_workdir(impl_->repo.get());
  info.workdir = wd ? wd : "";
  info.gitdir = api().repository_path(impl_->repo.get());
  git_config* c = nullptr;
  check(api().repository_config_snapshot(&c, impl_->repo.get()),
        "cannot read the repository's configuration");
  const Config config(c);
  const char* hooks = nullptr;
  if (api().config_get_string(&hooks, c, "core.hooksPath") == 0 && hooks && *hooks) {
    std::filesystem::path p(hooks);
    if (p.is_relative())
      p = std::filesystem::path(info.workdir.empty() ? info.gitdir : info.workdir) / p;
    info.hooks_dir = p.lexically_normal().string();
  } else {
    info.hooks_dir = info.gitdir + "hooks";
  }
}

Repository::~Repository() = default;
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;

const RepositoryInfo& Repository::info() const { return impl_->info; }

std::vector<StagedFile> Repository::staged(const std::vector<std::string>& globs) const {
  git_index* index = impl_->get_index();
  std::vector<StagedFile> out;
  const std::size_t n = api().index_entrycount(index);
  for (std::size_t i = 0; i < n; ++i) {
    const git_index_entry* e = api().index_get_byindex(index, i);
    if (!e || GIT_INDEX_ENTRY_STAGE(e) != 0 || !path_matches(e->path, globs)) continue;
    out.push_back({e->path, blob_bytes(impl_->repo.get(), &e->id, e->path)});
  }
  return out;
}

std::optional<std::string> Repository::staged_file(const std::string& path) const {
  const git_index_entry* e = api().index_get_bypath(impl_->get_index(), path.c_str(), 0);
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
  check(api().revparse_single(&o, impl_->repo.get(), spec.c_str()), "cannot read '" + spec + "'");
  const Object obj(o);
  if (api().object_type(o) != GIT_OBJECT_BLOB) throw Error("'" + spec + "' is not a file");
  auto* blob = reinterpret_cast<git_blob*>(o);
  const auto* data = static_cast<const char*>(api().blob_rawcontent(blob));
  return std::string(data, static_cast<std::size_t>(api().blob_rawsize(blob)));
}

namespace {

bool config_bool(git_repository* repo, const char* key, bool fallback) {
  git_config* c = nullptr;
  if (api().repository_config_snapshot(&c, repo) == 0) {
    const Config config(c);
    int v = fallback;
    if (api().config_get_bool(&v, c, key) == 0) fallback = v != 0;
  }
  api().error_clear();
  return fallback;
}

struct WorkTreeChange {
  std::string path;
  bool deleted = false;
  bool maybe = false;  ///< its stat data differs, its content was not compared
};

/// What `git add -A` would stage: the work tree against the index. The index's stat data spares
/// unchanged files a read (worktree_scan.hpp); a file whose stat data differs is hashed, through
/// its filters, and compared with the staged blob; untracked paths are asked the ignore rules
/// (.gitignore files, .git/info/exclude, core.excludesFile), directories before their files.
/// With `compare` false, the files whose stat data differs are returned as `maybe`, for a
/// caller that reads them anyway. `filemode` is core.filemode.
std::vector<WorkTreeChange> work_tree_changes(git_repository* repo, git_index* index,
                                              const RepositoryInfo& info, bool filemode,
                                              bool compare) {
  std::vector<detail::IndexStat> stats;
  const std::size_t n = api().index_entrycount(index);
  stats.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const git_index_entry* e = api().index_get_byindex(index, i);
    if (!e) continue;
    stats.push_back({e->path, e->ctime.seconds, e->ctime.nanoseconds, e->mtime.seconds,
                     e->mtime.nanoseconds, e->ino, e->uid, e->gid, e->file_size, e->mode,
                     GIT_INDEX_ENTRY_STAGE(e) != 0,
                     (e->flags & GIT_INDEX_ENTRY_VALID) != 0 ||
                         (e->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE) != 0});
  }
  struct stat index_stat {};
  if (::stat((info.gitdir + "index").c_str(), &index_stat) != 0) index_stat = {};
  const unsigned threads = n < 512 ? 1u : std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  detail::WorkTreeScan scan =
      detail::scan_work_tree(info.workdir, std::move(stats), index_stat.st_mtim.tv_sec,
                             static_cast<std::uint32_t>(index_stat.st_mtim.tv_nsec), threads);

  const auto ignored = [&](const std::string& path) {
    int yes = 0;
    check(api().ignore_path_is_ignored(&yes, repo, path.c_str()),
          "cannot read the ignore rules for '" + path + "'");
    return yes == 1;
  };

  std::vector<WorkTreeChange> out;
  for (std::string& p : scan.deleted) out.push_back({std::move(p), true});
  for (std::string& p : scan.type_changed) out.push_back({std::move(p)});
  for (std::string& p : scan.maybe_changed) {
    if (!compare) {
      out.push_back({std::move(p), false, true});
      continue;
    }
    const git_index_entry* e = api().index_get_bypath(index, p.c_str(), 0);
    struct stat st {};
    bool changed = !e || ::lstat((info.workdir + p).c_str(), &st) != 0;
    if (!changed && filemode && S_ISREG(st.st_mode))
      changed = ((e->mode & 0100) != 0) != ((st.st_mode & S_IXUSR) != 0);
    if (!changed) {
      git_oid now;
      check(api().repository_hashfile(&now, repo, p.c_str(), GIT_OBJECT_BLOB, nullptr),
            "cannot read '" + p + "'");
      changed = std::memcmp(now.id, e->id.id, sizeof now.id) != 0;
    }
    if (changed) out.push_back({std::move(p)});
  }
  for (std::string& p : scan.untracked) {
    if (!ignored(p)) out.push_back({std::move(p)});
  }
  for (const std::string& dir : scan.untracked_dirs) {
    if (ignored(dir)) continue;
    for (std::string& p : detail::list_untracked(info.workdir, dir, ignored))
      out.push_back({std::move(p)});
  }
  std::sort(out.begin(), out.end(),
            [](const WorkTreeChange& a, const WorkTreeChange& b) { return a.path < b.path; });
  return out;
}

bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// Whether the changed files go into the repository exactly as their bytes: no attributes that
/// could name a filter or a line-ending conversion (no .gitattributes in the index or in a
/// changed file's directories, no info/attributes, no global or system attributes file), and no
/// core.autocrlf. Then they are hashed and staged straight from their bytes, as git would;
/// otherwise libgit2's filters decide, a path at a time.
bool stored_as_is(git_repository* repo, git_index* index, const RepositoryInfo& info,
                  const std::vector<WorkTreeChange>& changes) {
  {
    git_config* c = nullptr;
    check(api().repository_config_snapshot(&c, repo), "cannot read the repository's configuration");
    const Config config(c);
    const char* value = nullptr;
    int flag = 1;
    const bool converts = (api().config_get_string(&value, c, "core.autocrlf") == 0 && value &&
                           std::string_view(value) != "false") ||
                          api().config_get_string(&value, c, "core.attributesFile") == 0 ||
                          (api().config_get_bool(&flag, c, "core.symlinks") == 0 && !flag);
    api().error_clear();
    if (converts) return false;
  }
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  const std::string global = xdg && *xdg     ? std::string(xdg) + "/git/attributes"
                             : home && *home ? std::string(home) + "/.config/git/attributes"
                                             : std::string();
  if (exists(info.gitdir + "info/attributes") || (!global.empty() && exists(global)) ||
      exists("/etc/gitattributes")) {
    return false;
  }
  const std::size_t n = api().index_entrycount(index);
  for (std::size_t i = 0; i < n; ++i) {
    const git_index_entry* e = api().index_get_byindex(index, i);
    if (e && base_name(e->path) == ".gitattributes") return false;
  }
  std::vector<std::string> dirs;
  for (const WorkTreeChange& c : changes) {
    if (base_name(c.path) == ".gitattributes") return false;
    for (std::size_t slash = c.path.find('/'); slash != std::string::npos;
         slash = c.path.find('/', slash + 1)) {
      dirs.push_back(c.path.substr(0, slash + 1));
    }
  }
  std::sort(dirs.begin(), dirs.end());
  dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
  dirs.insert(dirs.begin(), "");
  for (const std::string& d : dirs) {
    if (exists(info.workdir + d + ".gitattributes")) return false;
  }
  return true;
}

/// Stages the file at `path` from its bytes (see stored_as_is), with its stat data, as
/// git_index_add_bypath would without filters. False when it is not a regular file or symlink
/// small enough to read whole, for the caller to hand to libgit2.
bool stage_as_is(git_index* index, git_odb* odb, const RepositoryInfo& info,
                 const std::string& path, bool filemode) {
  const std::string full = info.workdir + path;
  struct stat st {};
  std::string data;
  if (::lstat(full.c_str(), &st) != 0) return false;
  constexpr off_t kLargest = off_t{64} << 20;
  if (S_ISLNK(st.st_mode)) {
    data.resize(static_cast<std::size_t>(st.st_size) + 1);
    const ssize_t n = ::readlink(full.c_str(), data.data(), data.size());
    if (n < 0 || static_cast<std::size_t>(n) >= data.size()) return false;
    data.resize(static_cast<std::size_t>(n));
  } else if (S_ISREG(st.st_mode) && st.st_size <= kLargest) {
    const int fd = ::open(full.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return false;
    // The stat data recorded is the one of the bytes read: fstat the open file.
    bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= kLargest;
    if (ok) {
      data.resize(static_cast<std::size_t>(st.st_size));
      std::size_t got = 0;
      while (ok && got < data.size()) {
        const ssize_t r = ::read(fd, data.data() + got, data.size() - got);
        if (r < 0 && errno == EINTR) continue;
        ok = r > 0;
        if (ok) got += static_cast<std::size_t>(r);
      }
    }
    ::close(fd);
    if (!ok) return false;
  } else {
    return false;
  }
  git_index_entry e{};
  check(api().odb_write(&e.id, odb, data.data(), data.size(), GIT_OBJECT_BLOB),
        "cannot write the blob of '" + path + "'");
  e.ctime = {static_cast<std::int32_t>(st.st_ctim.tv_sec),
             static_cast<std::uint32_t>(st.st_ctim.tv_nsec)};
  e.mtime = {static_cast<std::int32_t>(st.st_mtim.tv_sec),
             static_cast<std::uint32_t>(st.st_mtim.tv_nsec)};
  e.dev = static_cast<std::uint32_t>(st.st_dev);
  e.ino = static_cast<std::uint32_t>(st.st_ino);
  e.uid = st.st_uid;
  e.gid = st.st_gid;
  e.file_size = static_cast<std::uint32_t>(st.st_size);
  if (S_ISLNK(st.st_mode)) {
    e.mode = GIT_FILEMODE_LINK;
  } else if (filemode) {
    e.mode = (st.st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
  } else {
    // core.filemode off: the executable bit stays as the index has it
    const git_index_entry* old = api().index_get_bypath(index, path.c_str(), 0);
    e.mode = old && old->mode == GIT_FILEMODE_BLOB_EXECUTABLE ? GIT_FILEMODE_BLOB_EXECUTABLE
                                                              : GIT_FILEMODE_BLOB;
  }
  e.path = path.c_str();
  check(api().index_add(index, &e), "cannot stage '" + path + "'");
  return true;
}

std::optional<Identity> env_identity(const char* name_var, const char* email_var) {
  const char* name = std::getenv(name_var);
  const char* email = std::getenv(email_var);
  if (name && *name && email && *email) return Identity{name, email};
  return std::nullopt;
}

}  // namespace

std::vector<std::string> Repository::changed_paths() const {
  std::vector<std::string> out;
  git_repository* repo = impl_->repo.get();
  for (auto& c : work_tree_changes(repo, impl_->get_index(), impl_->info,
                                   config_bool(repo, "core.filemode", true), true))
    out.push_back(std::move(c.path));
  return out;
}

std::string Repository::hash_file(const std::string& path) const {
  const std::string full = impl_->info.workdir + path;
  git_oid oid;
  if (api().odb_hashfile(&oid, full.c_str(), GIT_OBJECT_BLOB) < 0) {
    api().error_clear();
    return "";
  }
  return api().oid_tostr_s(&oid);
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
  if (info.workdir.empty())
    throw Error("'" + info.gitdir + "' is a bare repository: it has no work tree to commit");
  const int state = api().repository_state(repo);
  if (state != GIT_REPOSITORY_STATE_NONE) {
    static constexpr const char* kStates[] = {
        "",         "a merge",         "a revert",
        "a revert", "a cherry-pick",   "a cherry-pick",
        "a bisect", "a rebase",        "a rebase",
        "a rebase", "a mailbox apply", "a mailbox apply or rebase"};
    const char* what = state > 0 && state < 12 ? kStates[state] : "an operation";
    throw Error(std::string(what) + " is in progress in '" + info.workdir +
                "': finish or abort it first; wildplan never commits a half-done tree");
  }

  // Who: --author, else the environment, else the configuration. Never an invented identity.
  std::optional<Identity> author =
      req.author ? req.author : env_identity("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL");
  std::optional<Identity> configured;
  {
    git_config* c = nullptr;
    check(api().repository_config_snapshot(&c, repo), "cannot read the repository's configuration");
    const Config config(c);
    const char* name = nullptr;
    const char* email = nullptr;
    if (api().config_get_string(&name, c, "user.name") == 0 &&
        api().config_get_string(&email, c, "user.email") == 0 && name && *name && email && *email) {
      configured = Identity{name, email};
    }
    api().error_clear();
  }
  if (!author) author = configured;
  std::optional<Identity> committer = env_identity("GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL");
  if (!committer) committer = configured ? configured : author;
  if (!author || !committer) {
    throw Error(
        "no identity to commit as: set one with 'git config user.name' and "
        "'git config user.email', GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL, or --author 'Name "
        "<email>'");
  }

  CommitResult result;
  std::optional<std::vector<std::string>> only_paths;
  if (req.from_snapshot) only_paths = detail::paths_since_snapshot(*this, result.left_out);
  if (req.verify) detail::run_pre_commit_hook(info);

  // Stage like `git add -A`, only what changed (the stat data of the index spares the rest).
  git_index* index = impl_->get_index();
  bool refreshed = false;
  const bool filemode = config_bool(repo, "core.filemode", true);
  auto changes = work_tree_changes(repo, index, info, filemode, false);
  const bool as_is = stored_as_is(repo, index, info, changes);
  Odb odb;
  if (as_is) {
    git_odb* o = nullptr;
    check(api().repository_odb(&o, repo), "cannot open the object database");
    odb.reset(o);
  }
  for (const WorkTreeChange& c : changes) {
    if (only_paths &&
        std::find(only_paths->begin(), only_paths->end(), c.path) == only_paths->end()) {
      continue;
    }
    // One call per path: git_index_add_all would walk the whole work tree a second time
    // (measured: 2.3x git's time on repo-5k).
    if (c.deleted) {
      check(api().index_remove_bypath(index, c.path.c_str()),
            "cannot stage the removal of '" + c.path + "'");
    } else {
      git_oid before{};
      std::uint32_t mode_before = 0;
      if (c.maybe) {
        const git_index_entry* e = api().index_get_bypath(index, c.path.c_str(), 0);
        if (e) before = e->id, mode_before = e->mode;
      }
      if (!as_is || !stage_as_is(index, odb.get(), info, c.path, filemode))
        check(api().index_add_bypath(index, c.path.c_str()), "cannot stage '" + c.path + "'");
      if (c.maybe) {
        // Only its stat data had changed: the entry is refreshed, but nothing was staged.
        const git_index_entry* e = api().index_get_bypath(index, c.path.c_str(), 0);
        if (e && e->mode == mode_before &&
            std::memcmp(e->id.id, before.id, sizeof before.id) == 0) {
          refreshed = true;
          continue;
        }
      }
    }
    result.staged.push_back(c.path);
  }
  if (!result.staged.empty() || refreshed) {
    // index.lock held by someone else: wait, bounded, then name it.
    const auto deadline = std::chrono::steady_clock::now() + req.lock_timeout;
    for (auto wait = std::chrono::milliseconds(1);;
         wait = std::min(wait * 2, std::chrono::milliseconds(50))) {
      const int rc = api().index_write(index);
      if (rc == 0) break;
      if (rc != GIT_ELOCKED || std::chrono::steady_clock::now() >= deadline) {
        if (rc == GIT_ELOCKED) {
          throw Error("'" + info.gitdir +
                      "index.lock' is held: another git process is running; if none "
                      "is, remove it");
        }
        check(rc, "cannot write the index");
      }
      api().error_clear();
      std::this_thread::sleep_for(wait);
    }
  }
  git_oid tree_id;
  check(api().index_write_tree(&tree_id, index), "cannot write the tree");
  if (api().repository_head_unborn(repo) == 1 && api().index_entrycount(index) == 0) return result;

  result.first = api().repository_head_unborn(repo) == 1;
  result.detached = api().repository_head_detached(repo) == 1;
  Commit parent;
  if (!result.first) {
    git_oid head;
    check(api().reference_name_to_id(&head, repo, "HEAD"), "cannot resolve HEAD");
    git_commit* p = nullptr;
    check(api().commit_lookup(&p, repo, &head), "cannot read HEAD's commit");
    parent.reset(p);
    if (std::memcmp(api().commit_tree_id(p)->id, tree_id.id, sizeof tree_id.id) == 0)
      return result;  // nothing
    git_reference* ref = nullptr;
    if (api().repository_head(&ref, repo) == 0) {
      const Reference r(ref);
      if (!result.detached) result.branch = api().reference_name(ref);
    }
  } else {
    // An unborn branch: its name is what HEAD points at.
    git_reference* ref = nullptr;
    if (api().reference_lookup(&ref, repo, "HEAD") == 0) {
      const Reference r(ref);
      if (const char* target = api().reference_symbolic_target(ref)) result.branch = target;
    }
    api().error_clear();
  }
  git_tree* t = nullptr;
  check(api().tree_lookup(&t, repo, &tree_id), "cannot read the new tree");
  const Tree tree(t);
  git_signature* a = nullptr;
  git_signature* c = nullptr;
  check(api().signature_now(&a, author->name.c_str(), author->email.c_str()),
        "invalid author identity");
  const Signature author_sig(a);
  check(api().signature_now(&c, committer->name.c_str(), committer->email.c_str()),
        "invalid committer identity");
  const Signature committer_sig(c);
  const git_commit* parents[] = {parent.get()};
  git_oid id;
  check(api().commit_create(&id, repo, "HEAD", author_sig.get(), committer_sig.get(), nullptr,
                            req.message.c_str(), tree.get(), parent ? 1 : 0, parents),
        "cannot create the commit");
  result.committed = true;
  result.id = api().oid_tostr_s(&id);
  return result;
}

HookOutcome install_hook(const RepositoryInfo& repo, const std::string& command) {
  namespace fs = std::filesystem;
  const fs::path hook = fs::path(repo.hooks_dir) / "pre-commit";
  std::error_code ec;
  const bool exists = fs::exists(hook, ec);
  if (exists && read_text(hook).find(kHookMarker) == std::string::npos) {
    throw Error("a pre-commit hook that wildplan did not write is already at '" + hook.string() +
                "': left as it is; add '" + command + "' to it yourself");
  }
  fs::create_directories(repo.hooks_dir, ec);
  if (ec) throw Error("cannot create '" + repo.hooks_dir + "': " + ec.message(), ec);
  const std::string script = "#!/bin/sh\n" + std::string(kHookMarker) +
                             " (written by 'wildplan hook install'; 'wildplan hook uninstall' "
                             "removes it)\nexec " +
                             command + "\n";
  const fs::path tmp = hook.string() + ".wildplan-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << script;
    if (!out) throw Error("cannot write '" + tmp.string() + "'");
  }
  ::chmod(tmp.c_str(), 0755);
  if (::rename(tmp.c_str(), hook.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw Error("cannot write '" + hook.string() + "': " + std::strerror(err),
                std::error_code(err, std::generic_category()));
  }
  return exists ? HookOutcome::Updated : HookOutcome::Installed;
}

HookOutcome uninstall_hook(const RepositoryInfo& repo) {
  namespace fs = std::filesystem;
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
