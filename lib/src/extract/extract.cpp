// extract_reply: the reply read by speaker (a transcript's answer text, or the text itself), the
// echo of the prompt found when the prompt is given, the scan, and the two policies (the plan,
// the signals). Diagnostics of a transcript's answer text are moved to the lines they came from.
#include "wildplan/extract.hpp"

#include <algorithm>
#include <tuple>

#include "extract/echo.hpp"
#include "extract/scanner.hpp"
#include "extract/tag_values.hpp"
#include "source/strings.hpp"

namespace wildplan {
namespace {

bool is_name_char(char c) {
  return detail::is_alnum_ascii(c) || c == '-' || c == '_' || c == ':' || c == '.';
}

void sort_by_position(std::vector<Diagnostic>& ds) {
  std::stable_sort(ds.begin(), ds.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.begin.line, a.begin.column, a.text_begin.line, a.text_begin.column) <
           std::tie(b.begin.line, b.begin.column, b.text_begin.line, b.text_begin.column);
  });
}

}  // namespace

const char* to_string(Tag t) {
  static constexpr const char* kNames[] = {"plan",     "summary",  "promise", "reflection",
                                           "continue", "memories", "other"};
  return kNames[static_cast<int>(t)];
}

const char* to_string(Choice c) {
  switch (c) {
    case Choice::LastClosedWithTasks:
      return "last-closed-with-tasks";
    case Choice::LastClosedWithoutTasks:
      return "last-closed-without-tasks";
    case Choice::None:
      return "none";
  }
  return "none";
}

bool tag_name_is_valid(std::string_view name) {
  if (name.empty() || !detail::is_alnum_ascii(name[0]) || (name[0] >= '0' && name[0] <= '9'))
    return false;
  return std::all_of(name.begin(), name.end(), is_name_char);
}

std::size_t Reply::plan_count() const {
  return static_cast<std::size_t>(std::count_if(blocks.begin(), blocks.end(),
                                                [](const Block& b) { return b.tag == Tag::Plan; }));
}

std::uint32_t Reply::line_of(std::size_t offset) const {
  return transcript ? transcript->origin(offset).line : source->position(offset).line;
}

std::string_view Reply::tag_name(const Block& b) const {
  if (b.tag == Tag::Other && b.other < other_tags.size()) return other_tags[b.other];
  return to_string(b.tag);
}

namespace {

/// The extra tags asked for, lower-cased, once each, the built-in names left out.
std::vector<std::string> other_tag_names(const std::vector<std::string>& asked) {
  std::vector<std::string> out;
  for (const std::string& name : asked) {
    if (!tag_name_is_valid(name)) continue;
    std::string lower = detail::to_lower(name);
    bool known = std::find(out.begin(), out.end(), lower) != out.end();
    for (int t = 0; t < kBuiltinTagCount; ++t) known |= lower == to_string(static_cast<Tag>(t));
    if (!known) out.push_back(std::move(lower));
  }
  return out;
}

/// The note that the echo was looked for in the reply's first part only.
Diagnostic echo_gave_up(const Source& text) {
  Diagnostic d;
  d.file = text.name();
  d.severity = Severity::Note;
  d.rule = "tag-echoed";
  d.message =
      "the reply repeats the prompt's lines too often to follow: the echo was looked for in its "
      "first part only";
  return d;
}

}  // namespace

Reply extract_reply(std::shared_ptr<const Source> reply, const ExtractOptions& options) {
  Reply r;
  r.prompt_given = options.prompt != nullptr;
  std::vector<std::string> names = options.tags;
  for (const auto& [name, format] : options.formats) names.push_back(name);
  r.other_tags = other_tag_names(names);
  r.source = std::move(reply);
  if (options.transcript) {
    r.transcript = options.transcript;
  } else if (options.format == InputFormat::JsonLines ||
             (options.format == InputFormat::Auto && looks_like_json_lines(r.source->bytes()))) {
    r.transcript = std::make_shared<const Transcript>(read_transcript(*r.source));
  }
  if (r.transcript) {
    // The spans refer to the answer text, which the transcript owns.
    r.source = std::shared_ptr<const Source>(r.transcript, &r.transcript->text);
    if (r.transcript->format == TranscriptFormat::Unknown) {
      r.diagnostics = r.transcript->diagnostics;  // no answer to search: say why, and stop
      return r;
    }
  }
  std::optional<detail::EchoFinder> echo;
  if (options.prompt) echo.emplace(options.prompt->bytes());
  detail::scan_reply(*r.source, detail::tag_names(r.other_tags), echo ? &*echo : nullptr, r,
                     options.selection);
  select_plan(r, options.parse, options.selection);
  select_signals(r, options.selection);
  detail::read_tag_values(*r.source, options.formats, r);
  if (echo && echo->gave_up()) r.diagnostics.push_back(echo_gave_up(*r.source));
  if (r.transcript) {
    r.transcript->relocate(r.diagnostics);
    if (r.plan) r.transcript->relocate(r.plan->diagnostics);
    r.diagnostics.insert(r.diagnostics.end(), r.transcript->diagnostics.begin(),
                         r.transcript->diagnostics.end());
  }
  sort_by_position(r.diagnostics);
  return r;
}

Reply extract_reply(const Source& reply, const ExtractOptions& options) {
  return extract_reply(std::make_shared<const Source>(reply), options);
}

}  // namespace wildplan
