#pragma once
// FirstIndex: the first index each text was added under, for the rules' "the same as #N" checks
// (private). Open addressing over the entries in the order added: a slot is four bytes, and no
// entry is allocated on its own (std::unordered_map<std::string, ...> makes a node and a key copy
// for each). The views are the caller's to keep alive.

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace wildplan::detail {

class FirstIndex {
 public:
  /// Room for `expected` texts before the table grows.
  explicit FirstIndex(std::size_t expected) {
    entries_.reserve(expected);
    std::size_t capacity = 16;
    while (capacity < 2 * expected) capacity *= 2;
    slots_.assign(capacity, 0);
  }

  /// The index `text` was first added with: `index` itself when the text is new.
  std::size_t add(std::string_view text, std::size_t index) {
    if (2 * (entries_.size() + 1) > slots_.size()) grow();
    const std::size_t hash = std::hash<std::string_view>{}(text);
    std::uint32_t& slot = slots_[position(text, hash)];
    if (slot != 0) return entries_[slot - 1].index;
    entries_.push_back({text, hash, index});
    slot = static_cast<std::uint32_t>(entries_.size());
    return index;
  }

  std::optional<std::size_t> find(std::string_view text) const {
    const std::uint32_t slot = slots_[position(text, std::hash<std::string_view>{}(text))];
    if (slot == 0) return std::nullopt;
    return entries_[slot - 1].index;
  }

 private:
  struct Entry {
    std::string_view text;
    std::size_t hash;
    std::size_t index;
  };

  /// The slot holding `text`, or the empty one where it would go (linear probing).
  std::size_t position(std::string_view text, std::size_t hash) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const std::uint32_t s = slots_[i];
      if (s == 0) return i;
      const Entry& e = entries_[s - 1];
      if (e.hash == hash && e.text == text) return i;
    }
  }

  void grow() {
    slots_.assign(2 * slots_.size(), 0);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t k = 0; k < entries_.size(); ++k) {
      std::size_t i = entries_[k].hash & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = static_cast<std::uint32_t>(k + 1);
    }
  }

  std::vector<Entry> entries_;        // in the order added
  std::vector<std::uint32_t> slots_;  // 1 + the entry's position; 0 is empty
};

}  // namespace wildplan::detail
