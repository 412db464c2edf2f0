#pragma once
// The lockfile stage: changing a file as git changes its own (lockfile.h, tempfile.c), so that
// wildplan, git and a person's editor never write over one another. Every write of a task file
// (the task verbs, apply, history's --svg/--html) and the index lock of a commit (git/) go
// through it. A program that wants its held lock files removed when a signal ends it calls
// remove_locks_on_signal() (signals.hpp); the library installs no handler of its own.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "wildplan/diagnostic.hpp"
#include "wildplan/source.hpp"

namespace wildplan {

/// Options of update_file().
struct LockOptions {
  std::chrono::milliseconds timeout{5000};  ///< how long to wait for a held lock
  bool create = false;  ///< a missing file is created (its directory too), `change` sees it empty
};

/// Changes a file under git's lockfile protocol: create `<file>.lock` exclusively (O_CREAT |
/// O_EXCL, the file's mode), read the file and call `change` under the lock, write what it
/// returns into the lock file, fsync it, rename it over the file, fsync the directory. A held
/// lock is waited for with bounded back-off, then Error names it (and its age). When `change`
/// returns nothing, the file is left alone. A symlink is followed: its target changes, the link
/// stays. A writer killed at any point leaves the old file or the new one, never a mix. Returns
/// whether the file was written.
///
/// `change` is told whether the file existed, as seen under the lock (with
/// LockOptions::create, a missing file reads as empty): a decision that depends on it (write a
/// plan over a missing file, keep one that is there) is taken where no other writer can
/// create the file in between.
bool update_file(const std::string& path,
                 const std::function<std::optional<std::string>(const Source&, bool existed)>&
                     change,
                 const LockOptions& options = {});
/// The same, for a change that does not need to know.
bool update_file(const std::string& path,
                 const std::function<std::optional<std::string>(const Source&)>& change,
                 const LockOptions& options = {});

}  // namespace wildplan
