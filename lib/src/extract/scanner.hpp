#pragma once
// The scan of a reply: every block of the tags asked for, in one forward pass (scanner.cpp).

#include <string>
#include <vector>

#include "wildplan/extract.hpp"

namespace wildplan::detail {

class EchoFinder;

/// The tag names to look for, lower-cased: the six built-in ones first, in Tag order, then the
/// extra ones (Tag::Other, Block::other = index - kBuiltinTagCount).
std::vector<std::string> tag_names(const std::vector<std::string>& extra);

/// Appends the blocks of `src` to `out.blocks`, and the scan's own diagnostics (tag-mention,
/// tag-echoed) to `out.diagnostics` (none when `scope` is ChosenOnly). `echo`, when given, says
/// where the reply echoes the prompt.
void scan_reply(const Source& src, const std::vector<std::string>& names, EchoFinder* echo,
                Reply& out, Selection scope = Selection::Everything);

}  // namespace wildplan::detail
