#pragma once
// Plan: a task list parsed from Markdown. Headings become sections (and phases), list items whose
// first paragraph starts with a box `[c]` become tasks. Every part keeps its byte span into the
// Source it came from, so later stages (validate, diff, edit) never parse the text again.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wildplan/diagnostic.hpp"
#include "wildplan/source.hpp"

namespace wildplan {

enum class Status { Todo, Done, InProgress, Cancelled, Blocked, Other };
inline constexpr int kStatusCount = 6;

/// "todo", "done", "in_progress", "cancelled", "blocked", "other".
const char* to_string(Status s);
/// The inverse of to_string; empty for an unknown name.
std::optional<Status> status_from_string(std::string_view name);

/// The box character -> status table. One table: the configuration will be able to change it.
class StatusMap {
 public:
  /// space -> todo, x/X -> done, / -> in_progress, - -> cancelled, ! -> blocked; others: other.
  StatusMap();
  Status operator[](char box) const { return map_[static_cast<unsigned char>(box)]; }
  /// Maps `box` to `s`; `box` becomes the character written for `s`.
  void set(char box, Status s);
  /// The character an edit writes for `s`: the last one set for it, else the default; none when
  /// no character maps to `s` (`other`, or a default remapped away).
  std::optional<char> box_for(Status s) const;
  /// Whether `box` was named by set() (the configuration's statuses). A letter or digit in a
  /// box is a task's box only then: `- [P] tasks = ...` is Spec Kit's legend, not a task.
  bool names(char box) const { return named_[static_cast<unsigned char>(box)]; }
  /// Whether set() named a letter or digit.
  bool names_a_letter() const { return names_a_letter_; }

 private:
  std::array<Status, 256> map_;
  std::array<char, kStatusCount> preferred_;  // '\0': none
  std::array<bool, 256> named_{};
  bool names_a_letter_ = false;
};

/// How a task's id was written.
enum class IdKind {
  None,     ///< no id: the task is known by its ordinal
  Word,     ///< `Task 3:`, `**Task 1.1**:`, `Task 2a -`
  Phased,   ///< `[P1-T2]`
  SpecKit,  ///< `T001`, `**T001**`
  Number,   ///< Kiro and OpenSpec: `1.`, `8.5`, `1.1.1`
  Key,      ///< `**FND-01**:`
};

const char* to_string(IdKind k);

struct Field {
  std::string key;    ///< as written, e.g. "done-when"
  std::string value;  ///< trimmed
  Span span;          ///< `key: value`
};

struct Task {
  std::size_t ordinal = 0;  ///< 1-based, in file order
  std::string id;           ///< "Task 3", "P1-T2", "T001", "8.5"; empty when none
  IdKind id_kind = IdKind::None;
  Status status = Status::Todo;
  char box = ' ';                    ///< the raw box character
  bool optional = false;             ///< Kiro's `- [ ]* 8.5 ...`
  bool glued = false;                ///< `- [x]Write`: read as a task, with a warning
  bool indented_as_code = false;     ///< read out of the indented code a template left before
                                     ///< its list (the first item indented): with a warning
  std::string text;                  ///< the line after the box, trimmed
  std::string title;                 ///< text without id, markers and fields
  std::vector<std::string> markers;  ///< `[P]`, `[US1]`, ... without brackets
  std::vector<Field> fields;
  std::vector<std::string> depends;    ///< ids from a depends field or a (depends on ...) phrase
  std::optional<std::size_t> section;  ///< index into Plan::sections of the nearest heading
  std::optional<std::size_t> phase;    ///< index into Plan::phases
  std::optional<std::size_t> parent;   ///< index into Plan::tasks
  std::vector<std::size_t> children;   ///< indexes into Plan::tasks
  int depth = 0;                       ///< 0 for top-level tasks
  SourcePos pos;                       ///< of the list marker
  Span item;                           ///< the whole list item, nested lists included
  Span line_span;                      ///< the item's first line, from the list marker
  Span box_span;                       ///< `[x]`
  Span text_span;                      ///< the text after the box on the first line
  Span title_span;
};

struct Section {
  int level = 0;      ///< 1..6
  std::string title;  ///< the heading's text
  Span span;          ///< the heading
  Span body;          ///< from the end of the heading to the next heading
  SourcePos pos;
  std::optional<std::size_t> phase;  ///< set when the heading starts a phase
};

struct Phase {
  std::string number;  ///< "2"
  std::string name;    ///< "Experiment Design and Baselines"
  std::size_t section = 0;
};

/// YAML front matter (`---` ... `---` at the start): kept apart from the Markdown, not parsed.
struct FrontMatter {
  std::string text;            ///< the YAML between the delimiters, as written
  Span span;                   ///< the opening `---` through the closing line and its line end
  Span body;                   ///< the YAML's lines
  SourcePos pos;               ///< of the opening `---`
  std::uint32_t end_line = 0;  ///< of the closing line
};

struct Plan {
  std::string title;  ///< the first level-1 heading; empty when none
  std::optional<FrontMatter> front_matter;
  std::vector<Section> sections;
  std::vector<Phase> phases;
  std::vector<Task> tasks;
  /// The code blocks (fenced and indented), in source order: text shown, not read, so that a
  /// `wildplan-disable` comment in an example of the syntax switches nothing off.
  std::vector<Span> code_blocks;

  /// Tasks with each status, indexed by Status.
  std::array<std::size_t, kStatusCount> counts() const;
  /// The first section below the title whose heading reads `title`, ignoring ASCII case
  /// ("goal" finds "## Goal"); null when there is none.
  const Section* section(std::string_view title) const;
};

/// True when `task` is a prompt's example task, not a real one: its title (its text, when it
/// has no title) is one of the prompts' example texts ("Specific, actionable description", "...",
/// "TBD", the loop's "(Agent will decompose the goal into tasks on iteration 1)") or one
/// bracketed phrase (`<first concrete step>`, `[describe the task]`). The one definition: plan
/// selection passes over a block of such tasks, and the task-placeholder rule flags each.
bool is_placeholder_task(const Task& task);

/// The number of the phase `task` is in ("2"); empty outside phases.
std::string_view phase_number(const Plan& plan, const Task& task);

/// A task id's identity, the one every stage resolves a reference by (resolve_task, the
/// dependency rules, next; task-duplicate-id compares ids as written): ASCII lower case, blanks trimmed, without `[...]`, a leading `Task ` or
/// `task-`, or Kiro's trailing `.`; so `Task 3`, `task-3` and `3` are one id, and `T002` and
/// `t002`.
std::string task_id_key(std::string_view id);

struct ParseOptions {
  StatusMap statuses;
};

/// Parses `range` of `src` (the whole of it by default) as a Markdown task list. Positions refer
/// to `src`. Never throws on input; problems (an unknown box character) are diagnostics.
Parsed<Plan> parse_plan(const Source& src, std::optional<Span> range = {},
                        const ParseOptions& options = {});

}  // namespace wildplan
