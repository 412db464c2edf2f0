#pragma once
// FirstIndex: the first index each text was added under, for the rules' "the same as #N" checks
// (private). The views are the caller's to keep alive.

#include <optional>
#include <string_view>
#include <unordered_map>

namespace wildplan::detail {

class FirstIndex {
 public:
  /// Room for `expected` texts before the table grows.
  explicit FirstIndex(std::size_t expected) { first_.reserve(expected); }

  /// The index `text` was first added with: `index` itself when the text is new.
  std::size_t add(std::string_view text, std::size_t index) {
    return first_.try_emplace(text, index).first->second;
  }

  std::optional<std::size_t> find(std::string_view text) const {
    const auto it = first_.find(text);
    if (it == first_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::unordered_map<std::string_view, std::size_t> first_;
};

}  // namespace wildplan::detail
