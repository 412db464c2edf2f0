// wildplan extract [FILE|-] [--json] [--tag NAME]: the plan (or another signal) of a reply.
#include <memory>

#include "command.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/render.hpp"

namespace wildplan::cli {
namespace {

struct ExtractOptions {
  std::string file;
  bool json = false;
  std::string tag;
  bool quiet = false;
};

std::string describe_choice(const Source& src, const Reply& r) {
  const Block& b = *r.plan();
  const SourcePos p = src.position(b.open.begin);
  std::size_t nth = 0;
  for (std::size_t i = 0; i <= *r.selected; ++i) nth += r.blocks[i].tag == Tag::Plan;
  return "plan: " + src.name() + ':' + std::to_string(p.line) + ':' + std::to_string(p.column) +
         " (<plan> block " + std::to_string(nth) + " of " + std::to_string(r.plan_count()) + ", " +
         std::to_string(b.tasks < 0 ? 0 : b.tasks) + " tasks, rule " + to_string(r.choice) + ")";
}

int print_signal(const ExtractOptions& o, const Reply& r, Terminal& term) {
  const Signals& s = r.signals;
  auto missing = [&] {
    term.error("no closed <" + o.tag + "> block in the reply");
    return kExitProblems;
  };
  if (o.tag == "summary" || o.tag == "reflection" || o.tag == "promise") {
    const auto& v = o.tag == "summary" ? s.summary : o.tag == "promise" ? s.promise : s.reflection;
    if (!v) return missing();
    term.out(*v + "\n");
  } else if (o.tag == "continue") {
    if (!s.continue_) return missing();
    term.out(*s.continue_ ? "true\n" : "false\n");
  } else if (o.tag == "memories") {
    if (!s.memories) return missing();
    for (const Memory& m : *s.memories) term.out("- [" + m.tag + "] " + m.text + "\n");
  }
  return kExitOk;
}

int run_extract(const ExtractOptions& o, Terminal& term) {
  const Source src = read_input(o.file, term, std::nullopt);
  const Reply r = extract_reply(src);
  if (o.json) {
    write_reply_json(src, r, [&](std::string_view s) { term.out(s); });
    return r.plan() ? kExitOk : kExitProblems;
  }
  if (!o.tag.empty() && o.tag != "plan") return print_signal(o, r, term);
  if (!o.quiet || !r.plan()) term.diagnostics(term.err_stream(), &src, r.diagnostics);
  if (!r.plan()) return kExitProblems;
  if (!o.quiet) term.info(describe_choice(src, r));
  term.out(plan_markdown(src, *r.plan()));
  return kExitOk;
}

}  // namespace

Command make_extract(CLI::App& app) {
  auto o = std::make_shared<ExtractOptions>();
  CLI::App* sub = app.add_subcommand("extract", "print the plan selected from an agent's reply");
  sub->add_option("file", o->file, "the reply (default: standard input; '-' for it)");
  sub->add_flag("--json", o->json, "print every block, the choice, the signals, the diagnostics");
  sub->add_option("--tag", o->tag, "print another signal instead of the plan")
      ->check(CLI::IsMember({"plan", "summary", "promise", "reflection", "continue", "memories"}));
  sub->add_flag("-q,--quiet", o->quiet, "print the plan only, no notes on standard error");
  sub->footer(
      "Examples:\n"
      "  wildplan extract reply.txt > tasks.md\n"
      "  agent-run | wildplan extract --json\n"
      "  wildplan extract --tag promise reply.txt");
  return {sub, [o](Terminal& term) { return run_extract(*o, term); }};
}

}  // namespace wildplan::cli
