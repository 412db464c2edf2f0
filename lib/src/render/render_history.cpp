// The history of a task file as a JSON document and as a table of text (history.hpp's History).
#include <algorithm>
#include <cstdio>
#include <ctime>

#include "render/history_parts.hpp"
#include "render/json_parts.hpp"
#include "render/json_writer.hpp"
#include "wildplan/history.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace detail {

std::string iso_time(std::int64_t time, int offset) {
  const std::time_t local = static_cast<std::time_t>(time + std::int64_t{offset} * 60);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[96];  // room for any year gmtime_r gives, as the compiler counts it
  const int off = offset < 0 ? -offset : offset;
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, offset < 0 ? '-' : '+',
                off / 60, off % 60);
  return buf;
}

std::string utc_minute(std::int64_t time) {
  const std::time_t t = static_cast<std::time_t>(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min);
  return buf;
}

std::string duration(std::int64_t seconds) {
  std::string sign = seconds < 0 ? "-" : "";
  std::uint64_t s = static_cast<std::uint64_t>(seconds < 0 ? -seconds : seconds);
  const auto two = [](std::uint64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  if (s < 60) return sign + std::to_string(s) + "s";
  if (s < 3600) return sign + std::to_string(s / 60) + "m";
  if (s < 86400) return sign + std::to_string(s / 3600) + "h" + two(s % 3600 / 60) + "m";
  return sign + std::to_string(s / 86400) + "d" + two(s % 86400 / 3600) + "h";
}

std::string changes_summary(const HistoryEntry& e) {
  std::vector<std::string> parts;
  const ChangeTally& t = e.tally;
  const auto add = [&](std::size_t n, const char* what) {
    if (n) parts.push_back(std::string(what) + " " + std::to_string(n));
  };
  if (e.file == FileDelta::Unchanged) return "file untouched";
  if (e.file == FileDelta::Deleted) parts.push_back("file deleted");
  add(t.done, "done");
  add(t.started, "started");
  add(t.cancelled, "cancelled");
  add(t.blocked, "blocked");
  add(t.reopened, "reopened");
  add(t.added, "added");
  if (t.removed) {
    parts.push_back("removed " + std::to_string(t.removed) +
                    (t.dropped ? " (" + std::to_string(t.dropped) + " undone)" : ""));
  }
  add(t.reworded, "reworded");
  add(t.renumbered, "renumbered");
  add(t.moved, "moved");
  add(t.fields, "fields");
  std::string out = e.replan ? "REPLAN: " : "";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  if (parts.empty()) out += "no task changed";
  return out;
}

std::string task_label(const TaskTrack& t) {
  return (t.id.empty() ? std::string() : t.id + " ") + t.title;
}

std::string entry_label(const History& h, std::size_t i) {
  if (h.entries[i].iteration) return "iteration " + std::to_string(*h.entries[i].iteration);
  return "entry " + std::to_string(i);
}

}  // namespace detail

