// SARIF 2.1.0 for GitHub code scanning (and Microsoft's SARIF Multitool with the GitHub rule
// kinds, which CI runs over the fixtures): every rule with a name, descriptions, help and the
// README's anchor; every result with a region (line 1 for a finding about the whole file), a URI
// relative to %SRCROOT% (the repository's root, whose absolute URI originalUriBaseIds gives) and a
// fingerprint that survives a line move. Columns are converted from wildplan's byte columns to
// Unicode code points (the run says so in columnKind).
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "render/json_writer.hpp"
#include "render/locations.hpp"
#include "wildplan/render.hpp"
#include "wildplan/wildplan.hpp"

namespace wildplan {
namespace {

using detail::JsonWriter;

constexpr std::string_view kSrcRoot = "%SRCROOT%";
constexpr std::string_view kHomepage = WILDPLAN_HOMEPAGE_URL;

/// "task-duplicate-id" -> "TaskDuplicateId": SARIF's rule name, an identifier for people.
std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

/// The Markdown of the help table without its code spans' backticks.
std::string plain(std::string_view markdown) {
  std::string out;
  for (char c : markdown) {
    if (c != '`') out += c;
  }
  return out;
}

/// Where a rule applies, as a sentence (Markdown).
std::string applies(const RuleInfo& r) {
  if (r.profiles == (kInPlanning | kInPhased | kInGeneric | kInCompact)) return "Profiles: all.";
  std::string out;
  for (auto [bit, name] : {std::pair{kInPlanning, "`v2-planning`"},
                           std::pair{kInPhased, "`v2-phased`"},
                           std::pair{kInCompact, "`v2-compact`"},
                           std::pair{kInGeneric, "`generic`"}}) {
    if (r.profiles & bit) out += (out.empty() ? "" : ", ") + std::string(name);
  }
  return "Profiles: " + out + ".";
}

void write_rule(JsonWriter& w, const RuleInfo& r) {
  const std::string uri = std::string(kHomepage) + "#" + r.anchor;
  const std::string id = r.id;
  const std::string markdown = "`" + id + "`: " + r.help + "\n\nDefault severity: " +
                               to_string(r.severity) + ". " + applies(r) +
                               "\n\nTo switch it off: `\"rules\": {\"" + id +
                               "\": \"off\"}` in `.wildplan.json`, or `<!-- wildplan-disable " +
                               id + " -->` in the task file.";
  w.begin_object(/*flat=*/true);
  w.key("id").value(r.id);
  w.key("name").value(pascal_case(r.id));
  w.key("shortDescription").begin_object().key("text").value(r.description).end_object();
  w.key("fullDescription").begin_object().key("text").value(plain(r.help)).end_object();
  w.key("help").begin_object();
  w.key("text").value(plain(markdown) + " Documentation: " + uri);
  w.key("markdown").value(markdown + "\n\n[Documentation](" + uri + ")");
  w.end_object();
  w.key("helpUri").value(uri);
  w.key("defaultConfiguration").begin_object().key("level").value(to_string(r.severity)).end_object();
  w.end_object();
}

/// A line's text as the fingerprint sees it: without the list marker and the box (so that
/// checking a task off keeps its findings), blanks trimmed and collapsed.
std::string fingerprint_text(std::string_view line) {
  auto skip_blanks = [&] {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  };
  skip_blanks();
  if (line.size() > 1 && (line[0] == '-' || line[0] == '*' || line[0] == '+') &&
      (line[1] == ' ' || line[1] == '\t')) {
    line.remove_prefix(1);
  } else {
    std::size_t digits = 0;
    while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
    if (digits > 0 && digits + 1 < line.size() && (line[digits] == '.' || line[digits] == ')') &&
        (line[digits + 1] == ' ' || line[digits + 1] == '\t'))
      line.remove_prefix(digits + 1);
  }
  skip_blanks();
  if (line.size() >= 3 && line[0] == '[' && line[2] == ']') line.remove_prefix(3);
  std::string out;
  for (char c : line) {
    const bool blank = c == ' ' || c == '\t';
    if (blank && (out.empty() || out.back() == ' ')) continue;
    out += blank ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

/// 64-bit FNV-1a, as 16 hex digits: stable across platforms and releases.
std::string fnv1a_hex(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kHex[h & 15];
  return out;
}

}  // namespace

void write_sarif(const std::vector<ValidatedFile>& files, const Sink& sink,
                 const ReportRoot& where) {
  const std::span<const RuleInfo> rules = all_rules();
  std::unordered_map<std::string_view, std::size_t> rule_index;
  for (std::size_t i = 0; i < rules.size(); ++i) rule_index.emplace(rules[i].id, i);

  JsonWriter w(sink);
  w.begin_object();
  w.key("$schema").value("https://json.schemastore.org/sarif-2.1.0.json");
  w.key("version").value("2.1.0");
  w.key("runs").begin_array().begin_object();
  w.key("tool").begin_object().key("driver").begin_object();
  w.key("name").value("wildplan");
  w.key("version").value(version());
  w.key("semanticVersion").value(version());
  w.key("informationUri").value(kHomepage);
  w.key("rules").begin_array();
  for (const RuleInfo& r : rules) write_rule(w, r);
  w.end_array();
  w.end_object().end_object();
  if (!where.root.empty()) {
    std::string root = "file://" + detail::uri_of(detail::report_path(where.root, {}).path);
    if (!root.ends_with('/')) root += '/';
    w.key("originalUriBaseIds").begin_object();
    w.key(kSrcRoot).begin_object().key("uri").value(root).end_object();
    w.end_object();
  }
  w.key("columnKind").value("unicodeCodePoints");
  w.key("results").begin_array();
  std::unordered_map<std::string, unsigned> occurrences;  // of each fingerprint so far
  for (const ValidatedFile& f : files) {
    for (const Diagnostic& d : f.result->diagnostics) {
      const detail::ReportPath path = detail::report_path(d.file, where);
      // A diagnostic about another file (the configuration) keeps its byte columns.
      const Source* src = d.file == f.source->name() ? f.source : nullptr;
      auto column = [&](std::uint32_t line, std::uint32_t col) {
        return src ? detail::code_point_column(*src, line, col) : col;
      };
      w.begin_object(/*flat=*/true);
      w.key("ruleId").value(d.rule);
      if (const auto it = rule_index.find(d.rule); it != rule_index.end())
        w.key("ruleIndex").value(static_cast<std::uint64_t>(it->second));
      w.key("level").value(to_string(d.severity));
      w.key("message").begin_object().key("text").value(d.message).end_object();
      w.key("locations").begin_array().begin_object().key("physicalLocation").begin_object();
      w.key("artifactLocation").begin_object();
      if (path.in_root) {
        w.key("uri").value(detail::uri_of(path.path));
        w.key("uriBaseId").value(kSrcRoot);
      } else {
        w.key("uri").value("file://" + detail::uri_of(path.path));
      }
      w.end_object();
      // GitHub shows no alert without a start line: a finding about the whole file is on line 1.
      w.key("region").begin_object();
      w.key("startLine").value(d.begin.line > 0 ? d.begin.line : 1u);
      if (d.begin.line > 0) {
        w.key("startColumn").value(column(d.begin.line, d.begin.column));
        if (d.end.line > d.begin.line ||
            (d.end.line == d.begin.line && d.end.column > d.begin.column)) {
          w.key("endLine").value(d.end.line);
          w.key("endColumn").value(column(d.end.line, d.end.column));
        }
      }
      w.end_object();
      w.end_object().end_object().end_array();
      // The rule, the file and the text of the line, not its number: a line moved by an edit
      // above it keeps its findings; the n-th of equal ones is told apart by n.
      const std::string text =
          src && d.begin.line > 0 ? fingerprint_text(src->line_text(d.begin.line)) : std::string();
      const std::string hash = fnv1a_hex(d.rule + '\0' + path.path + '\0' + text);
      w.key("partialFingerprints").begin_object();
      w.key("wildplanLineHash/v1").value(hash + ":" + std::to_string(++occurrences[hash]));
      w.end_object();
      w.end_object();
    }
  }
  w.end_array();
  w.end_object().end_array();
  w.end_object();
  w.finish();
}

}  // namespace wildplan
