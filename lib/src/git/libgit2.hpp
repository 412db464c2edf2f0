#pragma once
// libgit2, linked like any other library (README, "Dependencies", has the start-up cost that was
// measured for it). Calling sequence: whatever opens a repository calls init_libgit2() first
// (Repository's constructor does); check() turns a negative return into an Error carrying
// git_error_last()'s message, read straight after the failing call; the handles below free
// themselves.
#include <git2.h>
#include <git2/sys/repository.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace wildplan::detail {

/// Initialises libgit2 once per process; throws Error when it cannot.
void init_libgit2();

/// Throws Error("<doing>: <libgit2's message>") when `rc` is negative.
void check(int rc, std::string_view doing);

/// The message of the last libgit2 failure, or a stand-in when it left none (1.5 may not).
std::string last_error();

template <auto Free>
struct Freer {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using Repo = std::unique_ptr<git_repository, Freer<git_repository_free>>;
using Index = std::unique_ptr<git_index, Freer<git_index_free>>;
using Blob = std::unique_ptr<git_blob, Freer<git_blob_free>>;
using Config = std::unique_ptr<git_config, Freer<git_config_free>>;
using Object = std::unique_ptr<git_object, Freer<git_object_free>>;
using Reference = std::unique_ptr<git_reference, Freer<git_reference_free>>;
using Commit = std::unique_ptr<git_commit, Freer<git_commit_free>>;
using Tree = std::unique_ptr<git_tree, Freer<git_tree_free>>;
using TreeEntry = std::unique_ptr<git_tree_entry, Freer<git_tree_entry_free>>;
using Odb = std::unique_ptr<git_odb, Freer<git_odb_free>>;
using Signature = std::unique_ptr<git_signature, Freer<git_signature_free>>;

/// The repository's configuration, as a snapshot.
Config config_of(git_repository* repo);
/// The boolean `key` of the configuration, or `fallback` when it is not set.
bool config_bool(git_repository* repo, const char* key, bool fallback);
/// The string `key` of the configuration, if it is set.
std::optional<std::string> config_string(git_repository* repo, const char* key);

}  // namespace wildplan::detail
