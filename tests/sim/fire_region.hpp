#pragma once
// The small test region (tests/support/test_region.hpp) with one response plan: a residential
// fire at level IV needs `engines` engines within 8 minutes.

#include "support/test_region.hpp"

namespace elink::sim::testing {

inline core::Region SmallRegionWithFirePlan(int engines) {
  core::Region r = elink::testing::SmallRegion();
  core::Plan plan;
  plan.id = core::PlanId("p-fire");
  plan.name = {"火灾", "Fire"};
  plan.incident_types = {"fire.residential"};
  core::PlanLevel iv;
  iv.level = core::IncidentLevel::kIV;
  core::PlanRequirement req;
  req.unit_type = core::UnitType::kEngine;
  req.count = engines;
  req.within_minutes = 8;
  iv.units = {req};
  plan.levels = {iv};
  r.plans = {plan};
  return r;
}

}  // namespace elink::sim::testing
