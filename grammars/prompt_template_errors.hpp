#pragma once
// The messages of the prompt template grammar's must<> points (PEGTL's json_errors.hpp pattern):
// each names what was expected where the parse stopped.

#include "prompt_template_grammar.hpp"

namespace wildplan::grammar::prompt {

template <typename>
inline constexpr const char* error_message = nullptr;
// clang-format off
template <> inline constexpr auto error_message<opening> =
    "a prompt template starts with front matter: a `---` line, `variables:` and its `- name` items, a `---` line";
template <> inline constexpr auto error_message<closing> =
    "expected `key: value`, an indented line, a `- ` item, a comment or the closing `---` of the front matter";
template <> inline constexpr auto error_message<declared> =
    "a variable's name is a letter or `_`, then letters, digits or `_`";
template <> inline constexpr auto error_message<item_end> =
    "expected the end of the line after the variable's name";
template <> inline constexpr auto error_message<flow_end> = "expected `,` or `]` in the list of variables";
// clang-format on

struct error {
  template <typename Rule>
  static constexpr auto message = error_message<Rule>;
};

template <typename Rule>
using control = tao::pegtl::must_if<error>::control<Rule>;

}  // namespace wildplan::grammar::prompt
