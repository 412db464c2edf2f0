// wildplan validate [FILE...] [--staged]: check task lists against the rules of their profile.
#include <filesystem>
#include <memory>

#include "command.hpp"
#include "reply_input.hpp"
#include "task_file.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/git.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/render.hpp"
#include "wildplan/rules.hpp"

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
  ReplyFlags reply_flags;
};

struct Checked {
  std::unique_ptr<Source> source;
  Validation result;
};

std::string summary(const std::string& file, const Validation& v) {
  auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  std::string out = escape_for_terminal(file) + ": ";
  if (v.errors == 0 && v.warnings == 0) {
    out += "ok";
  } else {
    out += plural(v.errors, "error") + ", " + plural(v.warnings, "warning");
  }
  out += " (profile " + std::string(to_string(v.profile));
  if (!v.profile_reason.empty()) out += ": " + v.profile_reason;
  return out + ")\n";
}

int report_validation(std::vector<Checked>& checked, const ValidateCmdOptions& o,
                      const ReportRoot& where, Terminal& term);

/// Where SARIF's and GitHub's paths are relative to: the repository holding the current
/// directory (the work tree's root), or the current directory outside any repository.
ReportRoot report_root() {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  const auto root = repository_root(cwd);
  return {cwd.string(), (root ? *root : cwd).string()};
}

/// Parses `src` with the configuration's status map and validates it.
Checked check_one(std::unique_ptr<Source> src, const Config& config, ValidateOptions options) {
  options.config = &config;
  Parsed<Plan> parsed = parse_plan(*src, std::nullopt, ParseOptions{config.statuses});
  Validation v = validate(*src, *parsed.value, parsed.diagnostics, options);
  return {std::move(src), std::move(v)};
}

/// `file` (relative to the current directory) as a path of the work tree, or nullopt when it is
/// outside it.
std::optional<std::string> work_tree_path(const std::string& file, const std::string& workdir) {
  // The directory resolved as libgit2 resolves the work tree (symlinks followed), the file not:
  // a symlinked task file is named by its own path.
  const fs::path abs = fs::absolute(file).lexically_normal();
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(abs.parent_path(), ec);
  if (ec) dir = abs.parent_path();
  const fs::path rel = (dir / abs.filename()).lexically_relative(fs::weakly_canonical(workdir, ec));
  if (rel.empty() || *rel.begin() == ".." || rel == ".") return std::nullopt;
  return rel.generic_string();
}

/// --staged: the staged blobs of the task files the commit changes (--all: of every task file in
/// the index; FILEs: of those files, as the pre-commit framework names them), judged with the
/// staged configuration (or the work tree's when none is staged). Nothing to judge: success.
int run_validate_staged(const ValidateCmdOptions& o, const std::optional<Profile>& profile,
                        Terminal& term) {
  if (o.all && !o.files.empty()) throw UsageError("--all takes no FILE: it reads the whole index");
  const Repository repo(".");
  const std::string& workdir = repo.info().workdir;
  LoadedConfig config;
  if (o.config) {
    config = load_config(o.config, ".", term);
  } else if (auto staged = repo.staged_file(".wildplan.json")) {
    const Source src(".wildplan.json (staged)", std::move(*staged));
    Parsed<Config> parsed = parse_config(src);
    if (!parsed) {
      term.diagnostics(term.err_stream(), &src, parsed.diagnostics);
      throw UsageError("invalid staged configuration '.wildplan.json'");
    }
    config.config = std::move(*parsed.value);
  } else if (!workdir.empty()) {
    config = load_config(std::nullopt, workdir, term);
  }
  std::vector<StagedFile> files;
  if (o.files.empty()) {
    files = repo.staged(config.config.task_files, o.all ? StagedScope::All : StagedScope::Changed);
  } else {
    if (workdir.empty()) throw UsageError("a bare repository has no work tree to name FILEs in");
    for (const std::string& f : o.files) {
      const auto path = work_tree_path(f, workdir);
      if (!path) throw UsageError("'" + f + "' is outside the work tree '" + workdir + "'");
      auto bytes = repo.staged_file(*path);
      if (!bytes) throw UsageError("'" + f + "' is not staged: there is nothing of it to judge");
      files.push_back({*path, std::move(*bytes)});
    }
  }
  std::vector<Checked> checked;
  ValidateOptions vo;
  vo.profile = profile;
  vo.goal = o.goal;
  for (StagedFile& f : files) {
    checked.push_back(
        check_one(std::make_unique<Source>(f.path, std::move(f.bytes)), config.config, vo));
  }
  if (checked.empty()) return kExitOk;
  // The staged paths are relative to the work tree.
  std::string root = workdir;
  if (root.size() > 1 && root.ends_with('/')) root.pop_back();
  return report_validation(checked, o, {root, root}, term);
}

