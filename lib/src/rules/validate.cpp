// Validation: choose the profile, run every rule family, then apply the profile's rule set, the
// configuration (off, severity) and the file's suppression comments, in that order.
#include <algorithm>
#include <cstring>

#include "rules/check.hpp"
#include "source/strings.hpp"
#include "suppression_grammar.hpp"
#include "wildplan/rules.hpp"

namespace wildplan {
namespace detail {

namespace {

Diagnostic at_pos(const Check& c, SourcePos b, SourcePos e, const char* rule, Severity sev,
                  std::string message) {
  Diagnostic d;
  d.file = c.src.name();
  d.begin = b;
  d.end = e;
  d.severity = sev;
  d.rule = rule;
  d.message = std::move(message);
  return d;
}

Severity default_severity(const char* rule) {
  const RuleInfo* info = find_rule(rule);
  return info ? info->severity : Severity::Warning;
}

SourcePos on_task_line(const Task& t, std::size_t offset) {
  return {t.pos.line, t.pos.column + static_cast<std::uint32_t>(offset - t.item.begin)};
}

}  // namespace

void Check::at_task(const Task& task, Span span, const char* rule, std::string message) const {
  out.push_back(at_pos(*this, on_task_line(task, span.begin), on_task_line(task, span.end), rule,
                       default_severity(rule), std::move(message)));
}

namespace {
Span title_or_text(const Task& t) { return t.title_span.empty() ? t.text_span : t.title_span; }
}  // namespace

void Check::at_title(const Task& task, const char* rule, std::string message) const {
  at_task(task, title_or_text(task), rule, std::move(message));
}

void Check::note_at_title(const Task& task, const char* rule, std::string message) const {
  const Span s = title_or_text(task);
  out.push_back(at_pos(*this, on_task_line(task, s.begin), on_task_line(task, s.end), rule,
                       Severity::Note, std::move(message)));
}

void Check::at(Span span, const char* rule, std::string message) const {
  out.push_back(
      make_diagnostic(src, span, default_severity(rule), rule, std::move(message)));
}

void Check::about_plan(Span at, const char* rule, std::string message) const {
  about_plan(at, rule, std::move(message), default_severity(rule));
}

void Check::about_plan(Span at, const char* rule, std::string message, Severity severity) const {
  if (suppressions.anywhere(rule)) return;
  out.push_back(make_diagnostic(src, at, severity, rule, std::move(message)));
}

Suppressions::Suppressions(const std::vector<Suppression>& comments) {
  for (const Suppression& s : comments) {
    if (s.next_line) {
      next_line_[s.line + 1].push_back(s.rules);
    } else if (s.rules.empty()) {
      every_rule_from_ = std::min(every_rule_from_, s.line);
    } else {
      for (const std::string& r : s.rules) {
        auto [it, added] = rule_from_.emplace(r, s.line);
        if (!added) it->second = std::min(it->second, s.line);
      }
    }
  }
}

bool Suppressions::cover(std::string_view rule, std::uint32_t line) const {
  const auto covers_line = [line](std::uint32_t from) {
    return from != kNever && (line == 0 || line >= from);
  };
  if (covers_line(every_rule_from_)) return true;
  if (const auto it = rule_from_.find(rule); it != rule_from_.end() && covers_line(it->second))
    return true;
  if (const auto it = next_line_.find(line); line != 0 && it != next_line_.end()) {
    for (const std::vector<std::string>& rules : it->second) {
      if (rules.empty() || std::find(rules.begin(), rules.end(), rule) != rules.end()) return true;
    }
  }
  return false;
}

bool Suppressions::anywhere(std::string_view rule) const {
  return every_rule_from_ != kNever || rule_from_.contains(rule);
}

namespace {
/// The line holding `offset`, without its line end.
Span line_at(const Source& src, std::size_t offset) {
  const std::string_view bytes = src.bytes();
  std::size_t end = std::min(offset, bytes.size());
  while (end < bytes.size() && bytes[end] != '\n' && bytes[end] != '\r') ++end;
  return {std::min(offset, end), end};
}
}  // namespace

Span Check::plan_start() const {
  std::size_t at = src.has_bom() ? 3 : 0;
  if (plan.front_matter) at = plan.front_matter->span.end;
  return line_at(src, at);
}

Span Check::title_or_start() const {
  for (const Section& s : plan.sections) {
    if (s.level == 1) return s.span;
  }
  return plan_start();
}

Span Check::task_area() const {
  const Section* tasks = plan.section("tasks");
  if (tasks && tasks->level >= 2) return tasks->span;
  if (!plan.phases.empty()) return plan.sections[plan.phases.front().section].span;
  if (!plan.tasks.empty()) return plan.tasks.front().line_span;
  return plan_start();
}

std::string_view Check::body_text(const Section& s) const { return trim(src.text(s.body)); }

}  // namespace detail

namespace {

namespace pegtl = tao::pegtl;

using detail::Suppression;

template <typename Rule>
struct suppression_action : pegtl::nothing<Rule> {};
template <>
struct suppression_action<grammar::next_line> {
  template <typename In>
  static void apply(const In&, Suppression& s) {
    s.next_line = true;
  }
};
template <>
struct suppression_action<grammar::rule_id> {
  template <typename In>
  static void apply(const In& in, Suppression& s) {
    s.rules.push_back(in.string());
  }
};

/// The suppression comments: each `wildplan-disable` with `<!--` at most 16 bytes before it (the
/// grammar's blanks), outside the plan's code blocks (a fenced example of the syntax is not
/// one). One forward pass: the look-back is bounded and each comment is parsed from its own
/// `<!--`, so many markers, or many `<!--`, cost time linear in the file.
std::vector<Suppression> find_suppressions(const Source& src, const Plan& plan) {
  std::vector<Suppression> out;
  const std::string_view bytes = src.bytes();
  constexpr std::string_view kMark = "wildplan-disable";
  constexpr std::string_view kOpen = "<!--";
  constexpr std::size_t kMaxGap = 16;
  auto code = plan.code_blocks.begin();
  for (std::size_t p = bytes.find(kMark); p != std::string_view::npos;
       p = bytes.find(kMark, p + kMark.size())) {
    const std::size_t from = p >= kMaxGap + kOpen.size() ? p - kMaxGap - kOpen.size() : 0;
    const std::size_t open = bytes.substr(from, p - from).rfind(kOpen);
    if (open == std::string_view::npos) continue;
    const std::size_t at = from + open;
    while (code != plan.code_blocks.end() && code->end <= at) ++code;
    if (code != plan.code_blocks.end() && code->begin <= at) continue;  // an example
    pegtl::memory_input in(bytes.data() + at, bytes.data() + bytes.size(), "");
    Suppression s{src.position(at).line, false, {}};
    if (pegtl::parse<grammar::suppression, suppression_action>(in, s)) out.push_back(std::move(s));
  }
  return out;
}

/// The profile a document's shape asks for, and why (the reason names what the file has).
std::pair<Profile, std::string> choose_profile(const Plan& plan) {
  bool phased_ids = false, fields = false, word_ids = false;
  for (const Task& t : plan.tasks) {
    phased_ids |= t.id_kind == IdKind::Phased;
    word_ids |= t.id_kind == IdKind::Word;
    for (const Field& f : t.fields) fields |= f.key == "deliverable" || f.key == "done-when";
  }
  if (!plan.phases.empty() && (phased_ids || fields)) {
    // The newest planning prompt asks for 2-4 phases of plain `[Pn-Tm]` tasks: no fields, no
    // analytics contract. Either of those, or more phases, is the phased variant's.
    const bool contract = plan.section("shared metrics and analytics contract") != nullptr;
    if (phased_ids && !fields && !contract && plan.phases.size() <= 4) {
      return {Profile::V2Compact,
              "phase headings and [Pn-Tm] task ids, no deliverable/done-when fields, no "
              "analytics contract, at most 4 phases"};
    }
    return {Profile::V2Phased,
            std::string("phase headings and ") +
                (phased_ids ? "[Pn-Tm] task ids" : "deliverable/done-when fields")};
  }
  const bool goal = plan.section("goal") != nullptr;
  const Section* tasks = plan.section("tasks");
  if (goal && tasks) return {Profile::V2Planning, "Goal and Tasks sections"};
  if (goal) return {Profile::V2Planning, "a Goal section"};
  if (tasks && word_ids) return {Profile::V2Planning, "a Tasks section and 'Task N:' ids"};
  if (tasks) return {Profile::Generic, "a Tasks section, but no Goal section or 'Task N:' ids"};
  return {Profile::Generic, "no Goal or Tasks section, no phased ids"};
}

}  // namespace

std::pair<Profile, std::string> profile_for(const Plan& plan, const ValidateOptions& options) {
  static const Config kDefaults;
  const Config& config = options.config ? *options.config : kDefaults;
  if (options.profile && *options.profile != Profile::Auto) return {*options.profile, "--profile"};
  if (config.profile && *config.profile != Profile::Auto)
    return {*config.profile, "configuration"};
  auto chosen = choose_profile(plan);
  if (options.loop && chosen.first == Profile::Generic)
    return {Profile::V2Planning, "the loop's planning profile (" + chosen.second + ")"};
  return chosen;
}

namespace {

unsigned profile_bit(Profile p) {
  switch (p) {
    case Profile::V2Planning:
      return kInPlanning;
    case Profile::V2Phased:
      return kInPhased;
    case Profile::V2Compact:
      return kInCompact;
    default:
      return kInGeneric;
  }
}

void apply_limit(Limits& l, std::string_view name, int v) {
  if (name == "min_tasks") l.min_tasks = v;
  if (name == "max_tasks") l.max_tasks = v;
  if (name == "min_phases") l.min_phases = v;
  if (name == "max_phases") l.max_phases = v;
  if (name == "min_phase_tasks") l.min_phase_tasks = v;
  if (name == "max_phase_tasks") l.max_phase_tasks = v;
  if (name == "min_words") l.min_words = v;
}

constexpr std::string_view kAbortSentinel = "ABORT_EARLY_DOCS_CHECK_FAILED";

/// Where the plan carries the abort sentinel: in a task, or on a line of its own (after list,
/// heading or quote markers). A prompt that only mentions it in a sentence is not an abort.
std::optional<std::size_t> abort_sentinel(const Source& src, const Plan& plan) {
  for (const Task& t : plan.tasks) {
    if (const auto p = src.text(t.text_span).find(kAbortSentinel); p != std::string_view::npos) {
      return t.text_span.begin + p;
    }
  }
  const std::string_view bytes = src.bytes();
  for (std::size_t p = bytes.find(kAbortSentinel); p != std::string_view::npos;
       p = bytes.find(kAbortSentinel, p + 1)) {
    std::size_t b = p;
    while (b > 0 && std::strchr(" \t#->*+`", bytes[b - 1])) --b;
    if (b == 0 || bytes[b - 1] == '\n' || bytes[b - 1] == '\r') return p;
  }
  return std::nullopt;
}

}  // namespace

namespace {

/// Every rule family over the plan: the first group reports into `found`, the second into
/// `later`, which goes after `found` as if the groups had run one after the other. A plan that
/// carries the abort sentinel gets that note and nothing else.
void run_rule_families(const detail::Check& first, const detail::Check& second) {
  if (const auto at = abort_sentinel(first.src, first.plan)) {
    first.out.clear();  // the agent aborted on purpose: say so, and nothing else
    first.at({*at, *at + kAbortSentinel.size()}, "plan-aborted",
             "the plan was aborted (ABORT_EARLY_DOCS_CHECK_FAILED): the server's docs check "
             "failed");
    return;
  }
  detail::check_structure(first);
  detail::check_counts(first);
  detail::check_tasks(first);
  detail::check_experiments(second);
  detail::check_dependencies(second);
  // The compact variant's phase rules are among them; the rule table keeps its own.
  if (first.profile == Profile::V2Phased || first.profile == Profile::V2Compact)
    detail::check_phased(second);
  detail::check_plan_vs_file(second);
}

/// The findings that stay: the profile's rules, not switched off, not suppressed; compacted in
/// `found`, `later`'s appended, each diagnostic moved once, the configured severity set on
/// those kept; then in source order (ties in the order found).
std::vector<Diagnostic> admitted(std::vector<Diagnostic> found, std::vector<Diagnostic>& later,
                                 Profile profile, const Config& config,
                                 const detail::Suppressions& sups) {
  const unsigned bit = profile_bit(profile);
  const auto admit = [&](Diagnostic& d) {
    const RuleInfo* info = find_rule(d.rule);
    if (info && !(info->profiles & bit)) return false;
    if (auto it = config.rules.find(d.rule); it != config.rules.end()) {
      if (!it->second) return false;  // switched off
      if (d.severity != Severity::Note || !info || info->severity == Severity::Note)
        d.severity = *it->second;
    }
    return !sups.cover(d.rule, d.begin.line);
  };
  std::size_t kept = 0;
  for (Diagnostic& d : found) {
    if (!admit(d)) continue;
    if (&d != &found[kept]) found[kept] = std::move(d);
    ++kept;
  }
  found.erase(found.begin() + static_cast<std::ptrdiff_t>(kept), found.end());
  found.reserve(found.size() + later.size());
  for (Diagnostic& d : later) {
    if (admit(d)) found.push_back(std::move(d));
  }
  std::stable_sort(found.begin(), found.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.begin.line, a.begin.column) < std::tie(b.begin.line, b.begin.column);
  });
  return found;
}

}  // namespace