namespace {

using detail::JsonWriter;

void write_counts(JsonWriter& w, const HistoryEntry& e) {
  const std::size_t cancelled = e.count(Status::Cancelled);
  w.key("done").value(static_cast<std::uint64_t>(e.count(Status::Done)));
  w.key("total").value(static_cast<std::uint64_t>(e.total()));
  w.key("cancelled").value(static_cast<std::uint64_t>(cancelled));
  w.key("counted").value(static_cast<std::uint64_t>(e.total() - cancelled));
  w.key("counts").begin_object(/*flat=*/true);
  for (int i = 0; i < kStatusCount; ++i)
    w.key(to_string(static_cast<Status>(i))).value(static_cast<std::uint64_t>(e.counts[i]));
  w.end_object();
}

void write_tally(JsonWriter& w, const ChangeTally& t) {
  w.key("tally").begin_object(/*flat=*/true);
  const std::pair<const char*, std::size_t> members[] = {
      {"done", t.done},       {"started", t.started},   {"cancelled", t.cancelled},
      {"blocked", t.blocked}, {"reopened", t.reopened}, {"added", t.added},
      {"removed", t.removed}, {"dropped", t.dropped},   {"reworded", t.reworded}, {"renumbered", t.renumbered},
      {"moved", t.moved},     {"fields", t.fields},     {"advanced", t.advanced}};
  for (const auto& [k, v] : members) w.key(k).value(static_cast<std::uint64_t>(v));
  w.end_object();
}

void write_change(JsonWriter& w, const HistoryChange& c) {
  w.begin_object(/*flat=*/true);
  w.key("kind").value(to_string(c.kind)).key("id").value(c.id).key("title").value(c.title);
  w.key("old_line");
  c.old_line ? w.value(*c.old_line) : w.null();
  w.key("new_line");
  c.new_line ? w.value(*c.new_line) : w.null();
  if (c.kind == ChangeKind::StatusChanged) {
    w.key("from").value(to_string(c.from_status)).key("to").value(to_string(c.to_status));
  } else if (c.kind == ChangeKind::Reworded) {
    w.key("from").value(c.old_title).key("to").value(c.title);
  } else if (c.kind == ChangeKind::Renumbered) {
    w.key("from").value(c.old_id).key("to").value(c.id);
  } else if (c.kind == ChangeKind::Moved) {
    w.key("from").value(c.from_phase).key("to").value(c.to_phase);
  }
  w.key("task").value(static_cast<std::uint64_t>(c.task));
  w.end_object();
}

void write_entry(JsonWriter& w, const HistoryEntry& e) {
  w.begin_object();
  w.key("commit").value(e.commit);
  w.key("subject").value(e.subject);
  w.key("time").value(detail::iso_time(e.time, e.offset));
  w.key("timestamp").value(e.time);
  w.key("since_previous");
  e.since_previous ? w.value(*e.since_previous) : w.null();
  w.key("session");
  detail::write_optional(w, e.session);
  w.key("iteration");
  e.iteration ? w.value(*e.iteration) : w.null();
  w.key("file").value(to_string(e.file));
  w.key("replan").value(e.replan);
  write_counts(w, e);
  write_tally(w, e.tally);
  w.key("changes").begin_array();
  for (const HistoryChange& c : e.changes) write_change(w, c);
  w.end_array();
  w.end_object();
}

void write_optional_index(JsonWriter& w, const char* key, const std::optional<std::size_t>& i) {
  w.key(key);
  i ? w.value(static_cast<std::uint64_t>(*i)) : w.null();
}

void write_track(JsonWriter& w, const TaskTrack& t) {
  w.begin_object(/*flat=*/true);
  w.key("id").value(t.id).key("title").value(t.title).key("status").value(to_string(t.status));
  w.key("added").value(static_cast<std::uint64_t>(t.added));
  write_optional_index(w, "started", t.started);
  write_optional_index(w, "done", t.done);
  write_optional_index(w, "removed", t.removed);
  w.key("vanished").value(t.vanished());
  w.key("states").begin_array();
  for (const auto& [entry, status] : t.states) {
    w.begin_object();
    w.key("entry").value(static_cast<std::uint64_t>(entry)).key("status").value(to_string(status));
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_summary(JsonWriter& w, const HistorySummary& s) {
  w.key("summary").begin_object();
  w.key("planned_first").value(static_cast<std::uint64_t>(s.planned_first));
  w.key("added_later").value(static_cast<std::uint64_t>(s.added_later));
  w.key("dropped").value(static_cast<std::uint64_t>(s.dropped));
  w.key("done").value(static_cast<std::uint64_t>(s.done));
  w.key("total").value(static_cast<std::uint64_t>(s.total));
  w.key("no_progress").begin_array(/*flat=*/true);
  for (std::size_t i : s.no_progress) w.value(static_cast<std::uint64_t>(i));
  w.end_array();
  w.key("longest_open");
  if (s.longest_open) {
    w.begin_object(/*flat=*/true);
    w.key("task").value(static_cast<std::uint64_t>(*s.longest_open));
    w.key("entries").value(static_cast<std::uint64_t>(s.longest_open_entries));
    w.key("seconds").value(s.longest_open_seconds);
    w.key("still_open").value(s.longest_open_still);
    w.end_object();
  } else {
    w.null();
  }
  w.key("vanished").begin_array(/*flat=*/true);
  for (std::size_t i : s.vanished) w.value(static_cast<std::uint64_t>(i));
  w.end_array();
  w.end_object();
}

void write_stall(JsonWriter& w, const std::optional<StallCheck>& c) {
  w.key("stall");
  if (!c) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("window").value(static_cast<std::uint64_t>(c->window));
  w.key("stalled").value(c->stalled());
  w.key("advanced").value(static_cast<std::uint64_t>(c->advanced));
  w.key("added").value(static_cast<std::uint64_t>(c->added));
  w.key("dropped").value(static_cast<std::uint64_t>(c->dropped));
  w.key("churned").value(static_cast<std::uint64_t>(c->churned));
  w.key("reasons").begin_array();
  for (const StallReason& r : c->reasons) {
    w.begin_object(/*flat=*/true);
    w.key("kind").value(to_string(r.kind)).key("message").value(r.message);
    write_optional_index(w, "task", r.task);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

}  // namespace

void write_history_json(const History& h, const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "history");
  w.key("file").value(h.file);
  w.key("session");
  detail::write_optional(w, h.session);
  w.key("since");
  detail::write_optional(w, h.since);
  w.key("all_parents").value(h.all_parents);
  w.key("commits_walked").value(static_cast<std::uint64_t>(h.commits_walked));
  w.key("entries").begin_array();
  for (const HistoryEntry& e : h.entries) write_entry(w, e);
  w.end_array();
  w.key("tasks").begin_array();
  for (const TaskTrack& t : h.tasks) write_track(w, t);
  w.end_array();
  write_summary(w, h.summary);
  write_stall(w, h.stall);
  w.end_object();
  w.finish();
}

}  // namespace wildplan
