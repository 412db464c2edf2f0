#include "usage.hpp"

#include <string_view>
#include <vector>

#include "words.hpp"

namespace wildplan::cli {
namespace {

/// A value as a message quotes it: cut after 24 bytes (a 300-digit number is no message).
std::string shown(std::string_view value) {
  if (value.size() <= 24) return "'" + std::string(value) + "'";
  return "'" + std::string(value.substr(0, 20)) + "...' (" + std::to_string(value.size()) +
         " bytes)";
}

/// The option (or operand) of `verb` or `top` that `name` names: `--iteration`, `-f`, `text`.
const CLI::Option* option_named(const CLI::App* verb, const CLI::App& top, std::string_view name) {
  for (const CLI::App* a : {verb, &top}) {
    if (!a) continue;
    for (const CLI::Option* o : a->get_options()) {
      if (o->check_name(std::string(name)) || o->get_name() == name) return o;
    }
  }
  return nullptr;
}

/// How an option or operand is named in a message: `--iteration`, or an operand as `TEXT`.
std::string display(const CLI::Option* o, std::string_view fallback) {
  if (!o) return std::string(fallback);
  if (!o->nonpositional()) {
    std::string n = o->get_name();
    for (char& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return n;
  }
  return o->get_name();
}

/// What an option's value must be, from its CLI11 type name: INT, UINT, FLOAT, or `:{a,b}`.
std::string takes(const CLI::Option* o, std::vector<std::string>& choices) {
  const std::string type = o ? o->get_type_name() : "";
  const std::size_t open = type.find(":{");
  if (open != std::string::npos) {
    const std::size_t close = type.find('}', open);
    std::string_view list = std::string_view(type).substr(open + 2, close - open - 2);
    while (!list.empty()) {
      const std::size_t comma = list.find(',');
      choices.emplace_back(list.substr(0, comma));
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    std::string out;
    for (std::size_t i = 0; i < choices.size(); ++i)
      out += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
    return out;
  }
  const bool from_zero = type.find("NONNEGATIVE") != std::string::npos;
  if (type.starts_with("UINT") || (type.starts_with("INT") && from_zero))
    return "a whole number from 0";
  if (type.starts_with("INT")) return "a whole number";
  if (type.starts_with("FLOAT")) return "a number";
  return "a value";
}

/// "NAME: rest" -> {NAME, rest}; no colon: {"", text}.
std::pair<std::string, std::string> split_name(std::string_view text) {
  const std::size_t colon = text.find(": ");
  if (colon == std::string_view::npos || text.substr(0, colon).find(' ') != std::string_view::npos)
    return {"", std::string(text)};
  return {std::string(text.substr(0, colon)), std::string(text.substr(colon + 2))};
}

std::string value_error(const CLI::Option* o, std::string_view name, std::string_view value) {
  std::vector<std::string> choices;
  std::string msg = "'" + std::string(name) + "' takes " + takes(o, choices) + ", not " + shown(value);
  if (const auto near = choices.empty() ? std::nullopt : nearest(value, choices))
    msg += " (did you mean '" + *near + "'?)";
  return msg;
}

std::string required(const CLI::ParseError& e, const CLI::App* verb, const CLI::App& top) {
  const std::string what = e.what();
  if (what.starts_with("A subcommand")) {
    std::string list;
    for (const CLI::App* sub : top.get_subcommands([](const CLI::App*) { return true; }))
      list += (list.empty() ? "" : ", ") + sub->get_name();
    return "name a command" + (list.empty() ? std::string() : " (" + list + ")");
  }
  const std::string name = what.substr(0, what.find(" is required"));
  return "missing " + display(option_named(verb, top, name), name);
}

}  // namespace

std::string help_command(const CLI::App* verb) {
  return verb ? "wildplan " + verb->get_name() + " --help" : "wildplan --help";
}

std::string usage_message(const CLI::ParseError& e, const CLI::App* verb, const CLI::App& top) {
  const std::string what = e.what();
  if (dynamic_cast<const CLI::RequiredError*>(&e)) return required(e, verb, top);
  if (dynamic_cast<const CLI::ConversionError*>(&e)) {
    // "Could not convert: --iteration = one"
    const std::size_t colon = what.find(": "), eq = what.find(" = ");
    if (colon != std::string::npos && eq != std::string::npos && eq > colon) {
      const std::string name = what.substr(colon + 2, eq - colon - 2);
      return value_error(option_named(verb, top, name), name, std::string_view(what).substr(eq + 3));
    }
  }
  if (dynamic_cast<const CLI::ValidationError*>(&e)) {
    auto [name, rest] = split_name(what);
    const CLI::Option* o = option_named(verb, top, name);
    if (o) {
      // CLI11's IsMember: "x not in {a,b}" (older: "Value x not in {a,b}"); ours say "takes".
      const std::size_t not_in = rest.rfind(" not in {");
      if (not_in != std::string::npos && rest.ends_with("}")) {
        const std::size_t from = rest.starts_with("Value ") ? 6 : 0;
        return value_error(o, display(o, name), rest.substr(from, not_in - from));
      }
      // CLI::Range and NonNegativeNumber: "Value x not in range 0.000000 to 1.79...e308".
      const std::size_t range = rest.find(" not in range ");
      if (range != std::string::npos && rest.starts_with("Value "))
        return value_error(o, display(o, name), rest.substr(6, range - 6));
      return "'" + display(o, name) + "' " + rest;
    }
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    auto [name, rest] = split_name(what);
    if (!name.empty() && rest.find("missing") != std::string::npos)
      return "'" + display(option_named(verb, top, name), name) + "' needs a value";
    if (!name.empty())
      return "'" + display(option_named(verb, top, name), name) + "' is given too often";
  }
  std::string msg = what;
  if (!msg.empty()) msg[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(msg[0])));
  return msg;
}

}  // namespace wildplan::cli
