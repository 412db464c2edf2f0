#pragma once
// YAML front matter at the start of a task file (grammars/front_matter_grammar.hpp), found before
// cmark-gfm sees the rest.

#include <optional>
#include <string_view>

#include "wildplan/source.hpp"

namespace wildplan::detail {

struct FrontMatterMatch {
  Span span;  ///< the opening `---` through the closing line's end
  Span body;  ///< the lines between the delimiters
};

/// Front matter at the start of `range` of `bytes` (after blank lines only), or none.
std::optional<FrontMatterMatch> match_front_matter(std::string_view bytes, Span range);

}  // namespace wildplan::detail
