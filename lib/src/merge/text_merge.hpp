#pragma once
// git's three-way text merge (libgit2's git_merge_file: xdiff, the zealous level and the merge
// style, as `git merge` runs it for a file without a merge driver), whole or split into pieces.
//
// Calling sequence: merge_text() for git's answer as git writes it; merge_pieces() for the
// result cut into its clean runs of lines and its conflicts, each conflict's two sides apart,
// read back from markers long enough that no line of the inputs can be mistaken for one.
// Both throw Error only when libgit2 cannot be loaded or fails.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wildplan::detail {

/// True when git would merge `text` as binary: a NUL byte among its first 8,000 (xdiff's and
/// libgit2's test).
bool is_binary(std::string_view text);

struct TextMergeResult {
  std::string bytes;  ///< the merge, with conflict markers; ours when binary
  bool clean = false;
  bool binary = false;  ///< a side is binary: git's binary merge, ours kept, a conflict
};

/// git's merge of three texts, markers `marker_size` long with the labels given.
TextMergeResult merge_text(std::string_view base, std::string_view ours, std::string_view theirs,
                           unsigned marker_size, const std::string& ours_label,
                           const std::string& theirs_label);

/// A run of merged lines, or a conflict: each line with its line end.
struct TextPiece {
  bool conflict = false;
  std::vector<std::string_view> lines;         ///< clean
  std::vector<std::string_view> ours, theirs;  ///< conflict
  std::string_view eol = "\n";                 ///< conflict: the line end of its markers
};

struct TextPieces {
  std::unique_ptr<std::string> bytes;  ///< the merge the pieces view
  std::vector<TextPiece> pieces;
  bool clean = false;
};

/// Where each line of `before` is in `after`, by git's line diff (xdiff, Myers).
struct LineMapping {
  std::size_t at = 0;  ///< the line's index in `after`, or where the lines that replaced it end
  bool kept = false;   ///< the line is in `after`; else `after` changed or dropped it
};

/// The mapping of every line of `before` (lines end at `\n`).
std::vector<LineMapping> line_map(std::string_view before, std::string_view after);

/// The merge of three texts, split into pieces. Empty when a side is binary, or when a line of
/// the inputs starts with a run of marker characters too long to outrun (65,534 or more).
std::optional<TextPieces> merge_pieces(std::string_view base, std::string_view ours,
                                       std::string_view theirs);

}  // namespace wildplan::detail