Validation validate(const Document& doc, const ValidateOptions& options) {
  static const Config kDefaults;
  const Config& config = options.config ? *options.config : kDefaults;
  const Source& src = doc.src();
  const Plan& plan = doc.plan;
  Validation v;
  std::tie(v.profile, v.profile_reason) = profile_for(plan, options);
  v.counts = plan.counts();
  Limits limits = default_limits(v.profile);
  for (const auto& [name, value] : config.limits) apply_limit(limits, name, value);
  const auto& words =
      config.experiment_words ? *config.experiment_words : default_experiment_words();
  const detail::Suppressions sups(find_suppressions(src, plan));
  std::vector<Diagnostic> found = doc.diagnostics, later;
  // Reserved, not touched (pages of memory cost only when used): room for a finding per task in
  // each, and for `later` after `found`, where the findings that stay end up.
  found.reserve(found.size() + 2 * plan.tasks.size());
  later.reserve(plan.tasks.size());
  run_rule_families({src, plan, v.profile, limits, words, options, found, sups},
                    {src, plan, v.profile, limits, words, options, later, sups});
  v.diagnostics = admitted(std::move(found), later, v.profile, config, sups);
  for (const Diagnostic& d : v.diagnostics) {
    (d.severity == Severity::Error     ? v.errors
     : d.severity == Severity::Warning ? v.warnings
                                       : v.notes)++;
  }
  return v;
}

}  // namespace wildplan
