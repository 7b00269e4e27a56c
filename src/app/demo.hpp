#pragma once
// `elink demo`: a short scripted shift on a center, narrated on the terminal. Three incidents
// at real places of the demo region are reported, verified, given units from their response plan
// (nearest available by straight-line distance until road routing lands), worked through to
// closed, and the units come home. Every step is a real command on the engine, so the log and
// `elink info` show it afterwards.

#include "app/center.hpp"
#include "app/i18n.hpp"
#include "util/status.hpp"

#include <chrono>
#include <ostream>

namespace elink::app {

struct DemoOptions {
  Lang lang = Lang::kZh;
  // Default: 600 ms. Pause between steps so that a person can follow; 0 for tests.
  std::chrono::milliseconds pace{600};
};

// kFailedPrecondition when the center has no region or no plan for the demo's incident types.
Status RunDemo(Center& center, const Clock& clock, const DemoOptions& options, std::ostream& out);

}  // namespace elink::app
