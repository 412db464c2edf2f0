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
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "command.hpp"
#include "commit_cmd.hpp"
#include "usage.hpp"
#include "words.hpp"
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
    CommandEntry{"add", make_add, nullptr},           CommandEntry{"show", make_show, nullptr},
    CommandEntry{"remove", make_remove, nullptr},     CommandEntry{"move", make_move, nullptr},
    CommandEntry{"edit", make_edit_task, nullptr},    CommandEntry{"diff", make_diff, nullptr},
    CommandEntry{"apply", make_apply, nullptr},       CommandEntry{"commit", make_commit, nullptr},
    CommandEntry{"history", make_history, nullptr},
    CommandEntry{"snapshot", make_snapshot, nullptr}, CommandEntry{"hook", make_hook, nullptr},
    CommandEntry{"merge-driver", make_merge_driver, nullptr},
    CommandEntry{"completions", make_completions, nullptr},
};

/// The options of the program itself, accepted before the verb and after it.
constexpr std::array<std::string_view, 4> kGlobalOptions = {"-h", "--help", "--version",
                                                            "--color"};

bool names(const CommandEntry& c, std::string_view word) {
  return word == c.name || (c.alias && word == c.alias);
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

std::string unknown_option_message(std::string_view arg, const std::vector<std::string>& known,
                                   std::string_view help) {
  const std::string_view name = arg.substr(0, arg.find('='));
  std::string msg = "unknown option '" + std::string(name) + "'";
  if (const auto near = nearest(name, known)) msg += " (did you mean '" + *near + "'?)";
  return msg + "; see '" + std::string(help) + "'";
}

std::vector<std::string> command_names() {
  std::vector<std::string> out;
  for (const CommandEntry& c : kCommands) {
    out.emplace_back(c.name);
    if (c.alias) out.emplace_back(c.alias);
  }
  return out;
}

/// Before the verb, an option the program does not have, or a first word that names no command:
/// "did you mean".
bool reject_unknown_command(int argc, char** argv, Terminal& term) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return false;
    if (arg.starts_with("-")) {
      const std::string_view name = arg.substr(0, arg.find('='));
      if (std::find(kGlobalOptions.begin(), kGlobalOptions.end(), name) == kGlobalOptions.end()) {
        term.error(unknown_option_message(
            arg, std::vector<std::string>(kGlobalOptions.begin(), kGlobalOptions.end()),
            "wildplan --help"));
        return true;
      }
      if (arg == "--color") ++i;  // its value
      continue;
    }
    const bool known = std::any_of(kCommands.begin(), kCommands.end(),
                                   [&](const CommandEntry& c) { return names(c, arg); });
    if (known) return false;
    std::string msg = "unknown command '" + std::string(arg) + "'";
    if (const auto near = nearest(arg, command_names())) msg += " (did you mean '" + *near + "'?)";
    term.error(msg + "; see 'wildplan --help'");
    return true;
  }
  return false;
}

/// The option names of `app` and of the program, as a user would type them.
std::vector<std::string> option_names(const CLI::App& app, const CLI::App& top) {
  std::vector<std::string> out(kGlobalOptions.begin(), kGlobalOptions.end());
  for (const CLI::App* a : {&app, &top}) {
    for (const CLI::Option* opt : a->get_options()) {
      for (const std::string& n : opt->get_lnames()) out.push_back("--" + n);
      for (const std::string& n : opt->get_snames()) out.push_back("-" + n);
    }
  }
  return out;
}

/// An argument the command line holds that no option or operand took (CLI11 keeps them, as
/// allow_extras asks): an unknown option with "did you mean", or an unexpected operand.
bool reject_extras(const CLI::App& app, const CLI::App* verb, Terminal& term) {
  std::vector<std::string> extras = app.remaining(true);
  // A `--` CLI11 kept is no argument: the words after it went to the operands (`add -- -x`).
  extras.erase(std::remove(extras.begin(), extras.end(), "--"), extras.end());
  if (extras.empty()) return false;
  const std::string help = verb ? "wildplan " + verb->get_name() + " --help" : "wildplan --help";
  const std::string& arg = extras.front();
  if (arg.size() > 1 && arg.starts_with("-")) {
    term.error(unknown_option_message(arg, option_names(verb ? *verb : app, app), help));
  } else {
    term.error("unexpected argument '" + arg + "'; see '" + help + "'");
  }
  return true;
}

/// Whether the command line asks for JSON (`--json`, `--format json`), read from the words
/// before `--`: for a failure found before the verb's options are known.
bool json_asked(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--json" || arg == "--format=json" ||
        (arg == "--format" && i + 1 < argc && std::string_view(argv[i + 1]) == "json"))
      return true;
  }
  return false;
}

/// Whether the verb, as parsed, prints JSON: its --json flag, or validate's --format json.
bool json_asked(const CLI::App& verb) {
  if (const CLI::Option* json = verb.get_option_no_throw("--json"); json && json->count() > 0)
    return true;
  const CLI::Option* format = verb.get_option_no_throw("--format");
  return format && format->count() > 0 && format->as<std::string>() == "json";
}

/// The document a failure prints with --json: the error document, or for `apply` (whose
/// reader expects its own document on every exit) the apply document naming the request step.
void write_failure_json(bool apply, int code, std::string_view message, Terminal& term) {
  const auto out = [&](std::string_view s) { term.out(s); };
  if (!apply) return write_error_json(code, message, out);
  ApplyOutcome failed;
  failed.error = ApplyError{"request", std::string(message)};
  failed.commit_reason = "not attempted: the request step failed";
  write_apply_json(failed, out);
}

