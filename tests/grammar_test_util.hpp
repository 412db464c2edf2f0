#pragma once
// Table tests for PEGTL rules: how many bytes a rule matches at the start of an input.

#include <optional>
#include <string_view>
#include <tao/pegtl.hpp>

namespace wildplan::test {

/// The bytes `Rule` consumes from the start of `input`, or nullopt when it does not match.
template <typename Rule>
std::optional<std::size_t> consumed(std::string_view input) {
  tao::pegtl::memory_input in(input.data(), input.data() + input.size(), "test");
  if (!tao::pegtl::parse<Rule>(in)) return std::nullopt;
  return static_cast<std::size_t>(in.current() - input.data());
}

struct RuleCase {
  std::string_view input;
  std::optional<std::size_t> consumed;  // nullopt: no match
};

}  // namespace wildplan::test
