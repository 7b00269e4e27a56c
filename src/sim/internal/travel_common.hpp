#pragma once
// Shared by the files of the travel-time check (travel_check.cpp, travel_fit.cpp,
// travel_stations.cpp and the renderers travel_report_{json,text,html}.cpp): road classes as
// indices, medians and quantiles, figures with fixed decimals and the skipped-calls summary.

#include "geo/graph.hpp"
#include "sim/travel_check.hpp"
#include "util/clock.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace elink::sim::internal {

inline constexpr std::size_t kClasses = geo::kRoadClassCount;

inline std::size_t ClassIndex(geo::RoadClass c) { return static_cast<std::size_t>(c); }

inline double Seconds(Millis d) { return static_cast<double>(d.count()) / 1000.0; }

// Median of `v` (reorders it); 0 when empty.
double Median(std::vector<double>& v);

// The q-quantile (0..1) by the nearest rank; 0 when empty.
double Quantile(std::vector<double> v, double q);

// `v` with `decimals` digits after the point ("%.*f").
std::string Fixed(double v, int decimals);

// "reason n, reason n" of the skipped calls, "-" when none.
std::string SkippedText(const TravelReport& r);

}  // namespace elink::sim::internal
