// Degrees and metres on the sphere the whole of geo/ measures with (IUGG mean Earth radius).
#pragma once

#include <cstdint>
#include <numbers>

namespace elink::geo::internal {

inline constexpr double kEarthRadiusM = 6'371'008.8;
inline constexpr double kMetresPerDegree = kEarthRadiusM * std::numbers::pi / 180.0;

// A coordinate stored in millionths of a degree, in degrees.
inline constexpr double Degrees(std::int32_t e6) { return static_cast<double>(e6) / 1e6; }

}  // namespace elink::geo::internal
