#pragma once
// libgit2, loaded with dlopen on first use, by the SONAME of the libgit2 the build found
// (cmake/FindLibGit2.cmake). Why not linked: Debian's libgit2 brings seventeen libraries (from
// mbedTLS to Kerberos) whose mapping makes every start of wildplan about 3 ms slower, three times
// a C++ hello-world's whole run, and most commands (parse, validate of a file, list, check) never
// touch git. The declarations still come from <git2.h>, so every pointer has libgit2's exact type.
//
// Calling sequence: lg2() loads and initialises libgit2 once per process and returns its
// functions (throws Error naming the library and how to install it when it cannot be loaded);
// check() turns a negative return into an Error carrying git_error_last()'s message, read
// straight after the failing call; the handles below free themselves.
#include <git2.h>
#include <git2/sys/repository.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace wildplan::detail {

// Every libgit2 function wildplan calls: one line here, and it is looked up at load.
// clang-format off
#define WILDPLAN_LIBGIT2_FUNCTIONS(X)                                                           \
  X(git_libgit2_init) X(git_libgit2_opts) X(git_error_last) X(git_error_clear)                  \
  X(git_repository_open_ext) X(git_repository_free) X(git_repository_path)                      \
  X(git_repository_workdir) X(git_repository_commondir) X(git_repository_is_bare)               \
  X(git_repository_config_snapshot) X(git_repository_set_index) X(git_repository_set_odb)       \
  X(git_repository_set_namespace) X(git_repository_set_workdir) X(git_repository_state)         \
  X(git_repository_head) X(git_repository_head_detached) X(git_repository_head_unborn)          \
  X(git_repository_odb) X(git_repository_hashfile)                                               \
  X(git_config_get_bool) X(git_config_get_string) X(git_config_parse_bool) X(git_config_free)   \
  X(git_index_open) X(git_index_free) X(git_index_read) X(git_index_write)                      \
  X(git_index_write_tree) X(git_index_set_caps) X(git_index_entrycount)                         \
  X(git_index_get_byindex) X(git_index_get_bypath) X(git_index_add) X(git_index_add_bypath)     \
  X(git_index_remove_bypath)                                                                     \
  X(git_odb_open) X(git_odb_free) X(git_odb_write) X(git_odb_hashfile)                          \
  X(git_odb_add_disk_alternate)                                                                  \
  X(git_blob_lookup) X(git_blob_free) X(git_blob_rawcontent) X(git_blob_rawsize)                \
  X(git_commit_lookup) X(git_commit_free) X(git_commit_tree_id) X(git_commit_create)            \
  X(git_tree_lookup) X(git_tree_free) X(git_tree_entry_bypath) X(git_tree_entry_free)           \
  X(git_tree_entry_id) X(git_tree_entry_filemode)                                                \
  X(git_object_type) X(git_object_free) X(git_revparse_single)                                   \
  X(git_reference_lookup) X(git_reference_free) X(git_reference_name)                           \
  X(git_reference_name_to_id) X(git_reference_symbolic_target)                                   \
  X(git_oid_equal) X(git_oid_tostr_s) X(git_signature_now) X(git_signature_free)                \
  X(git_ignore_path_is_ignored)                                                                  \
  X(git_revwalk_new) X(git_revwalk_free) X(git_revwalk_sorting) X(git_revwalk_push_head)        \
  X(git_revwalk_hide) X(git_revwalk_next) X(git_revwalk_simplify_first_parent)                  \
  X(git_commit_tree) X(git_commit_time) X(git_commit_time_offset) X(git_commit_message)         \
  X(git_tree_entry_type) X(git_object_id) X(git_commit_parentcount) X(git_commit_parent_id)        \
  X(git_diff_tree_to_index) X(git_diff_num_deltas) X(git_diff_get_delta) X(git_diff_free)  \
  X(git_merge_file) X(git_merge_file_result_free) X(git_diff_buffers) X(git_diff_options_init)  \
  X(git_config_open_ondisk) X(git_config_get_entry) X(git_config_entry_free)                    \
  X(git_config_set_string) X(git_config_delete_entry)
// clang-format on

/// libgit2's functions, as pointers with their exact types: `lg2().git_index_read(...)`.
struct Api {
#define WILDPLAN_LIBGIT2_POINTER(name) decltype(&::name) name = nullptr;
  WILDPLAN_LIBGIT2_FUNCTIONS(WILDPLAN_LIBGIT2_POINTER)
#undef WILDPLAN_LIBGIT2_POINTER
};

/// libgit2, loaded and initialised on first use. Throws Error when it cannot be loaded (missing,
/// another version lacking a function) or initialised; later calls throw the same again.
const Api& lg2();

/// Throws Error("<doing>: <libgit2's message>") when `rc` is negative.
void check(int rc, std::string_view doing);

/// The message of the last libgit2 failure, or a stand-in when it left none (1.5 may not).
std::string last_error();

template <auto Api::*Free>
struct Freer {
  template <typename T>
  void operator()(T* p) const {
    (lg2().*Free)(p);
  }
};
using Repo = std::unique_ptr<git_repository, Freer<&Api::git_repository_free>>;
using Index = std::unique_ptr<git_index, Freer<&Api::git_index_free>>;
using Blob = std::unique_ptr<git_blob, Freer<&Api::git_blob_free>>;
using Config = std::unique_ptr<git_config, Freer<&Api::git_config_free>>;
using Object = std::unique_ptr<git_object, Freer<&Api::git_object_free>>;
using Reference = std::unique_ptr<git_reference, Freer<&Api::git_reference_free>>;
using Commit = std::unique_ptr<git_commit, Freer<&Api::git_commit_free>>;
using Tree = std::unique_ptr<git_tree, Freer<&Api::git_tree_free>>;
using TreeEntry = std::unique_ptr<git_tree_entry, Freer<&Api::git_tree_entry_free>>;
using Odb = std::unique_ptr<git_odb, Freer<&Api::git_odb_free>>;
using Signature = std::unique_ptr<git_signature, Freer<&Api::git_signature_free>>;
using Revwalk = std::unique_ptr<git_revwalk, Freer<&Api::git_revwalk_free>>;

/// The repository's configuration, as a snapshot.
Config config_of(git_repository* repo);
/// The boolean `key` of the configuration, or `fallback` when it is not set.
bool config_bool(git_repository* repo, const char* key, bool fallback);
/// The string `key` of the configuration, if it is set.
std::optional<std::string> config_string(git_repository* repo, const char* key);

}  // namespace wildplan::detail
