// libgit2's initialisation and error reporting (libgit2.hpp).
//
// Why linked and not loaded on first use: loading it with dlopen spared the commands that never
// touch git the ~2.5 ms of mapping libgit2's seventeen libraries, at the price of a table of
// sixty function pointers, a library name fixed in the code, a dependency packaging tools could
// not see, and an abort when the load failed inside std::call_once. Measured, the saving is
// below anything a person or a loop can notice (README, "Dependencies"); linking is plain.
#include "git/libgit2.hpp"

#include "wildplan/diagnostic.hpp"

namespace wildplan::detail {

void init_libgit2() {
  // A function-local static runs git_libgit2_init() once, even with threads; nothing in its
  // initialiser throws, so no exception ever crosses the runtime's once-guard.
  static const int rc = [] {
    const int r = git_libgit2_init();
    // wildplan creates trees and commits only from objects it just wrote or read: checking
    // that each referenced object exists costs a lookup per tree entry and buys nothing here.
    if (r >= 0) git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
    return r;
  }();
  if (rc < 0) throw Error("cannot initialise libgit2: " + last_error());
}

std::string last_error() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

void check(int rc, std::string_view doing) {
  if (rc >= 0) return;
  throw Error(std::string(doing) + ": " + last_error());
}

Config config_of(git_repository* repo) {
  git_config* c = nullptr;
  check(git_repository_config_snapshot(&c, repo), "cannot read the repository's configuration");
  return Config(c);
}

bool config_bool(git_repository* repo, const char* key, bool fallback) {
  const Config config = config_of(repo);
  int v = fallback;
  if (git_config_get_bool(&v, config.get(), key) == 0) fallback = v != 0;
  git_error_clear();
  return fallback;
}

std::optional<std::string> config_string(git_repository* repo, const char* key) {
  const Config config = config_of(repo);
  const char* value = nullptr;
  std::optional<std::string> out;
  if (git_config_get_string(&value, config.get(), key) == 0 && value) out = value;
  git_error_clear();
  return out;
}

}  // namespace wildplan::detail
