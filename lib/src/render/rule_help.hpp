#pragma once
// What code scanning shows about each rule (private): a full description and the README anchor
// that documents it, for every rule of the rule table (rules/rule_table.cpp). Used by the SARIF
// renderer's rule list.

#include <span>
#include <string_view>

#include "wildplan/diagnostic.hpp"

namespace wildplan::detail {

struct RuleHelp {
  const char* id;
  const char* full;    ///< one or two sentences, Markdown (`code`); what the rule checks
  const char* anchor;  ///< the README's anchor that documents it, without '#'
};

/// The help of `id`, or null for an id the table does not know.
const RuleHelp* find_rule_help(std::string_view id);


}  // namespace wildplan::detail
