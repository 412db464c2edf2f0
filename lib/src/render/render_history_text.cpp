// The history as text: a table of the entries that fits 100 columns, then the summary and the
// stall check. Text from the repository (subjects, titles) is escaped for the terminal.
#include <algorithm>

#include "render/history_parts.hpp"
#include "wildplan/history.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace {

constexpr std::size_t kWidth = 100;
constexpr std::size_t kBar = 12;  // the bar's cells, between its brackets
// #, commit, date, since, iter, done, [bar]: the changes start after them.
constexpr std::size_t kChangesColumn =
    3 + 2 + 7 + 2 + 16 + 2 + 7 + 2 + 4 + 2 + 7 + 2 + kBar + 2 + 2;
constexpr std::size_t kVanishedShown = 10;  // in the text; the JSON lists them all

/// Columns `s` takes: code points (escaped text is printable; wide characters count one).
std::size_t columns(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// `s` cut to `width` columns, `...` marking the cut, never inside a UTF-8 sequence.
std::string fit(std::string s, std::size_t width) {
  if (columns(s) <= width) return s;
  std::size_t keep = width > 3 ? width - 3 : 0, i = 0;
  for (std::size_t seen = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && seen++ == keep) break;
  }
  s.resize(i);
  return s + std::string("...").substr(0, width - keep);
}

std::string pad_left(std::string s, std::size_t width) {
  const std::size_t c = columns(s);
  return c >= width ? s : std::string(width - c, ' ') + s;
}

std::string pad_right(std::string s, std::size_t width) {
  const std::size_t c = columns(s);
  return c >= width ? s : s + std::string(width - c, ' ');
}

char bar_char(Status s) {
  switch (s) {
    case Status::Done:
      return '#';
    case Status::Cancelled:
      return '-';
    case Status::InProgress:
      return '/';
    case Status::Blocked:
      return '!';
    case Status::Other:
      return '?';
    case Status::Todo:
      return '.';
  }
  return '.';
}

/// The entry's tasks as a bar of kBar cells, scaled to the largest entry.
std::string bar(const HistoryEntry& e, std::size_t most) {
  std::string out = "[";
  std::size_t cum = 0, drawn = 0;
  for (Status s : detail::kStackOrder) {
    cum += e.count(s);
    const std::size_t upto = most ? (cum * kBar + most / 2) / most : 0;
    out.append(upto - std::min(upto, drawn), bar_char(s));
    drawn = std::max(drawn, upto);
  }
  out.append(kBar - std::min(kBar, drawn), ' ');
  return out + "]";
}

/// The parts of `text` (separated by ", ") laid out in lines of at most `width` columns, a part
/// broken only when it is wider than a line.
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines(1);
  for (std::size_t i = 0; i < text.size();) {
    std::size_t end = text.find(", ", i);
    end = end == std::string::npos ? text.size() : end + 1;  // the comma stays with its part
    const std::string part = text.substr(i, end - i);
    if (!lines.back().empty() && columns(lines.back()) + 1 + columns(part) > width)
      lines.emplace_back();
    lines.back() += (lines.back().empty() ? "" : " ") + part;
    i = end + (end < text.size() ? 1 : 0);
  }
  for (auto& l : lines) l = fit(l, width);
  return lines;
}

std::string table(const History& h) {
  std::size_t most = 0;
  for (const HistoryEntry& e : h.entries) most = std::max(most, e.total());
  std::string out = "  #  commit   date (UTC)          since  iter     done  " +
                    pad_right("tasks", kBar + 2) + "  changes\n";
  for (std::size_t i = 0; i < h.entries.size(); ++i) {
    const HistoryEntry& e = h.entries[i];
    const std::size_t counted = e.total() - e.count(Status::Cancelled);
    std::string row =
        pad_left(std::to_string(i), 3) + "  " + e.commit.substr(0, 7) + "  " +
        detail::utc_minute(e.time) + "  " +
        pad_left(e.since_previous ? "+" + detail::duration(*e.since_previous) : "-", 7) + "  " +
        pad_left(e.iteration ? std::to_string(*e.iteration) : "-", 4) + "  " +
        pad_left(std::to_string(e.count(Status::Done)) + "/" + std::to_string(counted), 7) + "  " +
        bar(e, most) + "  ";
    const auto lines = wrap(detail::changes_summary(e), kWidth - kChangesColumn);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      out += (k ? std::string(kChangesColumn, ' ') : row) + lines[k] + "\n";
    }
  }
  out += "tasks: # done, - cancelled, / in progress, ! blocked, ? other, . todo\n";
  return out;
}

