// Prompt templates (prompt.hpp): the front matter and the placeholders read with the grammar in
// grammars/prompt_template_grammar.hpp, the checks, the rendering.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tao/pegtl.hpp>

#include "prompt_template_errors.hpp"
#include "prompt_template_grammar.hpp"
#include "wildplan/prompt.hpp"

namespace wildplan {
namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar::prompt;

struct State {
  const Source& src;
  PromptTemplate t;
};

/// Where an action's match begins in the Source (the inputs run over its own bytes).
template <typename Input>
std::size_t at(const State& s, const Input& in) {
  return static_cast<std::size_t>(in.begin() - s.src.bytes().data());
}

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<g::declared> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.t.variables.push_back({in.string(), s.src.position(at(s, in))});
  }
};

template <>
struct action<g::variables_key> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.t.variables_pos = s.src.position(at(s, in));
  }
};

template <>
struct action<g::opening> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.t.front_matter.begin = at(s, in);
  }
};

template <>
struct action<g::closing> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.t.front_matter.end = at(s, in) + in.size();
  }
};

template <typename Rule>
struct body_action : pegtl::nothing<Rule> {};

template <>
struct body_action<g::placeholder> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    const std::string_view text(in.begin(), in.size());
    const std::size_t from = at(s, in);
    s.t.placeholders.push_back({std::string(text.substr(2, text.size() - 4)),
                                Span{from, from + text.size()}});
  }
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

Diagnostic make(const std::string& file, SourcePos pos, Severity severity, const char* rule,
                std::string message) {
  Diagnostic d;
  d.file = file;
  d.begin = d.end = pos;
  d.severity = severity;
  d.rule = rule;
  d.message = std::move(message);
  return d;
}

}  // namespace

Parsed<PromptTemplate> parse_prompt_template(const Source& src) {
  Parsed<PromptTemplate> out;
  const std::string_view bytes = src.bytes();
  const std::size_t offset = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  State s{src, {}};
  try {
    pegtl::memory_input<pegtl::tracking_mode::lazy> in(bytes.data() + offset,
                                                       bytes.data() + bytes.size(), src.name());
    pegtl::parse<g::front_matter, action, g::control>(in, s);
  } catch (const pegtl::parse_error& e) {
    const std::size_t where = offset + e.positions().front().byte;
    out.diagnostics.push_back(make(src.name(), src.position(std::min(where, bytes.size())),
                                   Severity::Error, "template-syntax",
                                   std::string(e.message())));
    return out;
  }
  std::size_t b = s.t.front_matter.end, e = bytes.size();
  while (b < e && is_space(bytes[b])) ++b;
  while (e > b && is_space(bytes[e - 1])) --e;
  s.t.body = {b, e};
  pegtl::memory_input<pegtl::tracking_mode::lazy> body(bytes.data() + b, bytes.data() + e,
                                                       src.name());
  State in_body{src, {}};
  pegtl::parse<g::body, body_action>(body, in_body);
  s.t.placeholders = std::move(in_body.t.placeholders);
  out.value = std::move(s.t);
  return out;
}

Parsed<std::vector<TemplateValue>> read_template_values(const Source& json) {
  Parsed<std::vector<TemplateValue>> out;
  const auto fail = [&](std::size_t offset, std::string message) {
    out.diagnostics.push_back(make(json.name(), json.position(std::min(offset, json.size())),
                                   Severity::Error, "template-vars-invalid", std::move(message)));
  };
  nlohmann::ordered_json doc;  // the file's order: a later value of a name wins
  try {
    doc = nlohmann::ordered_json::parse(json.bytes());
  } catch (const nlohmann::json::parse_error& e) {
    fail(e.byte > 0 ? e.byte - 1 : 0, "not JSON: " + std::string(e.what()));
    return out;
  }
  if (!doc.is_object()) {
    fail(0, "the variables file holds one JSON object of names to values");
    return out;
  }
  std::vector<TemplateValue> values;
  for (const auto& [k, v] : doc.items()) {
    // nlohmann keeps no positions: a value's is found as its key's quoted text.
    const std::size_t key_at = json.bytes().find(nlohmann::json(k).dump());
    const std::size_t where = key_at == std::string_view::npos ? 0 : key_at;
    const SourcePos pos = json.position(where);
    if (v.is_string()) {
      values.push_back({k, v.get<std::string>(), json.name(), pos});
    } else if (v.is_number() || v.is_boolean()) {
      values.push_back({k, v.dump(), json.name(), pos});
    } else {
      fail(where,
           "the value of '" + k + "' is " + (v.is_null() ? "null" : "not a string") +
               ": a variable's value is a string (or a number or true/false)");
    }
  }
  if (out.diagnostics.empty()) out.value = std::move(values);
  return out;
}

