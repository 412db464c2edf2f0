// wildplan extract [FILE|-] [--json] [--tag NAME]... [--prompt FILE] [--input-format F]: the plan
// (or another signal) of a reply.
#include <algorithm>
#include <iterator>
#include <memory>

#include "command.hpp"
#include "reply_input.hpp"
#include "wildplan/workspace.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct ExtractCmdOptions {
  std::string file;
  bool json = false;
  std::vector<std::string> tags;
  std::vector<std::string> tag_formats;  ///< --tag-format: one for every --tag, or one each
  bool quiet = false;
  ReplyFlags reply;
  std::optional<std::string> config;
};

std::string describe_choice(const Reply& r) {
  const Block& b = *r.plan_block();
  std::size_t nth = 0;
  for (std::size_t i = 0; i <= *r.selected; ++i) nth += r.blocks[i].tag == Tag::Plan;
  const std::size_t tasks = r.plan->plan.tasks.size();
  return "plan: " + escape_for_terminal(reply_location(r, b.open.begin)) + " (<plan> block " +
         std::to_string(nth) + " of " + std::to_string(r.plan_count()) + ", " +
         count_of(tasks, "task") + ", rule " +
         to_string(r.choice) + ")";
}

int print_signal(const std::string& tag, const Reply& r, Terminal& term) {
  const Signals& s = r.signals;
  auto missing = [&] {
    const bool any = std::any_of(r.blocks.begin(), r.blocks.end(),
                                 [&](const Block& b) { return r.tag_name(b) == tag; });
    term.error(any ? "no <" + tag + "> block in the reply is the agent's own (the notes say why)"
                   : "no closed <" + tag + "> block in the reply");
    return kExitProblems;
  };
  if (tag == "summary" || tag == "reflection" || tag == "promise") {
    const auto& v = tag == "summary" ? s.summary : tag == "promise" ? s.promise : s.reflection;
    if (!v) return missing();
    term.out_data(*v + "\n");
  } else if (tag == "continue") {
    if (!s.continue_) return missing();
    term.out(*s.continue_ ? "true\n" : "false\n");
  } else if (tag == "memories") {
    if (!s.memories) return missing();
    for (const Memory& m : *s.memories) term.out_data("- [" + m.tag + "] " + m.text + "\n");
  } else {
    const auto it = std::find_if(s.others.begin(), s.others.end(),
                                 [&](const auto& o) { return o.first == tag; });
    if (it == s.others.end() || !it->second) return missing();
    term.out_data(*it->second + "\n");
  }
  return kExitOk;
}

int run_extract(ExtractCmdOptions o, Terminal& term) {
  for (std::string& t : o.tags) {
    if (!tag_name_is_valid(t))
      throw OptionError("--tag '" + t + "' is not a tag name: a letter, then letters, digits, "
                       "'-', '_', ':' or '.'");
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) {
      return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    });
  }
  if (!o.json && o.tags.size() > 1)
    throw OptionError("name one --tag to print it, or add --json to print them all");
  if (!o.tag_formats.empty() && o.tag_formats.size() != 1 && o.tag_formats.size() != o.tags.size())
    throw OptionError("give one --tag-format for every --tag, or one for each of them");
  Config config = load_config(o.config, ".").config;
  config.tags.insert(config.tags.end(), o.tags.begin(), o.tags.end());
  for (std::size_t i = 0; i < o.tag_formats.size() && !o.tags.empty(); ++i) {
    const TagFormat f = *tag_format_from_string(o.tag_formats[i]);
    if (o.tag_formats.size() == 1) {
      for (const std::string& t : o.tags) config.tag_formats.emplace_back(t, f);
    } else {
      config.tag_formats.emplace_back(o.tags[i], f);
    }
  }
  Reply r = read_reply(o.file, o.reply, config, term);
  apply_rule_settings(config, r.diagnostics);
  const Source& text = r.text();
  const bool bad_value = std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [](const auto& d) {
    return d.rule == "tag-value-invalid" && d.severity == Severity::Error;
  });
  if (o.json) {
    write_reply_json(r, [&](std::string_view s) { term.out(s); });
    return r.plan && !bad_value ? kExitOk : kExitProblems;
  }
  if (!o.tags.empty() && o.tags[0] != "plan") {  // a signal: what the plan's rules say is not news
    std::vector<Diagnostic> ds;
    std::copy_if(r.diagnostics.begin(), r.diagnostics.end(), std::back_inserter(ds),
                 [](const Diagnostic& d) { return !d.rule.starts_with("plan-"); });
    if (!o.quiet || bad_value) term.diagnostics(term.err_stream(), &text, ds);
    const auto v = std::find_if(r.values.begin(), r.values.end(),
                                [&](const TagValue& t) { return t.name == o.tags[0]; });
    // A data tag whose body does not parse: the diagnostic says where. Else the body as written
    // (--json has the typed value).
    if (v != r.values.end() && v->found && !v->valid) return kExitProblems;
    return print_signal(o.tags[0], r, term);
  }
  if (!o.quiet || !r.plan) term.diagnostics(term.err_stream(), &text, r.diagnostics);
  if (!r.plan) return kExitProblems;
  if (!o.quiet) term.info(describe_choice(r));
  term.out_data(range_markdown(*r.plan));
  return kExitOk;
}

}  // namespace

Command make_extract(CLI::App& app) {
  auto o = std::make_shared<ExtractCmdOptions>();
  CLI::App* sub = app.add_subcommand("extract", "print the plan selected from an agent's reply");
  sub->add_option("file", o->file,
                  "the reply, or an agent CLI's JSON-lines transcript (default: standard input; "
                  "'-' for it)");
  sub->add_flag("--json", o->json, "print every block, the choice, the signals, the diagnostics");
  sub->add_option("--tag", o->tags,
                  "print this signal instead of the plan (summary, promise, reflection, "
                  "continue, memories, or any tag); with --json, add it to the signals")
      ->allow_extra_args(false);
  one_of(sub->add_option("--tag-format", o->tag_formats,
                         "read the --tag's body as data: json, or fields (`key: value` lines, "
                         "`- key:` starting a record); with --json its value is in `values` (one "
                         "format for every --tag, or one each)"),
         {"text", "json", "fields"})
      ->allow_extra_args(false);
  sub->add_flag("-q,--quiet", o->quiet, "print the plan only, no notes on standard error");
  add_reply_flags(sub, o->reply);
  sub->add_option("--config", o->config,
                  "a configuration file (default: .wildplan.json found upward)");
  sub->footer(
      "Examples:\n"
      "  wildplan extract reply.txt > tasks.md\n"
      "  agent-run | wildplan extract --json --prompt prompt.txt\n"
      "  wildplan extract --tag promise reply.txt\n"
      "  wildplan extract --json --tag evo_sweep --tag replan session.jsonl\n"
      "  wildplan extract --json --tag evo_sweep --tag-format json reply.txt");
  return {sub, [o](Terminal& term) { return run_extract(*o, term); }};
}

}  // namespace wildplan::cli
