#pragma once
// Lock files and signals. wildplan's writers hold lock files while they work (`tasks.md.lock`
// under update_file(), git's `index.lock` during a commit) and remove them on every path that
// unwinds. A process killed by a signal does not unwind: its locks stay, and the next writer
// waits for them and fails, naming the lock. The library installs no signal handler of its own
// (a program that embeds it keeps its signal dispositions); a program that wants a killed writer
// to leave no lock behind asks for it once, as the wildplan command does in main().

namespace wildplan {

/// Makes lock files go with the process, as git's tempfile.c and sigchain.c do. Installs, once
/// per process (later calls do nothing; safe from any thread):
/// - handlers for SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE, each only when the signal is not
///   ignored at that moment (nohup stays in force). The handler unlinks every lock file the
///   process holds at that moment (unlink is async-signal-safe), puts back the disposition that
///   was there before (the default, or the program's own handler) and raises the signal again,
///   so the process ends as that signal says, or the program's handler runs.
/// - an atexit handler that removes them when the program calls exit() while holding one.
/// SIGKILL cannot be caught: a writer killed with it leaves its lock, and the next writer's
/// error says to remove it. Install it before handlers of your own that end the process, or
/// chain to the previous disposition from yours.
void remove_locks_on_signal();

}  // namespace wildplan
