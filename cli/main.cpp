// wildplan: the command-line tool. One table of subcommands; each runs after parsing and returns
// its exit code. Every failure of the environment reaches main as an exception and exits 2.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include "command.hpp"
#include "commit_cmd.hpp"
#include "wildplan/wildplan.hpp"

namespace wildplan::cli {
namespace {

struct CommandEntry {
  const char* name;
  Command (*make)(CLI::App&);
  const char* alias;
};

constexpr std::array kCommands = {
    CommandEntry{"extract", make_extract, nullptr},   CommandEntry{"parse", make_parse, nullptr},
    CommandEntry{"validate", make_validate, nullptr}, CommandEntry{"list", make_list, nullptr},
    CommandEntry{"next", make_next, nullptr},         CommandEntry{"status", make_status, nullptr},
    CommandEntry{"check", make_check, "done"},        CommandEntry{"start", make_start, nullptr},
    CommandEntry{"uncheck", make_uncheck, "reopen"},  CommandEntry{"cancel", make_cancel, nullptr},
    CommandEntry{"block", make_block, nullptr},       CommandEntry{"set", make_set, nullptr},
    CommandEntry{"add", make_add, nullptr},           CommandEntry{"diff", make_diff, nullptr},
    CommandEntry{"apply", make_apply, nullptr},       CommandEntry{"commit", make_commit, nullptr},
    CommandEntry{"snapshot", make_snapshot, nullptr}, CommandEntry{"hook", make_hook, nullptr},
};

bool names(const CommandEntry& c, std::string_view word) {
  return word == c.name || (c.alias && word == c.alias);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

/// The command named on the command line, or null when there is none or help is asked for.
const char* first_command(int argc, char** argv) {
  const char* named = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") return nullptr;
    if (arg == "--color") {
      ++i;
    } else if (!named && !arg.starts_with("-")) {
      named = argv[i];
    }
  }
  return named;
}

/// The first argument that is not an option, when it names no command: "did you mean".
bool reject_unknown_command(int argc, char** argv, Terminal& term) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("-")) {
      if (arg == "--color") ++i;  // its value
      continue;
    }
    const bool known = std::any_of(kCommands.begin(), kCommands.end(),
                                   [&](const CommandEntry& c) { return names(c, arg); });
    if (known) return false;
    std::string msg = "unknown command '" + std::string(arg) + "'";
    const auto best = std::min_element(kCommands.begin(), kCommands.end(), [&](auto& a, auto& b) {
      return edit_distance(arg, a.name) < edit_distance(arg, b.name);
    });
    if (edit_distance(arg, best->name) <= 2)
      msg += " (did you mean '" + std::string(best->name) + "'?)";
    term.error(msg + "; see 'wildplan --help'");
    return true;
  }
  return false;
}

int run(int argc, char** argv) {
  CLI::App app("wildplan: read the plans agent loops write, keep their task lists honest",
               "wildplan");
  app.set_version_flag("--version", std::string("wildplan ") + version());
  app.require_subcommand(1);
  std::string color = "auto";
  app.add_option("--color", color, "color the report: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.footer(
      "Exit codes: 0 success, 1 the input has problems, 2 usage or environment failure.\n"
      "Examples:\n"
      "  wildplan extract reply.txt            the plan an agent printed, as Markdown\n"
      "  wildplan parse tasks.md               the tasks of a task list\n"
      "  wildplan parse --reply --json out.txt the reply's plan, as JSON");
  // Only the command being run is defined, unless help is asked for: defining all of them is
  // a good part of the start-up time of a command that takes a millisecond.
  const char* named = first_command(argc, argv);
  std::vector<Command> commands;
  for (const auto& entry : kCommands) {
    if (!named || names(entry, named)) commands.push_back(entry.make(app));
  }

  {
    Terminal plain(stdout, stderr, ColorMode::Never);
    if (reject_unknown_command(argc, argv, plain)) return kExitFailure;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitFailure;  // CLI11 exits 100+; we promise 2
  }
  Terminal term(stdout, stderr,
                color == "always"  ? ColorMode::Always
                : color == "never" ? ColorMode::Never
                                   : ColorMode::Auto);
  try {
    for (const Command& c : commands) {
      if (c.app->parsed()) return c.run(term);
    }
  } catch (const UsageError& e) {
    term.error(e.what());
    return kExitFailure;
  } catch (const HookFailed& e) {
    term.error(e.what());
    return kExitProblems;
  } catch (const Error& e) {
    term.error(e.what());
    return kExitFailure;
  }
  return kExitFailure;
}

}  // namespace
}  // namespace wildplan::cli

namespace wildplan::cli {
namespace {

/// A report that did not reach its file is a failure, as in git (git.c, run_builtin): a full
/// disk or an I/O error on standard output is exit 2 with the reason; a pipe whose reader went
/// away is not (SIGPIPE's business). Standard error, where the reason would go, is checked too.
int check_output_written(int code) {
  struct stat st {};
  const bool pipe = ::fstat(STDOUT_FILENO, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    if (!pipe) {
      const int err = errno;
      std::fprintf(stderr, "wildplan: error: write failure on standard output: %s\n",
                   std::strerror(err ? err : EIO));
      code = kExitFailure;
    }
  }
  if (std::fflush(stderr) != 0 || std::ferror(stderr)) code = kExitFailure;
  return code;
}

}  // namespace
}  // namespace wildplan::cli

int main(int argc, char** argv) {
  int code = wildplan::cli::kExitFailure;
  try {
    code = wildplan::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wildplan: error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "wildplan: error: unexpected failure\n");
  }
  return wildplan::cli::check_output_written(code);
}
