#pragma once
// Reading the signals of tags asked for with a format into typed values (tag_values.hpp).

#include <string>
#include <utility>
#include <vector>

#include "wildplan/extract.hpp"

namespace wildplan::detail {

/// Fills `r.values` for `formats` (the last format given for a name wins), each from the block
/// select_signals() chose for its tag in `text`; adds tag-value-invalid diagnostics.
void read_tag_values(const Source& text, const std::vector<std::pair<std::string, TagFormat>>& formats,
                     Reply& r);

}  // namespace wildplan::detail
