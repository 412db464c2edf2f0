#include "parse/task_line.hpp"

#include "source/strings.hpp"
#include "task_line_grammar.hpp"

namespace wildplan::detail {
namespace {

namespace g = grammar;
namespace pegtl = tao::pegtl;
using Input = pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf>;

Span span_of(const char* base, const char* b, const char* e) {
  return {static_cast<std::size_t>(b - base), static_cast<std::size_t>(e - base)};
}

// Actions. A rule inside an alternative may match and still see its alternative fail, and PEGTL
// does not take actions back: the body rules only record a pending id, which `task_id` commits
// when the whole id matched (the body that fired last belongs to the alternative that won).
struct LineState {
  const char* base = nullptr;
  TaskLine out;
  IdKind pending_kind = IdKind::None;
  std::string pending_id;
  std::string pending_key;
  Span pending_key_span;
  std::string pending_value;
};

template <typename Rule>
struct line_action : pegtl::nothing<Rule> {};

template <IdKind K>
struct id_body {
  template <typename In>
  static void apply(const In& in, LineState& s) {
    s.pending_kind = K;
    s.pending_id = in.string();
  }
};
template <>
struct line_action<g::phased_id_body> : id_body<IdKind::Phased> {};
template <>
struct line_action<g::speckit_id_body> : id_body<IdKind::SpecKit> {};
template <>
struct line_action<g::number_id_body> : id_body<IdKind::Number> {};
template <>
struct line_action<g::ordinal_id_body> : id_body<IdKind::Number> {};
template <>
struct line_action<g::key_id_body> : id_body<IdKind::Key> {};
template <>
struct line_action<g::word_id_body> {
  template <typename In>
  static void apply(const In& in, LineState& s) {
    s.pending_kind = IdKind::Word;
    s.pending_id = collapse_space(in.string_view());  // "Task  3" -> "Task 3"
    s.pending_id[0] = 'T';
    for (std::size_t i = 1; i < 4; ++i) {
      s.pending_id[i] = static_cast<char>(s.pending_id[i] | 0x20);  // "TASK 3" -> "Task 3"
    }
  }
};
template <>
struct line_action<g::task_id> {
  template <typename In>
  static void apply(const In& in, LineState& s) {
    s.out.id_kind = s.pending_kind;
    s.out.id = s.pending_id;
    s.out.id_span = span_of(s.base, in.begin(), in.end());
  }
};
template <>
struct line_action<g::marker> {
  template <typename In>
  static void apply(const In& in, LineState& s) {
    const auto v = in.string_view();
    s.out.markers.emplace_back(v.substr(1, v.size() - 2));
  }
};
template <>
struct line_action<g::title> {
  template <typename In>
  static void apply(const In& in, LineState& s) {
    const char* b = in.begin();
    const char* e = in.end();
    while (e > b && (e[-1] == ' ' || e[-1] == '\t')) --e;
    s.out.title = span_of(s.base, b, e);
  }
};
template <>
struct line_action<g::field_key> {
  template <typename In>
  static void apply(const In& in, LineState& s) {
    s.pending_key = in.string();
    s.pending_key_span = span_of(s.base, in.begin(), in.end());
  }
};
template <>
struct line_action<g::field_value> {
  template <typename In>
  static void apply(const In& in, LineState& s) {
    s.pending_value = std::string(trim(in.string_view()));
  }
};
template <>
struct line_action<g::field> {
  template <typename In>
  static void apply(const In& in, LineState& s) {
    const char* e = in.end();
    while (e > in.begin() && (e[-1] == ' ' || e[-1] == '\t')) --e;
    Span span{s.pending_key_span.begin, static_cast<std::size_t>(e - s.base)};
    s.out.fields.push_back({s.pending_key, s.pending_value, span});
  }
};

template <typename Rule>
struct dep_action : pegtl::nothing<Rule> {};
template <>
struct dep_action<g::dep_id> {
  template <typename In>
  static void apply(const In& in, std::vector<std::string>& ids) {
    auto v = in.string_view();
    while (!v.empty() && (v.back() == '.' || v.back() == '-')) v.remove_suffix(1);
    if (!v.empty()) ids.emplace_back(v);
  }
};

struct StartState {
  Span box;
  bool optional = false;
  bool glued = false;
};
template <typename Rule>
struct start_action : pegtl::nothing<Rule> {};
template <>
struct start_action<g::box> {
  template <typename In>
  static void apply(const In& in, StartState& s, const char* base) {
    s.box = span_of(base, in.begin(), in.end());
  }
};
template <>
struct start_action<g::named_box> : start_action<g::box> {};
template <>
struct start_action<g::optional_mark> {
  template <typename In>
  static void apply(const In&, StartState& s, const char*) {
    s.optional = true;
  }
};

template <>
struct start_action<g::glued> {
  template <typename In>
  static void apply(const In&, StartState& s, const char*) {
    s.glued = true;
    s.optional = false;  // `- [ ]*8.5`: the star was text after all
  }
};

template <typename Rule>
struct phase_action : pegtl::nothing<Rule> {};
template <>
struct phase_action<g::phase_number> {
  template <typename In>
  static void apply(const In& in, Phase& p) {
    p.number = in.string();
  }
};
template <>
struct phase_action<g::phase_name> {
  template <typename In>
  static void apply(const In& in, Phase& p) {
    p.name = std::string(trim(in.string_view()));
  }
};

bool is_depends_key(std::string_view key) {
  const std::string k = to_lower(key);
  return k == "depends" || k == "depends-on" || k == "depends_on" || k == "deps" ||
         k == "dependencies" || k == "after";
}

}  // namespace

std::optional<TaskStart> match_task_start(std::string_view bytes, std::size_t item,
                                          const StatusMap& statuses) {
  // A task line is short; the grammar looks at most at its first line.
  Input in(bytes.data() + item, bytes.data() + bytes.size(), "");
  StartState s;
  if (!pegtl::parse<g::task_start, start_action>(in, s, bytes.data())) {
    if (!statuses.names_a_letter()) return std::nullopt;
    Input again(bytes.data() + item, bytes.data() + bytes.size(), "");
    s = {};
    if (!pegtl::parse<g::named_task_start, start_action>(again, s, bytes.data()) ||
        !statuses.names(bytes[s.box.begin + 1]))
      return std::nullopt;
    return TaskStart{s.box, s.optional, s.glued,
                     static_cast<std::size_t>(again.current() - bytes.data())};
  }
  return TaskStart{s.box, s.optional, s.glued,
                   static_cast<std::size_t>(in.current() - bytes.data())};
}

std::vector<std::string> parse_dependency_list(std::string_view text) {
  std::vector<std::string> ids;
  text = trim(text);
  Input in(text.data(), text.data() + text.size(), "");
  pegtl::parse<g::dep_list, dep_action>(in, ids);
  return ids;
}

TaskLine parse_task_line(std::string_view bytes, Span text) {
  LineState s;
  s.base = bytes.data();
  Input in(bytes.data() + text.begin, bytes.data() + text.end, "");
  pegtl::parse<g::task_text, line_action>(in, s);
  TaskLine out = std::move(s.out);
  for (const Field& f : out.fields) {
    if (is_depends_key(f.key)) {
      for (auto& id : parse_dependency_list(f.value)) out.depends.push_back(std::move(id));
    }
  }
  // `(depends on T012, T013)` anywhere in the title.
  const std::string_view title = bytes.substr(out.title.begin, out.title.size());
  for (std::size_t p = title.find('('); p != std::string_view::npos; p = title.find('(', p + 1)) {
    std::vector<std::string> ids;
    Input din(title.data() + p, title.data() + title.size(), "");
    if (pegtl::parse<g::depends_phrase, dep_action>(din, ids)) {
      for (auto& id : ids) out.depends.push_back(std::move(id));
    }
  }
  return out;
}

std::optional<Phase> parse_phase_heading(std::string_view heading) {
  heading = trim(heading);
  Input in(heading.data(), heading.data() + heading.size(), "");
  Phase phase;
  if (!pegtl::parse<g::phase_heading, phase_action>(in, phase)) return std::nullopt;
  return phase;
}

}  // namespace wildplan::detail