int run_validate(const ValidateCmdOptions& o, Terminal& term) {
  std::optional<Profile> profile;
  if (o.profile != "auto") profile = profile_from_string(o.profile);
  if (o.staged) return run_validate_staged(o, profile, term);
  std::vector<std::string> files = o.files;
  if (files.empty()) files.push_back(default_task_file());

  // The reply's plan, for plan-differs (a transcript's: in its answer text).
  std::optional<ReplyInput> reply_in;
  std::optional<Reply> reply;
  std::optional<Plan> reply_plan;
  if (!o.reply) check_reply_flags_unused(o.reply_flags, "--reply FILE");
  if (o.reply) {
    reply_in.emplace(read_reply(*o.reply, o.reply_flags, term));
    reply = extract_reply(*reply_in->source, reply_in->options);
    if (!reply->plan()) {
      term.diagnostics(term.err_stream(), &reply->text(*reply_in->source), reply->diagnostics);
      throw UsageError("--reply '" + *o.reply + "' holds no usable <plan>");
    }
    // Read as the task file is: its fence unwrapped (plan_body), boxes by the configured map.
    const Source& text = reply->text(*reply_in->source);
    const Config config = load_config(o.config, ".", term).config;
    reply_plan = std::move(
        *parse_plan(text, plan_body(text, *reply->plan()), ParseOptions{config.statuses}).value);
  }

  std::vector<Checked> checked;
  for (const std::string& file : files) {
    const fs::path dir = file == "-" ? fs::path(".") : fs::path(file).parent_path();
    const LoadedConfig config = load_config(o.config, dir.empty() ? fs::path(".") : dir, term);
    ValidateOptions vo;
    vo.profile = profile;
    vo.goal = o.goal;
    vo.reply = reply ? &reply->text(*reply_in->source) : nullptr;
    vo.reply_plan = reply_plan ? &*reply_plan : nullptr;
    checked.push_back(check_one(std::make_unique<Source>(read_source(file)), config.config, vo));
  }
  const bool scanning = o.format == "sarif" || o.format == "github";
  return report_validation(checked, o, scanning ? report_root() : ReportRoot{}, term);
}

int report_validation(std::vector<Checked>& checked, const ValidateCmdOptions& o,
                      const ReportRoot& where, Terminal& term) {
  std::size_t errors = 0, warnings = 0;
  std::vector<ValidatedFile> files;
  for (const Checked& c : checked) {
    errors += c.result.errors;
    warnings += c.result.warnings;
    files.push_back({c.source.get(), &c.result});
  }
  const auto out = [&](std::string_view s) { term.out(s); };
  if (o.format == "json") {
    write_validation_json(files, out);
  } else if (o.format == "sarif") {
    write_sarif(files, out, where);
  } else if (o.format == "github") {
    write_github_annotations(files, out, where);
  } else {
    for (const Checked& c : checked) {
      term.diagnostics(term.out_stream(), c.source.get(), c.result.diagnostics);
      term.out(summary(c.source->name(), c.result));
    }
  }
  if (errors > 0 || (o.strict && warnings > 0)) return kExitProblems;
  return kExitOk;
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
  sub->add_option("--profile", o->profile, "v2-planning, v2-phased, v2-compact, generic or auto")
      ->check(CLI::IsMember({"auto", "v2-planning", "v2-phased", "v2-compact", "generic"}))
      ->capture_default_str();
  sub->add_option("--goal", o->goal, "the goal the loop was given (goal-mismatch)");
  sub->add_option("--reply", o->reply,
                  "an agent's reply (or a JSON-lines transcript): report how its <plan> and the "
                  "file differ");
  add_reply_flags(sub, o->reply_flags);
  sub->add_option("--config", o->config,
                  "a configuration file (default: .wildplan.json found upward)");
  sub->add_option("--format", o->format,
                  "text, json, sarif (GitHub code scanning) or github (workflow annotations)")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}))
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
