// The history as one self-contained HTML page: the burndown, the summary, the entries' table and
// the tasks' timeline (a Gantt of each task's statuses, and a table of when each was added,
// started, done, removed). Nothing is loaded from anywhere: the styles are inline, the charts are
// inline SVG, and a Content-Security-Policy of `default-src 'none'` forbids any fetch.
#include <algorithm>

#include "render/history_parts.hpp"
#include "render/svg_writer.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace {

using detail::xml_text;

constexpr const char* kPageStyle =
    "<style>\n"
    ":root{color-scheme:light dark}\n"
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;"
    "margin:24px;background:#ffffff;color:#1f2328}\n"
    "h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}\n"
    "table{border-collapse:collapse}th,td{border-bottom:1px solid #d8dee4;padding:3px 8px;"
    "text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}\n"
    ".stalled{color:#cf222e;font-weight:600}.moving{color:#1a7f37}.muted{color:#57606a}\n"
    "figure{margin:0}figure svg{max-width:100%;height:auto}td.t{white-space:nowrap}\n"
    "@media (prefers-color-scheme: dark){body{background:#0d1117;color:#e6edf3}"
    "th,td{border-color:#30363d}.stalled{color:#ff7b72}.moving{color:#3fb950}"
    ".muted{color:#8b949e}}\n"
    "</style>\n";

/// `s` cut to `n` code points, `…` marking the cut.
std::string cut(const std::string& s, std::size_t n) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && seen++ == n) {
      return s.substr(0, i) + "\xE2\x80\xA6";
    }
  }
  return s;
}

std::string where(const History& h, const std::optional<std::size_t>& entry) {
  return entry ? detail::entry_label(h, *entry) : "";
}

void summary(std::string& out, const History& h) {
  const HistorySummary& s = h.summary;
  out += "<h2>Summary</h2>\n<ul id=\"summary\">\n";
  out += "<li>" + std::to_string(s.planned_first) + " tasks planned first, " +
         std::to_string(s.added_later) + " added later, " + std::to_string(s.dropped) +
         " dropped without being done; " + std::to_string(s.done) + " of " +
         std::to_string(s.total) + " done now</li>\n";
  std::string np;
  for (std::size_t i : s.no_progress) np += (np.empty() ? "" : ", ") + detail::entry_label(h, i);
  out += "<li>no progress: " + (np.empty() ? std::string("none") : np) + "</li>\n";
  if (s.longest_open) {
    out += "<li>longest open: " + xml_text(detail::task_label(h.tasks[*s.longest_open])) +
           ", open for " + std::to_string(s.longest_open_entries) + " entries (" +
           detail::duration(s.longest_open_seconds) + ")" +
           (s.longest_open_still ? ", still open" : "") + "</li>\n";
  }
  for (std::size_t i : s.vanished) {
    out += "<li>vanished without being done: " + xml_text(detail::task_label(h.tasks[i])) +
           " (removed in " + where(h, h.tasks[i].removed) + ")</li>\n";
  }
  if (h.stall) {
    if (!h.stall->stalled())
      out += "<li class=\"moving\">stall check, last " + std::to_string(h.stall->window) +
             " iterations: moving</li>\n";
    for (const StallReason& r : h.stall->reasons)
      out += "<li class=\"stalled\">stalled (" + std::string(to_string(r.kind)) +
             "): " + xml_text(r.message) + "</li>\n";
  }
  out += "</ul>\n";
}

void entries(std::string& out, const History& h) {
  out +=
      "<h2>Entries</h2>\n<table id=\"entries\">\n<thead><tr><th>#</th><th>commit</th>"
      "<th>time</th><th>since</th><th>iteration</th><th>done</th><th>changes</th>"
      "<th>subject</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < h.entries.size(); ++i) {
    const HistoryEntry& e = h.entries[i];
    const std::size_t counted = e.total() - e.count(Status::Cancelled);
    out += "<tr><td class=\"n\">" + std::to_string(i) + "</td><td><code>" + e.commit.substr(0, 10) +
           "</code></td><td class=\"t\">" + xml_text(detail::iso_time(e.time, e.offset)) +
           "</td><td class=\"n\">" +
           (e.since_previous ? "+" + detail::duration(*e.since_previous) : "") +
           "</td><td class=\"n\">" + (e.iteration ? std::to_string(*e.iteration) : "") +
           "</td><td class=\"n\">" + std::to_string(e.count(Status::Done)) + "/" +
           std::to_string(counted) + "</td><td>" + xml_text(detail::changes_summary(e)) +
           "</td><td>" + xml_text(e.subject) + "</td></tr>\n";
  }
  out += "</tbody></table>\n";
}

