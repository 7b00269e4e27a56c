#pragma once
// A small hand-made region for engine and state tests:
//
//   region R ─ city C ─ district D1 ─ community K1   grid G1: lat 30.00–30.01, lon 120.00–120.01
//                     └ district D2 ─ community K2   grid G2: lat 30.00–30.01, lon 120.01–120.02
//   station S1 (D1, in G1): engine E1, ambulance A1      station S2 (D2, in G2): engine E2, ladder
//   L2

#include "core/model.hpp"

namespace elink::testing {

core::Region SmallRegion();

}  // namespace elink::testing
