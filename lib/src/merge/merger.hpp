#pragma once
// The merge's working state (merge.cpp: grouping and tokens, merge_emit.cpp: the result, line by
// line, merge_report.cpp: what it did), private to lib/src/merge. See merge.cpp for how it works.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "merge/line_merge.hpp"
#include "merge/text_merge.hpp"
#include "wildplan/merge.hpp"

namespace wildplan::detail {

enum Version { kBase = 0, kOurs = 1, kTheirs = 2 };

/// One version of the file: its bytes, its plan and each task's line.
struct Version3 {
  const Source* src = nullptr;
  Plan plan;
  std::vector<Span> lines;         ///< per task: its line without the line end
  std::vector<std::size_t> group;  ///< per task: its group
  std::vector<bool> own_token;     ///< per task: a token of its own (deleted on the other side)
};

/// A task as it is in each version that holds it.
struct Group {
  std::optional<std::size_t> at[3];  ///< index into each version's tasks
  std::optional<LineMerge> merged;   ///< both sides hold it
  std::uint32_t line = 0;            ///< where the result first holds it
  bool emitted = false;
  bool in_conflict = false;  ///< a side's line of it is in a git conflict
};

struct Token {
  std::size_t group = 0;
  bool own = false;
  std::string_view eol;  ///< what follows the token on its line
};
/// One merge: construct, then run() once.
class Merger {
 public:
  Merger(const Source& base, const Source& ours, const Source& theirs, const MergeOptions& o)
      : options_(o) {
    const Source* srcs[3] = {&base, &ours, &theirs};
    for (int i = 0; i < 3; ++i) {
      v_[i].src = srcs[i];
      v_[i].plan = std::move(*parse_plan(*srcs[i], std::nullopt, ParseOptions{o.statuses}).value);
    }
    file_ = o.path.empty() ? ours.name() : o.path;
  }

  MergeResult run();

 private:
  bool find_lines();
  void make_groups();
  bool repeated_texts_in_place() const;
  void merge_lines();
  std::string tokenized(int version);
  void place_additions(int version, const std::string& side_text, const detail::TextPieces& m);
  void emit_additions(int version, std::size_t at, bool in_conflict);
  std::optional<Token> token_of(std::string_view line) const;
  void emit_clean_line(std::string_view line);
  void emit_task(std::size_t g, std::string_view eol);
  void emit_conflict(const TextPiece& piece, std::size_t& at_ours, std::size_t& at_theirs);
  std::string side_line(int version, std::string_view line, Token* tok) const;
  void append(std::string_view s);
  void report();
  void take_git_merge_if_clean();
  TaskMerge describe(const Group& g) const;
  const TaskLineParts parts(int version, std::size_t task) const {
    return detail::task_line_parts(*v_[version].src, v_[version].plan.tasks[task],
                                   v_[version].lines[task]);
  }
  Diagnostic note(std::string rule, std::string message) const {
    return {file_, {}, {}, Severity::Note, std::move(rule), std::move(message), {}, {}};
  }

  const MergeOptions& options_;
  std::string file_;
  Version3 v_[3];
  std::vector<Group> groups_;
  std::string prefix_;
  /// Per side: the tasks it added, as (the number of the side's other lines before it, group).
  std::vector<std::pair<std::size_t, std::size_t>> added_[3];
  /// Per side: the groups to insert before each line of its view of the merge (clean lines and
  /// its own side of each conflict), and after the last.
  std::vector<std::vector<std::size_t>> before_[3];
  std::string_view eol_ = "\n";  ///< the line end an added task without one gets
  bool ends_with_bare_addition_ = false;
  MergeResult result_;
  std::uint32_t line_ = 1;
};

}  // namespace wildplan::detail
