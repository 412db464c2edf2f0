#pragma once
// What the renderers of a history share (private): times, durations, labels, the statuses'
// order and colours in the charts, and text made safe for XML.

#include <cstdint>
#include <string>
#include <string_view>

#include "wildplan/history.hpp"

namespace wildplan::detail {

/// `2024-05-01T09:00:00+02:00`: the time in its own zone, ISO 8601.
std::string iso_time(std::int64_t time, int offset);
/// `2024-05-01 07:00`, in UTC.
std::string utc_minute(std::int64_t time);
/// `45s`, `7m`, `1h05m`, `2d03h` (a negative duration gets a `-`).
std::string duration(std::int64_t seconds);
/// An entry's changes in words: `done 1, started 1, added 2, removed 1 (1 undone)`, `REPLAN: `
/// first for a replan.
std::string changes_summary(const HistoryEntry& e);
/// `Task 3 Write the loader` (the id when there is one, then the title), not escaped.
std::string task_label(const TaskTrack& t);
/// `iteration 3` when the entry's commit says so, else `entry 3` (its index).
std::string entry_label(const History& h, std::size_t entry);

/// The statuses from the bottom of a stacked bar up: the closed ones, then the active ones,
/// then what is left to do.
inline constexpr Status kStackOrder[] = {Status::Done,    Status::Cancelled, Status::InProgress,
                                         Status::Blocked, Status::Other,     Status::Todo};

/// `text` for XML character data or an attribute value: `&<>"'` escaped, and what XML 1.0 does
/// not allow (C0 controls but tab and line ends, U+FFFE, U+FFFF, invalid UTF-8) as U+FFFD.
std::string xml_text(std::string_view text);

}  // namespace wildplan::detail
