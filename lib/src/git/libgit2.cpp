// Loading libgit2 and its error reporting (libgit2.hpp).
#include "git/libgit2.hpp"

#include <dlfcn.h>

#include "wildplan/diagnostic.hpp"
#include "wildplan/git.hpp"

namespace wildplan::detail {
namespace {

struct Loaded {
  Api api;
  std::string error;  ///< why libgit2 cannot be used; empty when it can
};

/// "libgit2-1.5" for "libgit2.so.1.5": Debian's name for the package holding that library.
std::string package_of(std::string_view soname) {
  std::string name(soname);
  if (const auto so = name.find(".so."); so != std::string::npos) name.replace(so, 4, "-");
  return name;
}

Loaded load() {
  Loaded out;
  constexpr const char* kSoname = WILDPLAN_LIBGIT2_SONAME;
  void* lib = ::dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char* why = ::dlerror();
    out.error = std::string("cannot load libgit2 (") + kSoname + "), which every git command " +
                "needs: " + (why ? why : "unknown error") + "; install it (Debian: apt-get " +
                "install " + package_of(kSoname) + ")";
    return out;
  }
  // libgit2 stays loaded until the process ends.
#define WILDPLAN_LIBGIT2_RESOLVE(name)                                               \
  out.api.name = reinterpret_cast<decltype(out.api.name)>(::dlsym(lib, #name));      \
  if (!out.api.name) {                                                               \
    out.error = std::string(kSoname) + " lacks " #name ": install libgit2 " +        \
                "1.5 or later of the same ABI (Debian: apt-get install " +           \
                package_of(kSoname) + ")";                                           \
    return out;                                                                      \
  }
  WILDPLAN_LIBGIT2_FUNCTIONS(WILDPLAN_LIBGIT2_RESOLVE)
#undef WILDPLAN_LIBGIT2_RESOLVE
  if (out.api.git_libgit2_init() < 0) {
    const git_error* e = out.api.git_error_last();
    out.error = std::string("cannot initialise libgit2: ") +
                (e && e->message ? e->message : "unknown libgit2 error");
    return out;
  }
  // wildplan creates trees and commits only from objects it just wrote or read: checking
  // that each referenced object exists costs a lookup per tree entry and buys nothing here.
  out.api.git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
  return out;
}

}  // namespace

const Api& lg2() {
  // A function-local static loads once, even with threads. load() reports a failure in its
  // result instead of throwing, so no exception crosses the runtime's once-guard (that, with a
  // statically linked C++ runtime, was an abort with no message).
  static const Loaded loaded = load();
  if (!loaded.error.empty()) throw GitError(loaded.error);
  return loaded.api;
}

std::string last_error() {
  const git_error* e = lg2().git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

void check(int rc, std::string_view doing) {
  if (rc >= 0) return;
  throw GitError(std::string(doing) + ": " + last_error());
}

Config config_of(git_repository* repo) {
  git_config* c = nullptr;
  check(lg2().git_repository_config_snapshot(&c, repo),
        "cannot read the repository's configuration");
  return Config(c);
}

bool config_bool(git_repository* repo, const char* key, bool fallback) {
  const Config config = config_of(repo);
  int v = fallback;
  if (lg2().git_config_get_bool(&v, config.get(), key) == 0) fallback = v != 0;
  lg2().git_error_clear();
  return fallback;
}

std::optional<std::string> config_string(git_repository* repo, const char* key) {
  const Config config = config_of(repo);
  const char* value = nullptr;
  std::optional<std::string> out;
  if (lg2().git_config_get_string(&value, config.get(), key) == 0 && value) out = value;
  lg2().git_error_clear();
  return out;
}

}  // namespace wildplan::detail