void summary(std::string& out, const History& h) {
  const HistorySummary& s = h.summary;
  out += "\n" + std::to_string(s.planned_first) + " planned first, " +
         std::to_string(s.added_later) + " added later, " + std::to_string(s.dropped) +
         " dropped undone; " + std::to_string(s.done) + " of " + std::to_string(s.total) +
         " done now\n";
  const bool iterations =
      std::all_of(s.no_progress.begin(), s.no_progress.end(),
                  [&](std::size_t i) { return h.entries[i].iteration.has_value(); });
  std::string np;
  for (std::size_t i : s.no_progress)
    np += (np.empty() ? "" : ", ") +
          std::to_string(iterations ? *h.entries[i].iteration : std::int64_t(i));
  if (!np.empty())
    np = std::string(s.no_progress.size() == 1 ? (iterations ? "iteration " : "entry ")
                                               : (iterations ? "iterations " : "entries ")) +
         np;
  out += fit("no progress: " + (np.empty() ? std::string("none") : np), kWidth) + "\n";
  if (s.longest_open) {
    const std::string tail = ": open for " + std::to_string(s.longest_open_entries) +
                             (s.longest_open_entries == 1 ? " entry (" : " entries (") +
                             detail::duration(s.longest_open_seconds) + ")" +
                             (s.longest_open_still ? ", still open" : "");
    out += "longest open: " +
           fit(escape_for_terminal(detail::task_label(h.tasks[*s.longest_open])),
               kWidth - 14 - tail.size()) +
           tail + "\n";
  }
  if (!s.vanished.empty()) out += "vanished without being done:\n";
  for (std::size_t k = 0; k < s.vanished.size() && k < kVanishedShown; ++k) {
    const TaskTrack& t = h.tasks[s.vanished[k]];
    const std::string tail = " (removed in " + detail::entry_label(h, *t.removed) + ")";
    out += "  " + fit(escape_for_terminal(detail::task_label(t)), kWidth - 2 - tail.size()) + tail +
           "\n";
  }
  if (s.vanished.size() > kVanishedShown) {
    out += "  and " + std::to_string(s.vanished.size() - kVanishedShown) +
           " more (--json and --html list them all)\n";
  }
}

}  // namespace

std::string render_history_text(const History& h) {
  std::string out = escape_for_terminal(h.file) + ": " + std::to_string(h.entries.size()) +
                    (h.entries.size() == 1 ? " entry" : " entries") + " in " +
                    std::to_string(h.commits_walked) + " commits" +
                    (h.session ? ", session " + escape_for_terminal(*h.session) : "") +
                    (h.since ? ", after " + h.since->substr(0, 7) : "") + "\n";
  if (h.entries.empty()) {
    out += "no commit holds it\n";
  } else {
    out += "\n" + table(h);
    summary(out, h);
  }
  if (h.stall) {
    const StallCheck& c = *h.stall;
    const std::string head =
        "stall check, last " + std::to_string(c.window) + " iteration" + (c.window == 1 ? "" : "s");
    out += head + (c.stalled() ? ": STALLED\n" : ": moving\n");
    for (const StallReason& r : c.reasons) {
      // Word-wrapped, never cut: the loop's operator reads why.
      std::string line = "  " + std::string(to_string(r.kind)) + ":";
      const std::string text = escape_for_terminal(r.message);
      for (std::size_t i = 0; i < text.size();) {
        std::size_t end = text.find(' ', i);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(i, end - i);
        if (columns(line) + 1 + columns(word) > kWidth && columns(line) > 4) {
          out += line + "\n";
          line = "   ";
        }
        line += " " + word;
        i = end + 1;
      }
      out += line + "\n";
    }
  }
  return out;
}

}  // namespace wildplan
