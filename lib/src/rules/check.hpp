#pragma once
// What every rule family sees (private): the plan, its source, the limits and options of the
// run, and a way to report. Each family lives in its own file and reports with the rule's
// default severity; validate.cpp then applies the profile, the configuration and suppressions.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "wildplan/rules.hpp"

namespace wildplan::detail {

/// A `<!-- wildplan-disable[-next-line] RULE, ... -->` comment.
struct Suppression {
  std::uint32_t line;  // the comment's line
  bool next_line;
  std::vector<std::string> rules;  // empty: every rule
};

/// A file's suppression comments, indexed so that each finding asks in constant time (a file
/// of many comments and many findings must not take their product).
class Suppressions {
 public:
  explicit Suppressions(const std::vector<Suppression>& comments);
  /// Whether a finding of `rule` at `line` is switched off: by a rest-of-file comment at or
  /// above it (line 0, the whole file: by any), or a next-line comment just above it.
  bool cover(std::string_view rule, std::uint32_t line) const;
  /// Whether a rest-of-file comment anywhere switches `rule` off (a finding about the plan).
  bool anywhere(std::string_view rule) const;

 private:
  static constexpr std::uint32_t kNever = UINT32_MAX;
  std::uint32_t every_rule_from_ = kNever;  // the first line of a comment naming no rule
  // rule -> its first comment's line; looked up by view, no copy of the finding's rule
  std::map<std::string, std::uint32_t, std::less<>> rule_from_;
  // next-line comments: the line they cover -> the rules (an empty list: every rule)
  std::unordered_map<std::uint32_t, std::vector<std::vector<std::string>>> next_line_;
};

struct Check {
  const Source& src;
  const Plan& plan;
  Profile profile;
  const Limits& limits;
  const std::vector<std::string>& experiment_words;
  const ValidateOptions& options;
  std::vector<Diagnostic>& out;
  const Suppressions& suppressions;

  /// A diagnostic at `span`, which lies on the first line of `task` (no line index needed).
  void at_task(const Task& task, Span span, const char* rule, std::string message) const;
  /// A diagnostic at any span of the source.
  void at(Span span, const char* rule, std::string message) const;
  /// A finding about the whole plan, at the line it is about (`at`: one of the spans below, a
  /// heading). A disable comment for its rule anywhere in the file switches it off, wherever
  /// the finding points.
  void about_plan(Span at, const char* rule, std::string message) const;
  /// The same with a severity of its own instead of the rule's default.
  void about_plan(Span at, const char* rule, std::string message, Severity severity) const;
  /// The plan's first line (after any front matter): where a missing title belongs.
  Span plan_start() const;
  /// The title heading, else the plan's first line.
  Span title_or_start() const;
  /// What a finding about the tasks points at: the `## Tasks` heading, else the first phase
  /// heading, else the first task's line, else the plan's first line.
  Span task_area() const;
  /// A diagnostic at the task's title (its text when the title is empty).
  void at_title(const Task& task, const char* rule, std::string message) const;
  /// A note at the task's title that points back (the "first defined here" of a duplicate).
  void note_at_title(const Task& task, const char* rule, std::string message) const;

  /// The text of a section's body, trimmed.
  std::string_view body_text(const Section& s) const;
};

/// True when `goal` names training, experiments, ... (one of `words`).
bool is_experimental(std::string_view goal, const std::vector<std::string>& words);

void check_structure(const Check& c);
void check_counts(const Check& c);
void check_tasks(const Check& c);
void check_experiments(const Check& c);
void check_dependencies(const Check& c);
void check_phased(const Check& c);
void check_plan_vs_file(const Check& c);

}  // namespace wildplan::detail
