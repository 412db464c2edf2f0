#pragma once
// sort_moving_once: a stable sort for items that are costly to move (a Diagnostic holds three
// strings) (private). The keys are sorted with the items' indexes (counted into place by their
// high half when its range is small); then the items are permuted in place, cycle by cycle, so
// each moves at most once more than it must (one held per cycle).

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace wildplan::detail {

/// Sorts `items` by `key(item)` (a std::uint64_t), ties in their order.
template <typename T, typename Key>
void sort_moving_once(std::vector<T>& items, Key key) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = {key(items[i]), static_cast<std::uint32_t>(i)};
  }
  // The index breaks ties, so the sort is stable. When the keys' high halves (validate's lines)
  // span a range not much larger than the count, the keys are counted into place by their high
  // half, in linear time, and each group with the same high half sorted on its own (validate's
  // findings are mostly in order already: a note that points back, a family reported after
  // another); otherwise they are sorted.
  std::uint64_t top = 0;
  for (const auto& [key, index] : order) top = std::max(top, key >> 32);
  if (top <= 4 * std::uint64_t{order.size()} + 64) {
    std::vector<std::uint32_t> starts(static_cast<std::size_t>(top) + 2, 0);
    for (const auto& [key, index] : order) ++starts[static_cast<std::size_t>(key >> 32) + 1];
    for (std::size_t h = 1; h < starts.size(); ++h) starts[h] += starts[h - 1];
    std::vector<std::pair<std::uint64_t, std::uint32_t>> counted(order.size());
    for (const auto& entry : order)
      counted[starts[static_cast<std::size_t>(entry.first >> 32)]++] = entry;
    order = std::move(counted);
    for (std::size_t b = 0; b < order.size();) {
      std::size_t e = b + 1;
      while (e < order.size() && (order[e].first >> 32) == (order[b].first >> 32)) ++e;
      if (e - b > 1)
        std::sort(order.begin() + static_cast<std::ptrdiff_t>(b),
                  order.begin() + static_cast<std::ptrdiff_t>(e));
      b = e;
    }
  } else {
    std::sort(order.begin(), order.end());
  }
  // Slot j takes the item at order[j].second; a slot done points at itself.
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    if (order[i].second == i) continue;
    T held = std::move(items[i]);
    std::uint32_t j = i;
    while (order[j].second != i) {
      const std::uint32_t from = order[j].second;
      items[j] = std::move(items[from]);
      order[j].second = j;
      j = from;
    }
    items[j] = std::move(held);
    order[j].second = j;
  }
}

}  // namespace wildplan::detail
