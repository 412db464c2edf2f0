// Documents: a Source parsed, kept together (document.hpp).
#include "wildplan/document.hpp"

#include "source/strings.hpp"

namespace wildplan {

Document parse_document(std::shared_ptr<const Source> source, std::optional<Span> range,
                        const ParseOptions& options) {
  Document doc;
  doc.range = range.value_or(Span{0, source->size()});
  Parsed<Plan> parsed = parse_plan(*source, doc.range, options);
  doc.plan = std::move(*parsed.value);
  doc.diagnostics = std::move(parsed.diagnostics);
  doc.source = std::move(source);
  return doc;
}

std::string range_markdown(const Document& doc) {
  std::string_view body = doc.src().text(doc.range);
  // Leading blank lines go; the first line keeps its indentation.
  for (;;) {
    std::size_t k = 0;
    while (k < body.size() && (body[k] == ' ' || body[k] == '\t')) ++k;
    if (k < body.size() && (body[k] == '\n' || body[k] == '\r')) {
      k += (body[k] == '\r' && k + 1 < body.size() && body[k + 1] == '\n') ? 2 : 1;
      body.remove_prefix(k);
      continue;
    }
    break;
  }
  while (!body.empty() && detail::is_space(body.back())) body.remove_suffix(1);
  if (body.empty()) return {};
  const char* eol =
      body.find("\r\n") != std::string_view::npos ? "\r\n"
      : body.find('\n') == std::string_view::npos && body.find('\r') != std::string_view::npos
          ? "\r"
          : "\n";
  return std::string(body) + eol;
}

Document read_document(const std::string& path, const ParseOptions& options) {
  return parse_document(std::make_shared<const Source>(read_source(path)), std::nullopt, options);
}

}  // namespace wildplan
