// The JSON documents (schema in the README, "version": 1 first, keys in a fixed order).
#include <array>

#include "render/json_parts.hpp"
#include "render/json_writer.hpp"
#include "source/utf8.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace detail {

namespace {
// Bytes that go out as they are: printable ASCII but for the quote and the backslash.
constexpr auto kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x7F; ++c) t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return t;
}();
}  // namespace

void JsonWriter::escape(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && kPlain[static_cast<unsigned char>(s[j])]) ++j;
    out.append(s.data() + i, j - i);
    if (j == s.size()) return;
    i = j;
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        ++i;
        continue;
      case '\\':
        out += "\\\\";
        ++i;
        continue;
      case '\n':
        out += "\\n";
        ++i;
        continue;
      case '\r':
        out += "\\r";
        ++i;
        continue;
      case '\t':
        out += "\\t";
        ++i;
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7F) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      ++i;
      continue;
    }
    const Decoded d = decode_utf8(s, i);
    if (d.code_point < 0) {
      out += "\\ufffd";
    } else {
      out.append(s.data() + i, d.length);
    }
    i += d.length;
  }
}

}  // namespace detail

namespace {

using detail::JsonWriter;
using detail::write_diagnostics;
using detail::write_optional;
using detail::write_signals;

void write_pos(JsonWriter& w, const Source& src, std::size_t offset) {
  const SourcePos p = src.position(offset);
  w.begin_object(/*flat=*/true);
  w.key("line").value(p.line).key("column").value(p.column).key("offset").value(
      static_cast<std::uint64_t>(offset));
  w.end_object();
}

void write_span(JsonWriter& w, Span s) {
  w.begin_array(/*flat=*/true);
  w.value(static_cast<std::uint64_t>(s.begin)).value(static_cast<std::uint64_t>(s.end));
  w.end_array();
}

}  // namespace