/// The Gantt: a row per task, its statuses coloured from entry to entry.
std::string gantt(const History& h) {
  constexpr int kLabel = 320, kRight = 940, kRow = 18, kTop = 34;
  const int width = 960, height = kTop + kRow * static_cast<int>(h.tasks.size()) + 12;
  const std::size_t n = std::max<std::size_t>(h.entries.size(), 1);
  const auto x = [&](std::size_t e) {
    return kLabel + static_cast<int>(static_cast<long long>(e) * (kRight - kLabel) /
                                     static_cast<long long>(n));
  };
  detail::Svg s;
  s.raw(detail::svg_open(width, height, "timeline of the tasks of " + h.file));
  s.raw("<rect class=\"wp-bg\" fill=\"#ffffff\" x=\"0\" y=\"0\" width=\"" + std::to_string(width) +
        "\" height=\"" + std::to_string(height) + "\"/>\n");
  const std::size_t every = std::max<std::size_t>(1, (n + 19) / 20);
  for (std::size_t i = 0; i < h.entries.size(); i += every) {
    const std::string label =
        h.entries[i].iteration ? std::to_string(*h.entries[i].iteration) : std::to_string(i);
    s.text((x(i) + x(i + 1)) / 2, kTop - 12, "middle", "wp-muted", "#57606a", label);
  }
  for (std::size_t k = 0; k < h.tasks.size(); ++k) {
    const TaskTrack& t = h.tasks[k];
    const int y = kTop + kRow * static_cast<int>(k);
    s.raw("<g class=\"wp-task\"><title>" +
          xml_text(detail::task_label(t) + ": added in " + detail::entry_label(h, t.added) +
                   (t.started ? ", started in " + detail::entry_label(h, *t.started) : "") +
                   (t.done ? ", done in " + detail::entry_label(h, *t.done) : "") +
                   (t.removed ? ", removed in " + detail::entry_label(h, *t.removed) : "")) +
          "</title>");
    s.text(kLabel - 8, y + 12, "end", "wp-text", "#1f2328", cut(detail::task_label(t), 44));
    const std::size_t end = t.removed.value_or(h.entries.size());
    for (std::size_t i = 0; i < t.states.size(); ++i) {
      const std::size_t from = t.states[i].first;
      const std::size_t to = i + 1 < t.states.size() ? t.states[i + 1].first : end;
      if (to > from)
        s.rect(x(from), y + 2, x(to) - x(from), kRow - 4, detail::status_fill(t.states[i].second));
    }
    s.raw("</g>\n");
  }
  s.raw("</svg>\n");
  return s.take();
}

void timeline(std::string& out, const History& h) {
  out += "<h2>Task timeline</h2>\n<figure id=\"timeline\">\n" + gantt(h) + "</figure>\n";
  out +=
      "<table id=\"tasks\">\n<thead><tr><th>task</th><th>status</th><th>added</th>"
      "<th>started</th><th>done</th><th>removed</th></tr></thead>\n<tbody>\n";
  for (const TaskTrack& t : h.tasks) {
    out += "<tr><td>" + xml_text(detail::task_label(t)) + "</td><td>" +
           (t.removed ? std::string(t.vanished() ? "vanished" : "removed") : to_string(t.status)) +
           "</td><td>" + where(h, t.added) + "</td><td>" + where(h, t.started) + "</td><td>" +
           where(h, t.done) + "</td><td>" + where(h, t.removed) + "</td></tr>\n";
  }
  out += "</tbody></table>\n";
}

}  // namespace

std::string render_history_html(const History& h) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"wildplan history\">\n<title>" +
      xml_text("history of " + h.file) + "</title>\n" + kPageStyle + detail::chart_style() +
      "</head>\n<body>\n<h1>" + xml_text(h.file) + "</h1>\n<p class=\"muted\">" +
      std::to_string(h.entries.size()) + " entries in " + std::to_string(h.commits_walked) +
      " commits" + (h.session ? ", session " + xml_text(*h.session) : "") + "</p>\n";
  out += "<figure id=\"chart\">\n" + detail::history_chart(h) + "</figure>\n";
  summary(out, h);
  entries(out, h);
  timeline(out, h);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace wildplan
