// wildplan validate [FILE...] [--staged]: check task lists against the rules of their profile.
#include <filesystem>
#include <memory>

#include "command.hpp"
#include "reply_input.hpp"
#include "staged_names.hpp"
#include "task_cmd.hpp"
#include "wildplan/document.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/git.hpp"
#include "wildplan/render.hpp"
#include "wildplan/rules.hpp"
#include "wildplan/workspace.hpp"

namespace wildplan::cli {
namespace {

namespace fs = std::filesystem;

struct ValidateCmdOptions {
  std::vector<std::string> files;
  std::string profile = "auto";
  std::optional<std::string> goal, reply, config;
  std::string format = "text";
  bool strict = false;
  bool staged = false;
  bool all = false;
  std::optional<std::string> names_from;
  ReplyFlags reply_flags;
};

/// The documents validated, and their results.
struct Checked {
  std::vector<Document> documents;
  std::vector<Validation> results;
};

ValidateOptions validate_options(const ValidateCmdOptions& o) {
  ValidateOptions vo;
  if (o.profile != "auto") vo.profile = profile_from_string(o.profile);
  vo.goal = o.goal;
  return vo;
}

int report(const Checked& c, const ValidateCmdOptions& o, const ReportRoot& where,
           Terminal& term) {
  std::size_t errors = 0, warnings = 0;
  std::vector<ValidatedFile> files;
  for (std::size_t k = 0; k < c.documents.size(); ++k) {
    errors += c.results[k].errors;
    warnings += c.results[k].warnings;
    files.push_back({&c.documents[k].src(), &c.results[k]});
  }
  const auto out = [&](std::string_view s) { term.out(s); };
  if (o.format == "json") {
    write_validation_json(files, out);
  } else if (o.format == "sarif") {
    write_sarif(files, out, where);
  } else if (o.format == "github") {
    write_github_annotations(files, out, where);
  } else {
    write_validation_text(files, term.style(term.out_stream()), out);
  }
  return errors > 0 || (o.strict && warnings > 0) ? kExitProblems : kExitOk;
}

/// Where SARIF's and GitHub's paths are relative to: the repository's work tree holding the
/// current directory, or the current directory outside any repository.
ReportRoot report_root() {
  std::error_code ec;
  const std::string cwd = fs::current_path(ec).string();
  return {cwd, repository_top(cwd).value_or(cwd)};
}

/// --staged: the staged blobs the commit is about to record (locate_staged()). Nothing to
/// judge: success, silently. With --names-from, git has said what is staged: when no task file
/// is among the names, the repository is not even opened.
int run_validate_staged(const ValidateCmdOptions& o, Terminal& term) {
  StagedRequest request{o.files, o.all, o.config};
  if (o.names_from) {
    if (o.all || !o.files.empty()) throw OptionError("--names-from takes no FILE and no --all");
    const auto named = task_files_among_names(*o.names_from, o.config);
    if (named && named->empty()) return kExitOk;
    if (named) request.files = *named;
  }
  const Repository repo(".");
  StagedWorkspace w = locate_staged(repo, request);
  if (w.documents.empty()) return kExitOk;
  ValidateOptions vo = validate_options(o);
  vo.config = &w.config;
  Checked c;
  for (Document& doc : w.documents) {
    c.results.push_back(validate(doc, vo));
    c.documents.push_back(std::move(doc));
  }
  std::error_code ec;
  return report(c, o, {fs::current_path(ec).string(), w.top}, term);
}

/// --reply: the plan selected from the reply, for plan-differs.
std::optional<Reply> reply_for_plan_differs(const ValidateCmdOptions& o, Terminal& term) {
  if (!o.reply) {
    check_reply_flags_unused(o.reply_flags, "--reply FILE");
    return std::nullopt;
  }
  Reply reply = read_reply(*o.reply, o.reply_flags, load_config(o.config, ".").config, term);
  if (!reply.plan) {
    term.diagnostics(term.err_stream(), &reply.text(), reply.diagnostics);
    throw UsageError("--reply '" + *o.reply + "' holds no usable <plan>");
  }
  return reply;
}

int run_validate(const ValidateCmdOptions& o, Terminal& term) {
  if (o.staged) return run_validate_staged(o, term);
  const std::optional<Reply> reply = reply_for_plan_differs(o, term);
  std::vector<std::optional<std::string>> files(o.files.begin(), o.files.end());
  if (files.empty()) files.emplace_back();  // the task file, as for list
  Checked c;
  for (const std::optional<std::string>& file : files) {
    LocateRequest where;
    where.task_file = file;
    where.config = o.config;
    const Workspace w = locate_workspace(where, term);
    ValidateOptions vo = validate_options(o);
    vo.config = &w.config;
    vo.reply_plan = reply ? &*reply->plan : nullptr;
    c.documents.push_back(read_document(w.task_file, ParseOptions{w.config.statuses}));
    c.results.push_back(validate(c.documents.back(), vo));
  }
  const bool scanning = o.format == "sarif" || o.format == "github";
  return report(c, o, scanning ? report_root() : ReportRoot{}, term);
}

}  // namespace

Command make_validate(CLI::App& app) {
  auto o = std::make_shared<ValidateCmdOptions>();
  CLI::App* sub = app.add_subcommand("validate", "check task lists against the rules");
  sub->add_option("files", o->files,
                  "task lists ('-' for standard input; default: the task file, as for list)");
  CLI::Option* staged = sub->add_flag(
      "--staged", o->staged,
      "validate the staged blobs of the task files the commit changes (or of the FILEs named)");
  sub->add_flag("--all", o->all, "with --staged: every task file in the index")->needs(staged);
  sub->add_option("--names-from", o->names_from,
                  "with --staged: the names 'git diff --cached --name-only' printed ('-': standard "
                  "input); the repository is read only when a task file is among them")
      ->needs(staged);
  one_of(sub->add_option("--profile", o->profile,
                         "v2-planning, v2-phased, v2-compact, generic or auto"),
         {"auto", "v2-planning", "v2-phased", "v2-compact", "generic"})
      ->capture_default_str();
  sub->add_option("--goal", o->goal, "the goal the loop was given (goal-mismatch)");
  sub->add_option("--reply", o->reply,
                  "an agent's reply (or a JSON-lines transcript): report how its <plan> and the "
                  "file differ");
  add_reply_flags(sub, o->reply_flags);
  sub->add_option("--config", o->config,
                  "a configuration file (default: .wildplan.json found upward)");
  one_of(sub->add_option("--format", o->format,
                  "text, json, sarif (GitHub code scanning) or github (workflow annotations)"),
         {"text", "json", "sarif", "github"})
      ->capture_default_str();
  sub->add_flag("--strict", o->strict, "warnings fail too (exit 1)");
  sub->add_flag_callback(
      "--json", [o] { o->format = "json"; }, "the same as --format json");
  sub->footer(
      "Examples:\n"
      "  wildplan validate tasks.md\n"
      "  wildplan validate --goal \"$GOAL\" --reply reply.txt .agents/wild/s1/tasks.md\n"
      "  wildplan validate --format sarif tasks.md > wildplan.sarif\n"
      "  wildplan validate --format github tasks.md   (in a GitHub Actions step)\n"
      "  wildplan validate --staged          (the pre-commit hook)\n"
      "  wildplan validate --staged --all    (every task file in the index)");
  return {sub, [o](Terminal& term) { return run_validate(*o, term); }};
}

}  // namespace wildplan::cli
