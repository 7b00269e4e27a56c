#pragma once
// The catalogue of incident types: code ("fire.high_rise"), category and names. Plans and incidents
// refer to types by code. Immutable; safe to share across threads.

#include "core/enums.hpp"

#include <span>
#include <string_view>

namespace elink::core {

struct IncidentTypeInfo {
  std::string_view code;
  IncidentCategory category;
  std::string_view zh;
  std::string_view en;
};

std::span<const IncidentTypeInfo> IncidentTypes();
// nullptr when the code is not in the catalogue.
const IncidentTypeInfo* FindIncidentType(std::string_view code);

}  // namespace elink::core
