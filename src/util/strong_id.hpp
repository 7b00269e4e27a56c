#pragma once
// StrongId<Tag, Rep>: an id that cannot be mixed up with another kind of id. An IncidentId does not
// compile where a UnitId is expected, though both may hold the same representation.

#include <compare>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <utility>

namespace elink {

// A regular value type; thread-compatible.
template <typename Tag, typename Rep>
class StrongId {
 public:
  using rep_type = Rep;
  StrongId() = default;
  explicit StrongId(Rep value) : value_(std::move(value)) {}

  [[nodiscard]] const Rep& value() const { return value_; }
  friend auto operator<=>(const StrongId&, const StrongId&) = default;
  friend bool operator==(const StrongId&, const StrongId&) = default;
  friend std::ostream& operator<<(std::ostream& os, const StrongId& id) { return os << id.value_; }

 private:
  Rep value_{};
};

template <typename Tag, typename Rep>
std::string ToString(const StrongId<Tag, Rep>& id) {
  if constexpr (std::is_same_v<Rep, std::string>) {
    return id.value();
  } else {
    return std::to_string(id.value());
  }
}

}  // namespace elink

template <typename Tag, typename Rep>
struct std::hash<elink::StrongId<Tag, Rep>> {
  std::size_t operator()(const elink::StrongId<Tag, Rep>& id) const noexcept {
    return std::hash<Rep>{}(id.value());
  }
};
