// The plan selection policy (documented on select_plan in extract.hpp and in the README).
#include <algorithm>
#include <array>
#include <string>

#include "source/prompt_texts.hpp"
#include "source/strings.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/plan.hpp"

namespace wildplan {
namespace {

using detail::trim;

// More than this many diagnostics of one rule are summed up in one note: a reply with a million
// unclosed tags gets a readable report, and memory does not grow with the diagnostics.
constexpr std::size_t kMaxPerRule = 20;

struct Reporter {
  const Source& src;
  std::vector<Diagnostic>& out;
  std::size_t superseded = 0, unclosed = 0, placeholders = 0, echoed = 0;

  void add(std::size_t& count, const Block& b, Severity sev, const char* rule, std::string msg) {
    if (++count <= kMaxPerRule)
      out.push_back(make_diagnostic(src, b.open, sev, rule, std::move(msg)));
  }
  void summarise(std::size_t count, const char* rule, const char* what) {
    if (count <= kMaxPerRule) return;
    Diagnostic d =
        make_diagnostic(src, {}, Severity::Note, rule,
                        std::to_string(count - kMaxPerRule) + " more " + what + " not listed");
    d.begin = d.end = {};
    out.push_back(std::move(d));
  }
};

}  // namespace

bool is_placeholder(std::string_view body) {
  const std::string_view t = trim(body);
  if (t.empty()) return true;
  const std::string lower = detail::to_lower(t);
  if (std::find(detail::kPlanPlaceholders.begin(), detail::kPlanPlaceholders.end(), lower) !=
      detail::kPlanPlaceholders.end()) {
    return true;
  }
  if (t.find_first_of("\n\r") != std::string_view::npos) return false;
  return (t.front() == '(' && t.back() == ')') || (t.front() == '<' && t.back() == '>') ||
         (t.starts_with("{{") && t.ends_with("}}"));
}

void select_plan(const Source& reply, Reply& r) {
  Reporter report{reply, r.diagnostics};
  std::optional<std::size_t> last_candidate;
  for (std::size_t i = 0; i < r.blocks.size(); ++i) {
    Block& b = r.blocks[i];
    if (b.tag != Tag::Plan) continue;
    if (b.echoed) {  // reported by the scan
      ++report.echoed;
      continue;
    }
    if (!b.closed) {
      report.add(report.unclosed, b, Severity::Warning, "plan-unclosed",
                 "<plan> is never closed: end the plan with </plan>");
      continue;
    }
    b.placeholder = is_placeholder(reply.text(plan_body(reply, b)));
    if (b.placeholder) {
      report.add(report.placeholders, b, Severity::Note, "plan-placeholder",
                 "placeholder <plan> block ignored (the prompt's own example, not a plan)");
      continue;
    }
    last_candidate = i;
  }

  // From the last candidate back: the first that holds a task wins. Earlier candidates are not
  // parsed at all; they are superseded whichever way the choice goes.
  for (std::size_t i = r.blocks.size(); i-- > 0;) {
    Block& b = r.blocks[i];
    if (b.tag != Tag::Plan || !b.closed || b.placeholder || b.echoed) continue;
    b.task_count = static_cast<int>(
        std::min<std::size_t>(count_tasks(reply, plan_body(reply, b)), INT32_MAX));
    if (b.task_count > 0) {
      r.selected = i;
      r.choice = Choice::LastClosedWithTasks;
      break;
    }
  }
  if (!r.selected && last_candidate) {
    r.selected = last_candidate;
    r.choice = Choice::LastClosedWithoutTasks;
    r.diagnostics.push_back(make_diagnostic(
        reply, r.blocks[*last_candidate].open, Severity::Warning, "plan-without-tasks",
        "the chosen <plan> block holds no checklist item: write tasks as '- [ ] Task 1: ...'"));
  }
  if (r.selected) {
    if (const auto inside = fenced_plan(reply, r.blocks[*r.selected].body)) {
      const std::uint32_t fence = reply.position(inside->begin).line - 1;
      const std::size_t at = reply.line_start(fence);
      r.diagnostics.push_back(make_diagnostic(
          reply, {at, at + reply.line_text(fence).size()}, Severity::Note, "plan-fence",
          "the <plan> block's whole body is one fenced code block: its content is read as the "
          "plan (print the plan without the fence)"));
    }
    const SourcePos chosen = reply.position(r.blocks[*r.selected].open.begin);
    for (std::size_t i = 0; i < r.blocks.size(); ++i) {
      const Block& b = r.blocks[i];
      if (i == *r.selected || b.tag != Tag::Plan || !b.closed || b.placeholder || b.echoed)
        continue;
      report.add(report.superseded, b, Severity::Note, "plan-superseded",
                 "<plan> block superseded by the one at line " + std::to_string(chosen.line));
    }
  } else {
    const std::size_t plans = r.plan_count();
    std::string msg = plans == 0 ? "no <plan> block found"
                      : report.echoed == plans ? "only the echo of the prompt holds <plan> blocks"
                      : report.placeholders > 0 && report.unclosed == 0
                          ? "only placeholder <plan> blocks found"
                          : "no closed <plan> block found";
    Diagnostic d;
    d.file = reply.name();
    d.severity = Severity::Error;
    d.rule = "plan-missing";
    d.message = msg + ": print the task list between <plan> and </plan>";
    r.diagnostics.push_back(std::move(d));
  }
  report.summarise(report.unclosed, "plan-unclosed", "unclosed <plan> tags");
  report.summarise(report.placeholders, "plan-placeholder", "placeholder <plan> blocks");
  report.summarise(report.superseded, "plan-superseded", "superseded <plan> blocks");
}

std::string plan_markdown(const Source& reply, const Block& block) {
  std::string_view body = reply.text(plan_body(reply, block));
  // Leading blank lines go; the first line keeps its indentation.
  for (;;) {
    std::size_t k = 0;
    while (k < body.size() && (body[k] == ' ' || body[k] == '\t')) ++k;
    if (k < body.size() && (body[k] == '\n' || body[k] == '\r')) {
      k += (body[k] == '\r' && k + 1 < body.size() && body[k + 1] == '\n') ? 2 : 1;
      body.remove_prefix(k);
      continue;
    }
    break;
  }
  while (!body.empty() && detail::is_space(body.back())) body.remove_suffix(1);
  if (body.empty()) return {};
  const char* eol =
      body.find("\r\n") != std::string_view::npos ? "\r\n"
      : body.find('\n') == std::string_view::npos && body.find('\r') != std::string_view::npos
          ? "\r"
          : "\n";
  return std::string(body) + eol;
}

}  // namespace wildplan
