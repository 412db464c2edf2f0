#pragma once
// sort_moving_once: a stable sort for items that are costly to move (a Diagnostic holds three
// strings) (private). The keys are sorted with the items' indexes; then the items are permuted in
// place, cycle by cycle, so each moves at most once more than it must (one held per cycle).

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
  if (std::is_sorted(order.begin(), order.end())) return;
  std::sort(order.begin(), order.end());  // the index breaks ties: stable
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
