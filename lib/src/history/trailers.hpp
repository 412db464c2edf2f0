#pragma once
// The trailers of a commit message, as git reads them: `Key: value` lines in the message's last
// paragraph, never its first (the subject).

#include <optional>
#include <string_view>

namespace wildplan::detail {

/// The value of the first `key` trailer (key matched without ASCII case, blanks around the value
/// trimmed), or none.
std::optional<std::string_view> trailer(std::string_view message, std::string_view key);

}  // namespace wildplan::detail
