// The history as pictures: a burndown of the tasks by status, stacked per entry, with the replans
// and the added tasks marked (a standalone SVG), and the tasks' timeline (a Gantt of each task's
// statuses across the entries), both in one self-contained HTML page. Every coordinate is an
// integer, so that bars meet the pixel grid; every text from the repository goes through
// xml_text(). Colours: each status fill has a contrast of at least 3:1 against both backgrounds,
// white (light) and #0d1117 (dark); the background, text and grid follow prefers-color-scheme,
// with the light ones also written as attributes for a viewer without CSS.
#include <algorithm>
#include <cstdio>

#include "render/history_parts.hpp"
#include "render/svg_writer.hpp"
#include "source/utf8.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace detail {

std::string xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const Decoded d = decode_utf8(text, i);
    const std::int32_t cp = d.code_point;
    if (cp < 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE ||
        cp == 0xFFFF) {
      out += "\xEF\xBF\xBD";  // U+FFFD
    } else if (cp == '&') {
      out += "&amp;";
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '>') {
      out += "&gt;";
    } else if (cp == '"') {
      out += "&quot;";
    } else if (cp == '\'') {
      out += "&#39;";
    } else {
      out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

const char* status_fill(Status s) {
  switch (s) {
    case Status::Done:
      return "#2da44e";
    case Status::Cancelled:
      return "#a371f7";
    case Status::InProgress:
      return "#2f81f7";
    case Status::Blocked:
      return "#e5534b";
    case Status::Other:
      return "#b08800";
    case Status::Todo:
      return "#768390";
  }
  return "#768390";
}

const char* status_label(Status s) {
  switch (s) {
    case Status::Done:
      return "done";
    case Status::Cancelled:
      return "cancelled";
    case Status::InProgress:
      return "in progress";
    case Status::Blocked:
      return "blocked";
    case Status::Other:
      return "other";
    case Status::Todo:
      return "todo";
  }
  return "todo";
}

std::string chart_style() {
  return "<style type=\"text/css\">\n"
         ".wp-bg{fill:#ffffff}.wp-text{fill:#1f2328}.wp-muted{fill:#57606a}"
         ".wp-grid{stroke:#d8dee4}.wp-axis{stroke:#57606a}.wp-mark{stroke:#1f2328}\n"
         "@media (prefers-color-scheme: dark){.wp-bg{fill:#0d1117}.wp-text{fill:#e6edf3}"
         ".wp-muted{fill:#8b949e}.wp-grid{stroke:#30363d}.wp-axis{stroke:#8b949e}"
         ".wp-mark{stroke:#e6edf3}}\n"
         "</style>\n";
}

}  // namespace detail

namespace {

using detail::Svg;

struct Frame {
  int width = 960, height = 420;
  int left = 56, right = 790, top = 56, bottom = 360;  // the plot area; bars stand on `bottom`
  std::size_t n = 0;                                   // entries
  std::size_t ymax = 1;                                // the top of the y axis, in tasks
  std::size_t step = 1;                                // between y ticks

