#pragma once
// Inline suppression comments in a task file:
//   <!-- wildplan-disable task-vague, too-many-tasks -->     the rest of the file
//   <!-- wildplan-disable-next-line task-vague -->           the next line
//   <!-- wildplan-disable -->                                every rule, the rest of the file

#include <tao/pegtl.hpp>

namespace wildplan::grammar {
using namespace tao::pegtl;

// clang-format off
struct id_word         : plus<ranges<'a', 'z', '0', '9'>> {};
struct rule_id         : seq<ranges<'a', 'z'>, star<ranges<'a', 'z', '0', '9'>>, star<one<'-'>, id_word>> {};
struct rule_sep        : sor<seq<star<space>, one<','>, star<space>>, plus<space>> {};
struct rule_list       : list<rule_id, rule_sep> {};
struct next_line       : TAO_PEGTL_STRING("-next-line") {};
struct suppression     : seq<TAO_PEGTL_STRING("<!--"), star<space>, TAO_PEGTL_STRING("wildplan-disable"),
                             opt<next_line>, at<sor<space, TAO_PEGTL_STRING("-->")>>,
                             star<space>, opt<rule_list>, star<space>,
                             TAO_PEGTL_STRING("-->")> {};
// clang-format on

}  // namespace wildplan::grammar
