#include "words.hpp"

#include <algorithm>

#include "command.hpp"
#include "terminal.hpp"

namespace wildplan::cli {

std::size_t damerau_distance(std::string_view a, std::string_view b) {
  // Three rows of the table: the one two back is what a transposition reads.
  std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, row);
  }
  return prev[b.size()];
}

std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  const std::string* best = nullptr;
  std::size_t best_distance = 0;
  for (const std::string& c : candidates) {
    const std::size_t d = damerau_distance(word, c);
    if (!best || d < best_distance) best = &c, best_distance = d;
  }
  if (!best || best_distance > std::max<std::size_t>(2, word.size() / 3)) return std::nullopt;
  return *best;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

Status status_named(const std::string& name, bool allow_other) {
  std::string n = name;
  std::replace(n.begin(), n.end(), '-', '_');
  const auto s = status_from_string(n);
  if (s && (allow_other || *s != Status::Other)) return *s;
  std::vector<std::string> names = {"todo", "done", "in_progress", "cancelled", "blocked"};
  if (allow_other) names.push_back("other");
  std::string msg = "unknown status '" + name + "'";
  if (const auto near = nearest(n, names)) msg += " (did you mean '" + *near + "'?)";
  std::string list;
  for (const std::string& x : names) list += (list.empty() ? "" : ", ") + x;
  throw OptionError(msg + "; the statuses: " + list);
}

std::vector<FieldValue> field_values(const std::vector<std::string>& options, bool allow_empty) {
  std::vector<FieldValue> out;
  for (const std::string& o : options) {
    const std::size_t eq = o.find('=');
    if (eq == std::string::npos) throw OptionError("--field takes KEY=VALUE, not '" + o + "'");
    FieldValue f{o.substr(0, eq), o.substr(eq + 1)};
    if (!is_field_key(f.key)) {
      throw OptionError("--field '" + o + "': '" + f.key +
                       "' is no field key (a letter, then letters, digits, '-' or '_')");
    }
    if (f.value.find_first_not_of(" \t") == std::string::npos) {
      if (!allow_empty) throw OptionError("--field '" + o + "' has no value");
      f.value.clear();
    }
    out.push_back(std::move(f));
  }
  return out;
}

void note_no_tasks(Terminal& term, const Source& src) {
  term.info("note: no tasks in " + src.name() +
            " (a task is a list item that starts with a box: '- [ ] Write the tests')");
}

}  // namespace wildplan::cli
