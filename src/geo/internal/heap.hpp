#pragma once
// An addressable 4-ary min-heap over dense node ids with decrease-key: each node is in the heap at
// most once, so a search pops exactly the nodes it settles (no stale entries to skip).

#include "geo/graph.hpp"

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace elink::geo::internal {

class NodeHeap {
 public:
  explicit NodeHeap(NodeIndex node_count) : position_(node_count, kAbsent) {}

  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] Distance MinKey() const { return heap_.front().key; }
  [[nodiscard]] bool Contains(NodeIndex node) const { return position_[node] != kAbsent; }

  // Inserts `node` or lowers its key; a higher key than the current one is ignored.
  void Push(NodeIndex node, Distance key) {
    std::uint32_t i = position_[node];
    if (i == kAbsent) {
      i = static_cast<std::uint32_t>(heap_.size());
      heap_.push_back({key, node});
    } else if (key >= heap_[i].key) {
      return;
    } else {
      heap_[i].key = key;
    }
    SiftUp(i);
  }

  std::pair<Distance, NodeIndex> Pop() {
    const Entry top = heap_.front();
    position_[top.node] = kAbsent;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
      heap_[0] = last;
      SiftDown(0);
    }
    return {top.key, top.node};
  }

  // Empties the heap in time proportional to its size, not to the node count.
  void Clear() {
    for (const Entry& e : heap_) position_[e.node] = kAbsent;
    heap_.clear();
  }

 private:
  static constexpr std::uint32_t kAbsent = 0xFFFFFFFFU;
  struct Entry {
    Distance key;
    NodeIndex node;
  };

  void SiftUp(std::uint32_t i) {
    const Entry moving = heap_[i];
    while (i > 0) {
      const std::uint32_t parent = (i - 1) / 4;
      if (heap_[parent].key <= moving.key) break;
      heap_[i] = heap_[parent];
      position_[heap_[i].node] = i;
      i = parent;
    }
    heap_[i] = moving;
    position_[moving.node] = i;
  }

  void SiftDown(std::uint32_t i) {
    const Entry moving = heap_[i];
    const auto size = static_cast<std::uint32_t>(heap_.size());
    for (;;) {
      const std::uint32_t first = 4 * i + 1;
      if (first >= size) break;
      std::uint32_t best = first;
      const std::uint32_t end = first + 4 < size ? first + 4 : size;
      for (std::uint32_t c = first + 1; c < end; ++c) {
        if (heap_[c].key < heap_[best].key) best = c;
      }
      if (heap_[best].key >= moving.key) break;
      heap_[i] = heap_[best];
      position_[heap_[i].node] = i;
      i = best;
    }
    heap_[i] = moving;
    position_[moving.node] = i;
  }

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> position_;
};

}  // namespace elink::geo::internal