std::vector<Diagnostic> check_prompt_template(const Source& src, const PromptTemplate& t,
                                              const std::vector<TemplateValue>* given) {
  std::vector<Diagnostic> out;
  const std::string& file = src.name();
  std::map<std::string, std::size_t, std::less<>> declared;  // name -> first declaration
  for (std::size_t i = 0; i < t.variables.size(); ++i) {
    const TemplateVariable& v = t.variables[i];
    if (auto [it, added] = declared.emplace(v.name, i); !added) {
      out.push_back(make(file, v.pos, Severity::Error, "template-variable-duplicate",
                         "variable '" + v.name + "' is declared twice (first at line " +
                             std::to_string(t.variables[it->second].pos.line) + ")"));
    }
  }
  std::set<std::string, std::less<>> used;
  for (const Placeholder& p : t.placeholders) {
    used.insert(p.name);
    if (!declared.contains(p.name)) {
      out.push_back(make(file, src.position(p.span.begin), Severity::Error,
                         "template-placeholder-undeclared",
                         "placeholder {{" + p.name + "}} names no declared variable: add '- " +
                             p.name + "' to the front matter's variables"));
    }
  }
  std::set<std::string, std::less<>> have;
  if (given) {
    for (const TemplateValue& v : *given) have.insert(v.name);
  }
  for (const auto& [name, i] : declared) {
    const TemplateVariable& v = t.variables[i];
    if (given && !have.contains(name)) {
      out.push_back(make(file, v.pos, Severity::Error, "template-variable-missing",
                         "variable '" + name + "' is declared but not given: pass --var " + name +
                             "=VALUE (or put it in --vars)"));
    }
    if (!used.contains(name)) {
      out.push_back(make(file, v.pos, Severity::Warning, "template-variable-unused",
                         "variable '" + name + "' is declared but no {{" + name +
                             "}} placeholder uses it"));
    }
  }
  if (given) {
    std::set<std::string, std::less<>> named;
    for (const TemplateValue& v : *given) {
      if (declared.contains(v.name) || !named.insert(v.name).second) continue;
      const SourcePos decl =
          t.variables_pos.line ? t.variables_pos : src.position(t.front_matter.begin);
      out.push_back(make(file, decl, Severity::Error, "template-variable-undeclared",
                         "'" + v.name + "' is given (" + v.origin +
                             (v.pos.line ? ":" + std::to_string(v.pos.line) : std::string()) +
                             ") but the template declares no such variable"));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.begin.line < b.begin.line || (a.begin.line == b.begin.line && a.begin.column < b.begin.column);
  });
  return out;
}

Source render_prompt_template(const Source& src, const PromptTemplate& t,
                              const std::vector<TemplateValue>& values, std::string name) {
  std::map<std::string, const std::string*, std::less<>> value_of;
  for (const TemplateValue& v : values) value_of[v.name] = &v.value;  // the last one wins
  std::string out;
  std::size_t done = t.body.begin;
  for (const Placeholder& p : t.placeholders) {
    out.append(src.bytes().substr(done, p.span.begin - done));
    const auto it = value_of.find(p.name);
    out.append(it != value_of.end() ? std::string_view(*it->second) : src.text(p.span));
    done = p.span.end;
  }
  out.append(src.bytes().substr(done, t.body.end - done));
  return Source(std::move(name), std::move(out));
}

Source render_prompt_file(const Source& src, const std::vector<TemplateValue>& values,
                          std::string name) {
  const Parsed<PromptTemplate> t = parse_prompt_template(src);
  std::vector<Diagnostic> found = t.diagnostics;
  if (t) {
    const auto checked = check_prompt_template(src, *t.value, &values);
    found.insert(found.end(), checked.begin(), checked.end());
  }
  for (const Diagnostic& d : found) {
    if (d.severity != Severity::Error) continue;
    throw Error(d.file + ":" + std::to_string(d.begin.line) + ":" +
                std::to_string(d.begin.column) + ": " + d.message + " [" + d.rule + "]");
  }
  return render_prompt_template(src, *t.value, values, std::move(name));
}

}  // namespace wildplan
