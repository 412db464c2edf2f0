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
#include <dlfcn.h>
#include <fnmatch.h>
#include <git2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "wildplan/diagnostic.hpp"
#include "wildplan/git.hpp"

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
      throw Error(std::string("cannot load libgit2 (") + WILDPLAN_LIBGIT2_SONAME + "): " +
                  (why ? why : "unknown error") + "; install libgit2");
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
    if (a.libgit2_init() < 0) throw Error("cannot initialise libgit2");
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

Repo open(const std::string& dir) {
  git_repository* r = nullptr;
  check(api().repository_open_ext(&r, dir.c_str(), 0, nullptr),
        "cannot open a git repository at '" + dir + "'");
  return Repo(r);
}

Index index_of(git_repository* repo) {
  git_index* i = nullptr;
  check(api().repository_index(&i, repo), "cannot read the index");
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

bool path_matches(std::string_view path, const std::vector<std::string>& globs) {
  const std::string p(path);
  for (const std::string& g : globs) {
    if (::fnmatch(g.c_str(), p.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0) return true;
    // ".agents/..." starts with a period: let a glob that spells it out match it
    if (::fnmatch(g.c_str(), p.c_str(), FNM_PATHNAME) == 0 && g.starts_with('.') == p.starts_with('.')) {
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
    if (p.is_relative()) p = std::filesystem::path(info.workdir.empty() ? info.gitdir : info.workdir) / p;
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
                             "removes it)\nexec " + command + "\n";
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
  if (!fs::remove(hook, ec) || ec) throw Error("cannot remove '" + hook.string() + "': " + ec.message(), ec);
  return HookOutcome::Removed;
}

}  // namespace wildplan
