#pragma once
// CowMap<K, V>: an ordered map whose copies share structure. Entries live in sorted leaves of up
// to 2×kLeaf entries held by shared_ptr, and each value is itself held by shared_ptr. Copying the
// map copies only the leaf pointers (n / kLeaf of them); a write clones the leaf it touches (its
// pointers only) and the one value it changes, each only when a copy shares it. This is what lets
// the engine publish an immutable snapshot of its state after every commit without copying every
// incident: O(n / 64) per publish plus O(1) values per change, instead of O(n).

#include "util/check.hpp"

#include <algorithm>
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace elink {

// A regular value type. A copy is independent of the original (writes to one never show in the
// other). Thread-compatible; copies may be read from other threads while the original is written,
// as long as each object has one writer at a time.
template <typename K, typename V>
class CowMap {
  static constexpr std::size_t kLeaf = 64;
  using Entry = std::pair<K, std::shared_ptr<V>>;
  using Leaf = std::vector<Entry>;  // sorted by key, never empty

 public:
  using key_type = K;
  using mapped_type = V;
  // What iteration yields: references into the map, valid while the map is not written.
  using value_type = std::pair<const K&, const V&>;

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = CowMap::value_type;
    using difference_type = std::ptrdiff_t;
    using reference = value_type;
    struct pointer {
      value_type pair;
      const value_type* operator->() const { return &pair; }
    };

    const_iterator() = default;
    reference operator*() const {
      const Entry& e = (*(*leaves_)[leaf_])[item_];
      return {e.first, *e.second};
    }
    pointer operator->() const { return {**this}; }
    const_iterator& operator++() {
      if (++item_ == (*leaves_)[leaf_]->size()) {
        ++leaf_;
        item_ = 0;
      }
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) {
      return a.leaf_ == b.leaf_ && a.item_ == b.item_;
    }

   private:
    friend class CowMap;
    const_iterator(const std::vector<std::shared_ptr<Leaf>>* leaves, std::size_t leaf,
                   std::size_t item)
        : leaves_(leaves), leaf_(leaf), item_(item) {}
    const std::vector<std::shared_ptr<Leaf>>* leaves_ = nullptr;
    std::size_t leaf_ = 0;
    std::size_t item_ = 0;
  };

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] const_iterator begin() const { return {&leaves_, 0, 0}; }
  [[nodiscard]] const_iterator end() const { return {&leaves_, leaves_.size(), 0}; }
  void clear() {
    leaves_.clear();
    size_ = 0;
  }

  // The value for `key`, or nullptr.
  [[nodiscard]] const V* Find(const K& key) const {
    const std::size_t li = LeafFor(key);
    if (li == leaves_.size()) return nullptr;
    const Leaf& leaf = *leaves_[li];
    auto it = Lower(leaf, key);
    return it != leaf.end() && it->first == key ? it->second.get() : nullptr;
  }
  [[nodiscard]] bool contains(const K& key) const { return Find(key) != nullptr; }
  [[nodiscard]] std::size_t count(const K& key) const { return contains(key) ? 1 : 0; }
  [[nodiscard]] const V& at(const K& key) const {
    const V* v = Find(key);
    ELINK_CHECK(v != nullptr) << "CowMap::at: no such key";
    return *v;
  }

  // The value for `key`, writable, or nullptr. Clones the leaf and the value first if a copy
  // shares them.
  V* FindMutable(const K& key) {
    const std::size_t li = LeafFor(key);
    if (li == leaves_.size()) return nullptr;
    auto it = Lower(*leaves_[li], key);
    if (it == leaves_[li]->end() || it->first != key) return nullptr;
    const auto offset = static_cast<std::size_t>(it - leaves_[li]->begin());
    return OwnValue((*OwnLeaf(li))[offset]);
  }

  // Inserts (key, value) unless `key` is present. Returns the stored value and whether it was
  // inserted, like std::map::try_emplace.
  std::pair<V*, bool> try_emplace(const K& key, V value) {
    if (leaves_.empty()) {
      leaves_.push_back(std::make_shared<Leaf>());
      leaves_.back()->emplace_back(key, std::make_shared<V>(std::move(value)));
      size_ = 1;
      return {leaves_.back()->back().second.get(), true};
    }
    const std::size_t li = LeafFor(key);
    {
      const Leaf& leaf = *leaves_[li];
      auto it = Lower(leaf, key);
      if (it != leaf.end() && it->first == key) {
        return {OwnValue((*OwnLeaf(li))[static_cast<std::size_t>(it - leaf.begin())]), false};
      }
    }
    Leaf& leaf = *OwnLeaf(li);
    auto pos = Lower(leaf, key);
    const auto offset = static_cast<std::size_t>(pos - leaf.begin());
    leaf.emplace(pos, key, std::make_shared<V>(std::move(value)));
    ++size_;
    if (leaf.size() <= 2 * kLeaf) return {leaf[offset].second.get(), true};
    // Split a full leaf in two halves; appends in key order keep leaves about half full at worst.
    auto right = std::make_shared<Leaf>(std::make_move_iterator(leaf.begin() + kLeaf),
                                        std::make_move_iterator(leaf.end()));
    leaf.erase(leaf.begin() + kLeaf, leaf.end());
    leaves_.insert(leaves_.begin() + static_cast<std::ptrdiff_t>(li) + 1, right);
    if (offset < kLeaf) return {leaf[offset].second.get(), true};
    return {(*right)[offset - kLeaf].second.get(), true};
  }

  friend bool operator==(const CowMap& a, const CowMap& b) {
    if (a.size_ != b.size_) return false;
    auto bi = b.begin();
    for (auto ai = a.begin(); ai != a.end(); ++ai, ++bi) {
      const auto x = *ai;
      const auto y = *bi;
      if (!(x.first == y.first) || !(&x.second == &y.second || x.second == y.second)) return false;
    }
    return true;
  }

 private:
  static typename Leaf::const_iterator Lower(const Leaf& leaf, const K& key) {
    return std::lower_bound(leaf.begin(), leaf.end(), key,
                            [](const Entry& e, const K& k) { return e.first < k; });
  }
  static typename Leaf::iterator Lower(Leaf& leaf, const K& key) {
    return std::lower_bound(leaf.begin(), leaf.end(), key,
                            [](const Entry& e, const K& k) { return e.first < k; });
  }

  // Index of the leaf where `key` is or would go: the last leaf whose first key <= key, or leaf 0
  // when key is below them all. leaves_.size() (that is, 0) when there is no leaf.
  [[nodiscard]] std::size_t LeafFor(const K& key) const {
    auto it = std::upper_bound(
        leaves_.begin(), leaves_.end(), key,
        [](const K& k, const std::shared_ptr<Leaf>& leaf) { return k < leaf->front().first; });
    if (it == leaves_.begin()) return 0;
    return static_cast<std::size_t>(it - leaves_.begin()) - 1;
  }

  // Makes leaf `li` exclusively ours. A use_count above one means a copy (a published snapshot)
  // shares it; only this map's owner makes copies, so a count of one cannot rise behind our back.
  // A false "shared" (a reader dropping its copy meanwhile) only costs an unneeded clone.
  Leaf* OwnLeaf(std::size_t li) {
    if (leaves_[li].use_count() > 1) leaves_[li] = std::make_shared<Leaf>(*leaves_[li]);
    return leaves_[li].get();
  }
  // The same for one value, in a leaf that is already ours.
  static V* OwnValue(Entry& e) {
    if (e.second.use_count() > 1) e.second = std::make_shared<V>(*e.second);
    return e.second.get();
  }

  std::vector<std::shared_ptr<Leaf>> leaves_;
  std::size_t size_ = 0;
};

}  // namespace elink
