#pragma once
// What the extraction targets share beside fuzz_util.hpp: the choice alone is the whole choice.

#include "fuzz_util.hpp"
#include "wildplan/extract.hpp"

// The choice alone (Selection::ChosenOnly, what the Python drop-in asks for) is the choice the
// whole extraction makes: the same plan block, the same signals.
inline void check_chosen_only(const wildplan::Source& reply, wildplan::ExtractOptions options,
                              const wildplan::Reply& full) {
  options.selection = wildplan::Selection::ChosenOnly;
  const wildplan::Reply quick = wildplan::extract_reply(reply, options);
  FUZZ_ASSERT(quick.selected == full.selected && quick.choice == full.choice);
  FUZZ_ASSERT(quick.signals == full.signals);
}
