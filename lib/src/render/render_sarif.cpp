// SARIF 2.1.0 for code scanning. Columns are converted from wildplan's byte columns to Unicode
// code points (the run says so in columnKind); paths become URI references.
#include <algorithm>
#include <cstring>
#include <optional>

#include "render/json_writer.hpp"
#include "source/utf8.hpp"
#include "wildplan/render.hpp"
#include "wildplan/wildplan.hpp"

namespace wildplan {
namespace {

using detail::JsonWriter;

// Ids reported outside the rule table: by extraction and by the configuration reader.
struct ExtraRule {
  const char* id;
  Severity severity;
  const char* description;
};
constexpr ExtraRule kExtraRules[] = {
    {"plan-missing", Severity::Error, "the reply holds a usable <plan> block"},
    {"plan-unclosed", Severity::Warning, "every <plan> tag is closed"},
    {"plan-placeholder", Severity::Note, "a placeholder <plan> block was passed over"},
    {"plan-superseded", Severity::Note, "an earlier <plan> block was superseded"},
    {"plan-without-tasks", Severity::Warning, "the chosen <plan> block holds checklist items"},
    {"tag-unclosed", Severity::Warning, "every signal tag is closed"},
    {"config-invalid", Severity::Error, "the configuration file is valid"},
};

std::string uri_of(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || std::strchr("-._~/", ch)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

/// The 1-based code point column of byte column `column` on `line`.
std::uint32_t code_point_column(const Source& src, std::uint32_t line, std::uint32_t column) {
  const std::string_view text = src.line_text(line);
  const std::size_t bytes = std::min<std::size_t>(column - 1, text.size());
  std::uint32_t points = 1;
  for (std::size_t i = 0; i < bytes;) {
    i += detail::decode_utf8(text, i).length;
    ++points;
  }
  return points + static_cast<std::uint32_t>(column - 1 - bytes);
}

}  // namespace

void write_sarif(const std::vector<ValidatedFile>& files, const Sink& sink) {
  std::vector<std::pair<std::string, std::pair<Severity, std::string>>> rules;
  for (const RuleInfo& r : all_rules()) rules.push_back({r.id, {r.severity, r.description}});
  for (const ExtraRule& r : kExtraRules) rules.push_back({r.id, {r.severity, r.description}});
  auto rule_index = [&](const std::string& id) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (rules[i].first == id) return i;
    }
    return std::nullopt;
  };

  JsonWriter w(sink);
  w.begin_object();
  w.key("$schema").value("https://json.schemastore.org/sarif-2.1.0.json");
  w.key("version").value("2.1.0");
  w.key("runs").begin_array().begin_object();
  w.key("tool").begin_object().key("driver").begin_object();
  w.key("name").value("wildplan");
  w.key("version").value(version());
  w.key("rules").begin_array();
  for (const auto& [id, info] : rules) {
    w.begin_object(/*flat=*/true);
    w.key("id").value(id);
    w.key("shortDescription").begin_object().key("text").value(info.second).end_object();
    w.key("defaultConfiguration")
        .begin_object()
        .key("level")
        .value(to_string(info.first))
        .end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object().end_object();
  w.key("columnKind").value("unicodeCodePoints");
  w.key("results").begin_array();
  for (const ValidatedFile& f : files) {
    for (const Diagnostic& d : f.result->diagnostics) {
      w.begin_object(/*flat=*/true);
      w.key("ruleId").value(d.rule);
      if (const auto i = rule_index(d.rule))
        w.key("ruleIndex").value(static_cast<std::uint64_t>(*i));
      w.key("level").value(to_string(d.severity));
      w.key("message").begin_object().key("text").value(d.message).end_object();
      w.key("locations").begin_array().begin_object().key("physicalLocation").begin_object();
      w.key("artifactLocation").begin_object().key("uri").value(uri_of(d.file)).end_object();
      if (d.begin.line > 0) {
        w.key("region").begin_object();
        w.key("startLine").value(d.begin.line);
        w.key("startColumn").value(code_point_column(*f.source, d.begin.line, d.begin.column));
        if (d.end.line > d.begin.line ||
            (d.end.line == d.begin.line && d.end.column > d.begin.column)) {
          w.key("endLine").value(d.end.line);
          w.key("endColumn").value(code_point_column(*f.source, d.end.line, d.end.column));
        }
        w.end_object();
      }
      w.end_object().end_object().end_array();
      w.end_object();
    }
  }
  w.end_array();
  w.end_object().end_array();
  w.end_object();
  w.finish();
}

}  // namespace wildplan
