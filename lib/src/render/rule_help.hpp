#pragma once
// What code scanning shows about each rule (private): a full description and the README anchor
// that documents it, for every rule of the rule table and for the ids that extraction and the
// configuration reader report. Used by the SARIF renderer's rule list.

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

/// The ids reported outside the rule table (extraction, the configuration reader), with their
/// default severity and one-line description, in the order SARIF lists them after the table's.
struct ExtraRule {
  const char* id;
  Severity severity;
  const char* description;
};
std::span<const ExtraRule> extra_rules();

}  // namespace wildplan::detail
