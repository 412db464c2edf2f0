// The plan selection policy (documented on select_plan in extract.hpp and in the README).
#include <algorithm>
#include <array>
#include <string>

#include "source/prompt_texts.hpp"
#include "source/strings.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/document.hpp"
#include "wildplan/plan.hpp"

namespace wildplan {
namespace {

using detail::trim;

// More than this many diagnostics of one rule are summed up in one note: a reply with a million
// unclosed tags gets a readable report, and memory does not grow with the diagnostics.
constexpr std::size_t kMaxPerRule = 20;

struct Reporter {
  const Source& src;
  std::vector<Diagnostic>* out;  // null: nothing is reported (Selection::ChosenOnly)
  std::size_t superseded = 0, unclosed = 0, placeholders = 0, echoed = 0;

  void add(std::size_t& count, const Block& b, const char* rule, std::string msg) {
    if (++count <= kMaxPerRule && out)
      out->push_back(make_diagnostic(src, b.open, rule, std::move(msg)));
  }
  void add(Diagnostic d) {
    if (out) out->push_back(std::move(d));
  }
  void summarise(std::size_t count, const char* rule, const char* what) {
    if (count <= kMaxPerRule || !out) return;
    Diagnostic d =
        make_diagnostic(src, {}, Severity::Note, rule,
                        std::to_string(count - kMaxPerRule) + " more " + what + " not listed");
    d.begin = d.end = {};
    out->push_back(std::move(d));
  }
};

}  // namespace

bool is_placeholder(std::string_view body) {
  const std::string_view t = trim(body);
  if (t.empty()) return true;
  if (std::any_of(detail::kPlanPlaceholders.begin(), detail::kPlanPlaceholders.end(),
                  [&](std::string_view p) { return detail::equals_folded(t, p); })) {
    return true;
  }
  if (t.find('\n') != std::string_view::npos || t.find('\r') != std::string_view::npos) {
    return false;
  }
  return (t.front() == '(' && t.back() == ')') || (t.front() == '<' && t.back() == '>') ||
         (t.starts_with("{{") && t.ends_with("}}"));
}

namespace {

/// Step 1: passes over the blocks that cannot be the plan (echoed, unclosed, a placeholder
/// body), each with its diagnostic. Returns whether any block is left as a candidate.
bool pass_over_non_candidates(const Source& reply, Reply& r, Reporter& report) {
  bool any = false;
  for (Block& b : r.blocks) {
    if (b.tag != Tag::Plan) continue;
    if (b.echoed) {  // reported by the scan
      ++report.echoed;
      continue;
    }
    if (!b.closed) {
      report.add(report.unclosed, b, "plan-unclosed",
                 "<plan> is never closed: end the plan with </plan>");
      continue;
    }
    b.placeholder = is_placeholder(reply.text(plan_body(reply, b)));
    if (b.placeholder) {
      report.add(report.placeholders, b, "plan-placeholder",
                 "placeholder <plan> block ignored (the prompt's own example, not a plan)");
      continue;
    }
    any = true;
  }
  return any;
}

bool is_candidate(const Block& b) {
  return b.tag == Tag::Plan && b.closed && !b.placeholder && !b.echoed;
}

bool all_placeholder_tasks(const Plan& plan) {
  return !plan.tasks.empty() && std::all_of(plan.tasks.begin(), plan.tasks.end(),
                                            [](const Task& t) { return is_placeholder_task(t); });
}

/// False when `body` holds no checkbox: every task line has one (`[`, one byte, `]`: the
/// task-line grammar's box and named_box), so such a body holds no task.
bool may_hold_tasks(std::string_view body) {
  for (std::size_t i = body.find('['); i != std::string_view::npos && i + 2 < body.size();
       i = body.find('[', i + 1)) {
    if (body[i + 2] == ']') return true;
  }
  return false;
}

/// Steps 2 and 3: parses the candidates from the last one back; the first that holds a real
/// task is chosen, else the last candidate (which holds none). A block whose tasks are all the
/// prompt's example tasks is an echoed template: passed over, as a placeholder body is. A
/// candidate with no checkbox in it holds no task: it is parsed only when it is the last such.
void choose_candidate(Reply& r, Reporter& report, const ParseOptions& options) {
  std::optional<std::size_t> last_without_tasks;
  for (std::size_t i = r.blocks.size(); i-- > 0;) {
    Block& b = r.blocks[i];
    if (!is_candidate(b)) continue;
    const Span body = plan_body(*r.source, b);
    if (last_without_tasks && !may_hold_tasks(r.source->text(body))) {
      b.task_count = 0;
      continue;
    }
    Document doc = parse_document(r.source, body, options);
    b.task_count = doc.plan.tasks.size();
    if (all_placeholder_tasks(doc.plan)) {
      b.placeholder = true;
      report.add(report.placeholders, b, "plan-placeholder",
                 "<plan> block ignored: every task in it is the prompt's example text, not a "
                 "task (an echo of the prompt; pass --prompt to mask it)");
      continue;
    }
    if (!doc.plan.tasks.empty()) {
      r.selected = i;
      r.choice = Choice::LastClosedWithTasks;
      r.plan = std::move(doc);
      return;
    }
    if (!last_without_tasks) {
      last_without_tasks = i;
      r.plan = std::move(doc);
    }
  }
  if (!last_without_tasks) return;
  r.selected = last_without_tasks;
  r.choice = Choice::LastClosedWithoutTasks;
  if (!report.out) return;
  report.add(make_diagnostic(
      *r.source, r.blocks[*last_without_tasks].open, "plan-without-tasks",
      "the chosen <plan> block holds no checklist item: write tasks as '- [ ] Task 1: ...'"));
}

/// After a choice: a note when the plan was read inside a fence, and each other candidate
/// superseded.
void report_chosen(const Source& reply, Reply& r, Reporter& report) {
  if (const auto inside = fenced_plan(reply, r.blocks[*r.selected].body)) {
    const std::uint32_t fence = reply.position(inside->begin).line - 1;
    const std::size_t at = reply.line_start(fence);
    r.diagnostics.push_back(make_diagnostic(
        reply, {at, at + reply.line_text(fence).size()}, "plan-fence",
        "the <plan> block's whole body is one fenced code block: its content is read as the "
        "plan (print the plan without the fence)"));
  }
  const SourcePos chosen = reply.position(r.blocks[*r.selected].open.begin);
  for (std::size_t i = 0; i < r.blocks.size(); ++i) {
    const Block& b = r.blocks[i];
    if (i == *r.selected || !is_candidate(b)) continue;
    report.add(report.superseded, b, "plan-superseded",
               "<plan> block superseded by the one at line " + std::to_string(chosen.line));
  }
}

/// No choice: error plan-missing, saying what the reply did hold.
void report_missing(const Source& reply, Reply& r, const Reporter& report) {
  const std::size_t plans = r.plan_count();
  const std::string msg = plans == 0                ? "no <plan> block found"
                          : report.echoed == plans ? "only the echo of the prompt holds <plan> blocks"
                          : report.placeholders > 0 && report.unclosed == 0
                              ? "only placeholder <plan> blocks found"
                              : "no closed <plan> block found";
  Diagnostic d = make_diagnostic(reply, {}, "plan-missing",
                                 msg + ": print the task list between <plan> and </plan>");
  d.begin = d.end = {};  // about the whole reply
  r.diagnostics.push_back(std::move(d));
}

}  // namespace

void select_plan(Reply& r, const ParseOptions& options, Selection scope) {
  const Source& reply = *r.source;
  Reporter report{reply, scope == Selection::ChosenOnly ? nullptr : &r.diagnostics};
  if (pass_over_non_candidates(reply, r, report)) choose_candidate(r, report, options);
  if (!report.out) return;
  if (r.selected) {
    report_chosen(reply, r, report);
  } else {
    report_missing(reply, r, report);
  }
  report.summarise(report.unclosed, "plan-unclosed", "unclosed <plan> tags");
  report.summarise(report.placeholders, "plan-placeholder", "placeholder <plan> blocks");
  report.summarise(report.superseded, "plan-superseded", "superseded <plan> blocks");
}

std::string plan_markdown(const Source& reply, const Block& block) {
  Document doc;
  doc.source = std::make_shared<const Source>(reply);
  doc.range = plan_body(reply, block);
  return range_markdown(doc);
}

}  // namespace wildplan
