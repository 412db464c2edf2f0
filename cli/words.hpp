#pragma once
// Words of the command line: free text given without quotes, status names, and the "did you
// mean" that answers a misspelt verb, option or status.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wildplan/edit.hpp"
#include "wildplan/plan.hpp"

namespace wildplan::cli {

/// The optimal string alignment distance (Damerau-Levenshtein, each substring edited once):
/// insertions, deletions, substitutions and transpositions of two neighbours cost one each, so
/// `--replna` is one from `--replan` and two from `--reply`.
std::size_t damerau_distance(std::string_view a, std::string_view b);

/// The name in `candidates` nearest to `word`, when it is near enough to be a likely typo (at
/// most 2, or a third of the word); the first of equally near ones.
std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates);

/// Words given without quotes, as one text: joined by one space.
std::string join_words(const std::vector<std::string>& words);

/// The status `name` names (`in-progress` as `in_progress`); a usage error otherwise, listing
/// the names and suggesting the nearest. `other` is accepted only when `allow_other`.
Status status_named(const std::string& name, bool allow_other);

/// `--field KEY=VALUE` options as fields; a usage error for one without `=` or with a key that
/// is no field key, and, unless `allow_empty` (`edit`: KEY= removes), one without a value.
std::vector<FieldValue> field_values(const std::vector<std::string>& options, bool allow_empty);

class Terminal;

/// `wildplan: note: no tasks in FILE ...` on stderr: a file without a checklist item (empty,
/// prose, random bytes) says so instead of showing an empty table.
void note_no_tasks(Terminal& term, const Source& src);

}  // namespace wildplan::cli