namespace detail {

void write_optional(JsonWriter& w, const std::optional<std::string>& s) {
  if (s) {
    w.value(*s);
  } else {
    w.null();
  }
}

void write_signals(JsonWriter& w, const Signals& signals) {
  w.key("signals").begin_object();
  w.key("summary");
  write_optional(w, signals.summary);
  w.key("promise");
  write_optional(w, signals.promise);
  w.key("reflection");
  write_optional(w, signals.reflection);
  w.key("continue");
  if (signals.continue_) {
    w.value(*signals.continue_);
  } else {
    w.null();
  }
  w.key("memories");
  if (signals.memories) {
    w.begin_array();
    for (const Memory& m : *signals.memories) {
      w.begin_object().key("tag").value(m.tag).key("text").value(m.text).end_object();
    }
    w.end_array();
  } else {
    w.null();
  }
  for (const auto& [name, value] : signals.others) {  // the extra tags asked for
    w.key(name);
    write_optional(w, value);
  }
  w.end_object();
}

void write_diagnostics(JsonWriter& w, const std::vector<Diagnostic>& diagnostics) {
  w.key("diagnostics").begin_array();
  for (const Diagnostic& d : diagnostics) {
    w.begin_object(/*flat=*/true);
    w.key("file").value(d.file);
    w.key("line").value(d.begin.line).key("column").value(d.begin.column);
    w.key("end_line").value(d.end.line).key("end_column").value(d.end.column);
    w.key("severity").value(to_string(d.severity));
    w.key("rule").value(d.rule);
    w.key("message").value(d.message);
    if (d.text_begin.line > 0) {  // in a transcript's line: where in its text
      w.key("text").begin_object(/*flat=*/true);
      w.key("line").value(d.text_begin.line).key("column").value(d.text_begin.column);
      w.key("end_line").value(d.text_end.line).key("end_column").value(d.text_end.column);
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
}

}  // namespace detail

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  JsonWriter::escape(s, out);
  out += '"';
  return out;
}

std::string reply_to_json(const Reply& r) {
  std::string out;
  write_reply_json(r, [&](std::string_view piece) { out += piece; });
  return out;
}

std::string plan_to_json(const Document& doc) {
  std::string out;
  write_plan_json(doc, doc.diagnostics, [&](std::string_view piece) { out += piece; });
  return out;
}

namespace {

/// A position in a reply's text; in a transcript's answer text, the line it was read from
/// (column 0) and the position within that line's text.
void write_reply_pos(JsonWriter& w, const Source& text, const Reply& r, std::size_t offset) {
  if (!r.transcript) return write_pos(w, text, offset);
  const TextOrigin o = r.transcript->origin(offset);
  w.begin_object(/*flat=*/true);
  w.key("line").value(o.line).key("column").value(0).key("offset").value(
      static_cast<std::uint64_t>(offset));
  w.key("text_line").value(o.in_text.line).key("text_column").value(o.in_text.column);
  w.end_object();
}

}  // namespace

namespace {

void write_block(JsonWriter& w, const Reply& r, const Block& b) {
  const Source& text = r.text();
  w.begin_object();
  w.key("tag").value(r.tag_name(b));
  w.key("closed").value(b.closed);
  w.key("in_fence").value(b.in_fence);
  w.key("echoed").value(b.echoed);
  w.key("placeholder").value(b.placeholder);
  if (b.tag == Tag::Plan) {
    w.key("tasks");
    b.task_count ? w.value(static_cast<std::uint64_t>(*b.task_count)) : w.null();
  } else {
    w.key("example").value(b.example);
  }
  w.key("open");
  write_reply_pos(w, text, r, b.open.begin);
  w.key("body");
  write_span(w, b.body);
  w.key("close");
  if (b.closed) {
    write_reply_pos(w, text, r, b.close.begin);
  } else {
    w.null();
  }
  w.end_object();
}

void write_front_matter(JsonWriter& w, const std::optional<FrontMatter>& fm) {
  w.key("front_matter");
  if (!fm) {
    w.null();
    return;
  }
  w.begin_object(/*flat=*/true);
  w.key("line").value(fm->pos.line).key("end_line").value(fm->end_line);
  w.key("span");
  write_span(w, fm->span);
  w.key("body");
  write_span(w, fm->body);
  w.key("text").value(fm->text);
  w.end_object();
}

void write_sections(JsonWriter& w, const Plan& plan) {
  w.key("sections").begin_array();
  for (const Section& s : plan.sections) {
    w.begin_object(/*flat=*/true);
    w.key("level").value(s.level);
    w.key("title").value(s.title);
    w.key("line").value(s.pos.line).key("column").value(s.pos.column);
    w.key("span");
    write_span(w, s.span);
    w.key("phase");
    s.phase ? w.value(plan.phases[*s.phase].number) : w.null();
    w.end_object();
  }
  w.end_array();
  w.key("phases").begin_array();
  for (const Phase& p : plan.phases) {
    w.begin_object(/*flat=*/true);
    w.key("number").value(p.number).key("name").value(p.name);
    w.key("section").value(static_cast<std::uint64_t>(p.section));
    w.end_object();
  }
  w.end_array();
}

/// A task of the plan document, every member.
void write_plan_task(JsonWriter& w, const Plan& plan, const Task& t) {
  w.begin_object(/*flat=*/true);
  w.key("ordinal").value(static_cast<std::uint64_t>(t.ordinal));
  w.key("id").value(t.id).key("id_kind").value(to_string(t.id_kind));
  w.key("status").value(to_string(t.status)).key("marker").value(std::string_view(&t.box, 1));
  w.key("optional").value(t.optional).key("text").value(t.text).key("title").value(t.title);
  w.key("fields").begin_array();
  for (const Field& f : t.fields) {
    w.begin_object().key("key").value(f.key).key("value").value(f.value).end_object();
  }
  w.end_array();
  w.key("markers").begin_array();
  for (const auto& m : t.markers) w.value(m);
  w.end_array();
  w.key("depends").begin_array();
  for (const auto& d : t.depends) w.value(d);
  w.end_array();
  w.key("phase");
  t.phase ? w.value(plan.phases[*t.phase].number) : w.null();
  w.key("section");
  t.section ? w.value(plan.sections[*t.section].title) : w.null();
  w.key("depth").value(t.depth);
  w.key("parent");
  t.parent ? w.value(static_cast<std::uint64_t>(plan.tasks[*t.parent].ordinal)) : w.null();
  w.key("children").begin_array();
  for (std::size_t c : t.children) w.value(static_cast<std::uint64_t>(plan.tasks[c].ordinal));
  w.end_array();
  w.key("line").value(t.pos.line).key("column").value(t.pos.column);
  w.key("span");
  write_span(w, t.item);
  w.key("box_span");
  write_span(w, t.box_span);
  w.end_object();
}

}  // namespace

void write_reply_json(const Reply& r, const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  w.key("version").value(kJsonVersion);
  w.key("kind").value("reply");
  w.key("file").value(r.text().name());
  w.key("format").value(r.transcript ? to_string(r.transcript->format) : "text");
  w.key("prompt").value(r.prompt_given);
  w.key("plan_count").value(static_cast<std::uint64_t>(r.plan_count()));
  w.key("selected");
  r.selected ? w.value(static_cast<std::uint64_t>(*r.selected)) : w.null();
  w.key("rule").value(to_string(r.choice));
  w.key("blocks").begin_array();
  for (const Block& b : r.blocks) write_block(w, r, b);
  w.end_array();
  w.key("plan");
  r.plan ? w.value(range_markdown(*r.plan)) : w.null();
  write_signals(w, r.signals);
  detail::write_tag_values(w, r);
  detail::write_todos(w, r.todos());
  write_diagnostics(w, r.diagnostics);
  w.end_object();
  w.finish();
}

void write_plan_json(const Document& doc, const std::vector<Diagnostic>& diagnostics,
                     const Sink& sink) {
  const Plan& plan = doc.plan;
  JsonWriter w(sink);
  w.begin_object();
  w.key("version").value(kJsonVersion);
  w.key("kind").value("plan");
  w.key("file").value(doc.name());
  w.key("title").value(plan.title);
  write_front_matter(w, plan.front_matter);
  write_sections(w, plan);
  w.key("tasks").begin_array();
  for (const Task& t : plan.tasks) write_plan_task(w, plan, t);
  w.end_array();
  const auto counts = plan.counts();
  w.key("counts").begin_object();
  w.key("total").value(static_cast<std::uint64_t>(plan.tasks.size()));
  for (int i = 0; i < kStatusCount; ++i) {
    w.key(to_string(static_cast<Status>(i))).value(static_cast<std::uint64_t>(counts[i]));
  }
  w.end_object();
  write_diagnostics(w, diagnostics);
  w.end_object();
  w.finish();
}

void write_validation_json(const std::vector<ValidatedFile>& files, const Sink& sink) {
  JsonWriter w(sink);
  std::size_t errors = 0, warnings = 0, notes = 0;
  w.begin_object();
  w.key("version").value(kJsonVersion);
  w.key("kind").value("validation");
  w.key("files").begin_array();
  for (const ValidatedFile& f : files) {
    const Validation& v = *f.result;
    errors += v.errors;
    warnings += v.warnings;
    notes += v.notes;
    w.begin_object();
    w.key("file").value(f.source->name());
    w.key("profile").value(to_string(v.profile));
    w.key("profile_reason").value(v.profile_reason);
    w.key("errors").value(static_cast<std::uint64_t>(v.errors));
    w.key("warnings").value(static_cast<std::uint64_t>(v.warnings));
    w.key("notes").value(static_cast<std::uint64_t>(v.notes));
    std::size_t total = 0;
    w.key("counts").begin_object(/*flat=*/true);
    for (int i = 0; i < kStatusCount; ++i) {
      total += v.counts[i];
      w.key(to_string(static_cast<Status>(i))).value(static_cast<std::uint64_t>(v.counts[i]));
    }
    w.key("total").value(static_cast<std::uint64_t>(total));
    w.end_object();
    write_diagnostics(w, v.diagnostics);
    w.end_object();
  }
  w.end_array();
  w.key("errors").value(static_cast<std::uint64_t>(errors));
  w.key("warnings").value(static_cast<std::uint64_t>(warnings));
  w.key("notes").value(static_cast<std::uint64_t>(notes));
  w.end_object();
  w.finish();
}

}  // namespace wildplan
