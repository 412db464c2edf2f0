#pragma once
// A few SVG elements written as text (private), for the history's charts. Coordinates are
// integers; text content is escaped with xml_text(); class names and colours are wildplan's own.

#include <string>
#include <string_view>

#include "render/history_parts.hpp"

namespace wildplan::detail {

class Svg {
 public:
  void raw(std::string_view s) { out_ += s; }
  void line(int x1, int y1, int x2, int y2, const char* cls, const char* stroke) {
    out_ += "<line x1=\"" + std::to_string(x1) + "\" y1=\"" + std::to_string(y1) + "\" x2=\"" +
            std::to_string(x2) + "\" y2=\"" + std::to_string(y2) + "\" class=\"" + cls +
            "\" stroke=\"" + stroke + "\" stroke-width=\"1\"/>\n";
  }
  void rect(int x, int y, int w, int h, const char* fill) {
    out_ += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
            std::to_string(w) + "\" height=\"" + std::to_string(h) + "\" fill=\"" + fill + "\"/>";
  }
  /// `content` is untrusted: escaped here.
  void text(int x, int y, const char* anchor, const char* cls, const char* fill,
            std::string_view content) {
    out_ += "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" text-anchor=\"" +
            anchor + "\" class=\"" + cls + "\" fill=\"" + fill + "\">" + xml_text(content) +
            "</text>\n";
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

/// `<svg xmlns=... width height viewBox font...>` and a <title>, `label`.
std::string svg_open(int width, int height, std::string_view label);
/// The burndown as an <svg> element (no XML declaration), for the SVG file and the HTML page.
std::string history_chart(const History& h);
/// The fill of a status in the charts, and its name in their legends.
const char* status_fill(Status s);
const char* status_label(Status s);
/// The charts' <style>: background, text and grid colours for light and dark schemes.
std::string chart_style();

}  // namespace wildplan::detail