/// Whether the command line runs `apply`: its first word that is no option.
bool runs_apply(int argc, char** argv) {
  const char* verb = first_command(argc, argv);
  return verb && std::string_view(verb) == "apply";
}

/// A failure that ends a command without its report: the message on stderr and, when JSON was
/// asked for, the failure's document on stdout, so that a program reading the JSON gets one.
int fail(Terminal& term, bool json, bool apply, int code, std::string_view message) {
  term.error(message);
  if (json) write_failure_json(apply, code, message, term);
  return code;
}

/// A command line CLI11 could not parse: said in the same form as every other usage error
/// (CLI11's own words never reach the user), an unknown option first (`apply --replna` is a
/// typo, not a missing --reply). Exit 2, where CLI11 would exit 100 and more.
int parse_failure(const CLI::ParseError& e, const CLI::App& app,
                  const std::vector<Command>& commands, int argc, char** argv) {
  Terminal plain(stdout, stderr, ColorMode::Never);
  const CLI::App* verb_app = nullptr;
  const char* named = first_command(argc, argv);
  for (const Command& c : commands) {
    if (named && c.app->check_name(named)) verb_app = c.app;
  }
  if (!reject_extras(app, verb_app, plain))
    plain.error(usage_message(e, verb_app, app) + "; see '" + help_command(verb_app) + "'");
  if (json_asked(argc, argv))
    write_failure_json(runs_apply(argc, argv), kExitFailure, plain.last_error(), plain);
  return kExitFailure;
}

/// Runs the verb parsed, turning what it throws into the exit code and message it stands for.
int run_verb(const Command& verb, Terminal& term, bool apply) {
  const bool json = json_asked(*verb.app);
  try {
    return verb.run(term);
  } catch (const OptionError& e) {
    return fail(term, json, apply, kExitFailure,
                std::string(e.what()) + "; see '" + help_command(verb.app) + "'");
  } catch (const UsageError& e) {
    return fail(term, json, apply, kExitFailure, e.what());
  } catch (const HookFailed& e) {
    return fail(term, json, apply, kExitProblems, e.what());
  } catch (const ConfigError& e) {
    term.diagnostics(term.err_stream(), &e.source(), e.diagnostics());
    return fail(term, json, apply, kExitFailure, e.what());
  } catch (const Error& e) {
    return fail(term, json, apply, kExitFailure, e.what());
  } catch (const std::bad_alloc&) {
    throw;  // main() reports it without allocating
  } catch (const std::exception& e) {
    return fail(term, json, apply, kExitFailure, e.what());
  }
}

int run(int argc, char** argv) {
  CLI::App app("wildplan: read the plans agent loops write, keep their task lists honest",
               "wildplan");
  app.set_version_flag("--version", std::string("wildplan ") + version());
  app.require_subcommand(1);
  std::string color = "auto";
  one_of(app.add_option("--color", color, "color the report: auto, always or never"),
         {"auto", "always", "never"})
      ->capture_default_str();
  // Global options are accepted after the verb too (the verbs pass what they do not know to
  // the program), and whatever nothing takes is kept for reject_extras and its "did you mean".
  app.fallthrough();
  app.allow_extras();
  std::vector<Command> commands;
  for (const auto& entry : kCommands) commands.push_back(entry.make(app));
  // After the verbs are defined, so that none inherits it: each verb has its own examples.
  app.footer(
      "Exit codes: 0 success, 1 the input has problems, 2 usage or environment failure.\n"
      "Examples:\n"
      "  wildplan extract reply.txt            the plan an agent printed, as Markdown\n"
      "  wildplan parse tasks.md               the tasks of a task list\n"
      "  wildplan parse --reply --json out.txt the reply's plan, as JSON\n"
      "  wildplan COMMAND --help               a command's options and examples");

  {
    Terminal plain(stdout, stderr, ColorMode::Never);
    if (reject_unknown_command(argc, argv, plain)) {
      if (json_asked(argc, argv))
        write_failure_json(runs_apply(argc, argv), kExitFailure, plain.last_error(), plain);
      return kExitFailure;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    return parse_failure(e, app, commands, argc, argv);
  }
  Terminal term(stdout, stderr,
                color == "always"  ? ColorMode::Always
                : color == "never" ? ColorMode::Never
                                   : ColorMode::Auto);
  const Command* verb = nullptr;
  for (const Command& c : commands) {
    if (c.app->parsed()) verb = &c;
  }
  const bool apply = runs_apply(argc, argv);
  if (reject_extras(app, verb ? verb->app : nullptr, term)) {
    if (json_asked(argc, argv)) write_failure_json(apply, kExitFailure, term.last_error(), term);
    return kExitFailure;
  }
  return verb ? run_verb(*verb, term, apply) : kExitFailure;
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
  // A writer stopped by ^C, a loop's timeout or a closed terminal removes its lock files first
  // (tasks.md.lock, git's index.lock), as git does: the library leaves that choice to us.
  wildplan::remove_locks_on_signal();
  int code = wildplan::cli::kExitFailure;
  try {
    code = wildplan::cli::run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fputs("wildplan: error: out of memory\n", stderr);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wildplan: error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "wildplan: error: unexpected failure\n");
  }
  return wildplan::cli::check_output_written(code);
}
