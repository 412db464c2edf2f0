#include "parse/front_matter.hpp"

#include "front_matter_grammar.hpp"

namespace wildplan::detail {
namespace {

namespace g = grammar;
namespace pegtl = tao::pegtl;

struct State {
  const char* base = nullptr;
  std::size_t open = 0;
  Span body;
  bool has_key = false;
};

std::size_t offset(const State& s, const char* p) { return static_cast<std::size_t>(p - s.base); }

template <typename Rule>
struct action : pegtl::nothing<Rule> {};
template <>
struct action<g::fm_open> {
  template <typename In>
  static void apply(const In& in, State& s) {
    s.open = offset(s, in.begin());
  }
};
template <>
struct action<g::fm_key> {
  template <typename In>
  static void apply(const In&, State& s) {
    s.has_key = true;
  }
};
template <>
struct action<g::fm_body> {
  template <typename In>
  static void apply(const In& in, State& s) {
    s.body = {offset(s, in.begin()), offset(s, in.end())};
  }
};

}  // namespace

std::optional<FrontMatterMatch> match_front_matter(std::string_view bytes, Span range) {
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(bytes.data() + range.begin,
                                                     bytes.data() + range.end, "");
  State s;
  s.base = bytes.data();
  if (!pegtl::parse<g::front_matter, action>(in, s) || !s.has_key) return std::nullopt;
  return FrontMatterMatch{{s.open, offset(s, in.current())}, s.body};
}

}  // namespace wildplan::detail
