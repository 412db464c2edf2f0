// Tags whose body is data (tag_values.hpp): JSON parsed with nlohmann_json, `key: value` lines
// read as the loop reads them (server/agent/v2_prompts.py: parse_experiments, parse_steer_child).
#include "extract/tag_values.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "source/strings.hpp"

namespace wildplan {
namespace {

Diagnostic invalid(const Source& text, std::size_t at, std::string message) {
  Diagnostic d;
  d.file = text.name();
  d.begin = d.end = text.position(std::min(at, text.size()));
  d.severity = Severity::Error;
  d.rule = "tag-value-invalid";
  d.message = std::move(message);
  return d;
}

/// The signal's block of `name`: the last block of the tag the signal policy keeps (closed, not
/// echoed, not a placeholder, not an example), as select_signals() chooses it.
const Block* signal_block(const Reply& r, std::string_view name) {
  const Block* chosen = nullptr;
  for (const Block& b : r.blocks) {
    if (b.tag == Tag::Plan || !b.closed || b.echoed || b.placeholder || b.example) continue;
    if (r.tag_name(b) == name) chosen = &b;
  }
  return chosen;
}

/// `value` without one pair of matching quotes around it.
std::string unquote(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front())
    value = value.substr(1, value.size() - 2);
  return std::string(value);
}

void read_json(const Source& text, Span body, TagValue& v, Reply& r) {
  const std::string_view s = text.text(body);
  try {
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(s);
    v.json = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    v.valid = true;
  } catch (const nlohmann::json::parse_error& e) {
    const std::size_t at = body.begin + (e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();
    if (const std::size_t colon = what.find("parse error"); colon != std::string::npos)
      what = what.substr(colon);
    r.diagnostics.push_back(invalid(text, at,
                                    "the <" + v.name + "> body is not JSON (" + what +
                                        "): its value is not read"));
  }
}

void read_fields(const Source& text, Span body, TagValue& v, Reply& r) {
  const std::string_view s = text.text(body);
  std::vector<TagRecord> records;
  for (std::size_t p = 0; p <= s.size();) {
    const std::size_t nl = std::min(s.find('\n', p), s.size());
    std::string_view line = detail::trim(s.substr(p, nl - p));
    const std::size_t at = body.begin + p + (s.substr(p, nl - p).find_first_not_of(" \t"));
    p = nl + 1;
    if (line.empty()) continue;
    const bool item = line.starts_with("- ") || line == "-";
    if (item) line = detail::trim(line.substr(1));
    const std::size_t colon = line.find(':');
    const std::string_view key = colon == std::string_view::npos
                                     ? std::string_view()
                                     : detail::trim(line.substr(0, colon));
    if (key.empty()) {
      r.diagnostics.push_back(invalid(
          text, at,
          "a line of <" + v.name + "> is not `key: value` (or `- key: value`, which starts a "
          "record): its value is not read"));
      return;
    }
    if (item || records.empty()) records.emplace_back();
    records.back().fields.emplace_back(std::string(key),
                                       unquote(detail::trim(line.substr(colon + 1))));
  }
  v.records = std::move(records);
  v.valid = true;
}

}  // namespace

const char* to_string(TagFormat f) {
  switch (f) {
    case TagFormat::Text:
      return "text";
    case TagFormat::Json:
      return "json";
    case TagFormat::Fields:
      return "fields";
  }
  return "text";
}

std::optional<TagFormat> tag_format_from_string(std::string_view s) {
  for (TagFormat f : {TagFormat::Text, TagFormat::Json, TagFormat::Fields}) {
    if (s == to_string(f)) return f;
  }
  return std::nullopt;
}

namespace detail {

void read_tag_values(const Source& text,
                     const std::vector<std::pair<std::string, TagFormat>>& formats, Reply& r) {
  for (const auto& [given, format] : formats) {
    const std::string name = to_lower(given);
    if (!tag_name_is_valid(name) || name == "plan") continue;
    auto it = std::find_if(r.values.begin(), r.values.end(),
                           [&](const TagValue& v) { return v.name == name; });
    if (it == r.values.end()) {
      TagValue v;
      v.name = name;
      it = r.values.insert(r.values.end(), std::move(v));
    }
    it->format = format;
  }
  for (TagValue& v : r.values) {
    const Block* b = signal_block(r, v.name);
    v.found = b != nullptr;
    if (!b) continue;
    // A body that is one fenced block (the prompt's ``` fence, copied) is read inside it.
    Span body = fenced_plan(text, b->body).value_or(b->body);
    const std::string_view s = text.text(body);
    const std::size_t lead = s.find_first_not_of(" \t\r\n");
    if (lead == std::string_view::npos) body.begin = body.end;
    else body = {body.begin + lead, body.begin + s.find_last_not_of(" \t\r\n") + 1};
    if (v.format == TagFormat::Json) read_json(text, body, v, r);
    if (v.format == TagFormat::Fields) read_fields(text, body, v, r);
    if (v.format == TagFormat::Text) v.valid = true;
  }
}

}  // namespace detail
}  // namespace wildplan