  /// The left edge of entry `i`'s slot (i == n: the right end).
  int slot_x(std::size_t i) const {
    return left + static_cast<int>(static_cast<long long>(i) * (right - left) /
                                   static_cast<long long>(std::max<std::size_t>(n, 1)));
  }
  int y(std::size_t tasks) const {
    return bottom - static_cast<int>((static_cast<long long>(tasks) * (bottom - top) +
                                      static_cast<long long>(ymax) / 2) /
                                     static_cast<long long>(ymax));
  }
};

/// A step of 1, 2, 5 times a power of ten that puts at most six ticks above zero.
std::size_t tick_step(std::size_t most) {
  for (std::size_t p = 1;; p *= 10) {
    for (std::size_t m : {1, 2, 5}) {
      if (most <= 6 * m * p) return m * p;
    }
  }
}

Frame frame_for(const History& h) {
  Frame f;
  f.n = h.entries.size();
  std::size_t most = 1;
  for (const HistoryEntry& e : h.entries) most = std::max(most, e.total());
  f.step = tick_step(most);
  f.ymax = (most + f.step - 1) / f.step * f.step;
  return f;
}

/// The x axis's label of entry `i`: its iteration when it has one, else its number.
std::string x_label(const History& h, std::size_t i) {
  return h.entries[i].iteration ? std::to_string(*h.entries[i].iteration) : std::to_string(i);
}

bool all_iterations(const History& h) {
  return std::all_of(h.entries.begin(), h.entries.end(),
                     [](const HistoryEntry& e) { return e.iteration.has_value(); });
}

void axes(Svg& s, const History& h, const Frame& f) {
  for (std::size_t v = 0; v <= f.ymax; v += f.step) {
    const int y = f.y(v);
    s.line(f.left, y, f.right, y, "wp-grid", "#d8dee4");
    s.text(f.left - 8, y + 4, "end", "wp-muted", "#57606a", std::to_string(v));
  }
  s.line(f.left, f.bottom, f.right, f.bottom, "wp-axis", "#57606a");
  s.line(f.left, f.top, f.left, f.bottom, "wp-axis", "#57606a");
  const std::size_t every = std::max<std::size_t>(1, (f.n + 19) / 20);
  for (std::size_t i = 0; i < f.n; i += every) {
    const int cx = (f.slot_x(i) + f.slot_x(i + 1)) / 2;
    s.text(cx, f.bottom + 18, "middle", "wp-muted", "#57606a", x_label(h, i));
  }
  s.text((f.left + f.right) / 2, f.bottom + 40, "middle", "wp-text", "#1f2328",
         all_iterations(h) ? "iteration" : "entry (commit)");
  s.raw("<text x=\"16\" y=\"" + std::to_string((f.top + f.bottom) / 2) +
        "\" text-anchor=\"middle\" transform=\"rotate(-90 16 " +
        std::to_string((f.top + f.bottom) / 2) +
        ")\" class=\"wp-text\" fill=\"#1f2328\">tasks</text>\n");
}

std::string bar_title(const History& h, std::size_t i) {
  const HistoryEntry& e = h.entries[i];
  std::string t = detail::entry_label(h, i) + ", " + e.commit.substr(0, 7) + ":";
  bool first = true;
  for (Status st : detail::kStackOrder) {
    if (!e.count(st)) continue;
    t += std::string(first ? " " : ", ") + std::to_string(e.count(st)) + " " +
         detail::status_label(st);
    first = false;
  }
  if (first) t += " no tasks";
  return t + "; " + detail::changes_summary(e);
}

void bars(Svg& s, const History& h, const Frame& f) {
  for (std::size_t i = 0; i < f.n; ++i) {
    const HistoryEntry& e = h.entries[i];
    const int x0 = f.slot_x(i), x1 = f.slot_x(i + 1);
    const int w = std::max(1, (x1 - x0) * 7 / 10);
    const int x = x0 + (x1 - x0 - w) / 2;
    // An iteration that left the task file alone is drawn faded: the same tasks, no work on them.
    const bool untouched = e.file == FileDelta::Unchanged;
    s.raw(std::string("<g class=\"wp-bar\"") + (untouched ? " fill-opacity=\"0.45\"" : "") +
          "><title>" + detail::xml_text(bar_title(h, i)) + "</title>");
    std::size_t cum = 0;
    for (Status st : detail::kStackOrder) {
      if (!e.count(st)) continue;
      const int ylow = f.y(cum);
      cum += e.count(st);
      const int yhigh = f.y(cum);
      if (ylow > yhigh) s.rect(x, yhigh, w, ylow - yhigh, detail::status_fill(st));
    }
    s.raw("</g>\n");
    const int cx = x + w / 2, top = f.y(cum);
    if (e.replan) {  // between this bar and the one before: the plan changed here
      s.raw("<line x1=\"" + std::to_string(x0) + "\" y1=\"" + std::to_string(f.top - 14) +
            "\" x2=\"" + std::to_string(x0) + "\" y2=\"" + std::to_string(f.bottom) +
            "\" class=\"wp-mark\" stroke=\"#1f2328\" stroke-width=\"1\" stroke-dasharray=\"4 "
            "3\"/>\n");
      if (x1 - x0 >= 40) s.text(x0, f.top - 18, "middle", "wp-text", "#1f2328", "replan");
    }
    if (i > 0 && e.tally.added > 0) {
      if (x1 - x0 >= 16) {
        s.text(cx, top - 4, "middle", "wp-text", "#1f2328", "+" + std::to_string(e.tally.added));
      } else {
        s.raw("<path d=\"M" + std::to_string(cx - 3) + " " + std::to_string(top - 7) +
              "h6l-3 5z\" "
              "class=\"wp-text\" fill=\"#1f2328\"/>\n");
      }
    }
  }
}

void legend(Svg& s, const Frame& f) {
  int y = f.top;
  const int x = f.right + 24, label = x + 26;
  for (auto it = std::rbegin(detail::kStackOrder); it != std::rend(detail::kStackOrder); ++it) {
    s.rect(x, y - 10, 12, 12, detail::status_fill(*it));
    s.text(label, y, "start", "wp-text", "#1f2328", detail::status_label(*it));
    y += 20;
  }
  s.raw("<g fill-opacity=\"0.45\">");
  s.rect(x, y - 10, 12, 12, detail::status_fill(Status::Todo));
  s.raw("</g>");
  s.text(label, y, "start", "wp-text", "#1f2328", "file untouched");
  y += 26;
  s.raw("<line x1=\"" + std::to_string(x + 6) + "\" y1=\"" + std::to_string(y - 12) + "\" x2=\"" +
        std::to_string(x + 6) + "\" y2=\"" + std::to_string(y + 2) +
        "\" class=\"wp-mark\" stroke=\"#1f2328\" stroke-dasharray=\"4 3\"/>\n");
  s.text(label, y, "start", "wp-text", "#1f2328", "replan");
  y += 20;
  s.text(x, y, "start", "wp-text", "#1f2328", "+N");
  s.text(label, y, "start", "wp-text", "#1f2328", "tasks added");
}

/// The burndown's elements, inside an <svg> the caller opens.
void burndown(Svg& s, const History& h, const Frame& f) {
  s.raw(detail::chart_style());
  s.raw("<rect class=\"wp-bg\" fill=\"#ffffff\" x=\"0\" y=\"0\" width=\"" +
        std::to_string(f.width) + "\" height=\"" + std::to_string(f.height) + "\"/>\n");
  s.text(f.left, 24, "start", "wp-text", "#1f2328",
         h.file + ": tasks by status, " + std::to_string(h.entries.size()) +
             (h.entries.size() == 1 ? " entry" : " entries"));
  axes(s, h, f);
  bars(s, h, f);
  legend(s, f);
}

}  // namespace

namespace detail {

std::string svg_open(int width, int height, std::string_view label) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" +
         std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
         std::to_string(width) + " " + std::to_string(height) +
         "\" font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\" "
         "font-size=\"12\" shape-rendering=\"crispEdges\">\n<title>" +
         xml_text(label) + "</title>\n";
}

std::string history_chart(const History& h) {
  const Frame f = frame_for(h);
  Svg s;
  s.raw(svg_open(f.width, f.height, "burndown of " + h.file));
  burndown(s, h, f);
  s.raw("</svg>\n");
  return s.take();
}

}  // namespace detail

std::string render_history_svg(const History& h) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n" +
         detail::history_chart(h);
}

}  // namespace wildplan
