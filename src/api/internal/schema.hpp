#pragma once
// JSON Schemas (OpenAPI 3.0.3) of the API's request bodies and answers, written next to the
// handlers that read and write them (routes/*.cpp): the OpenAPI document is made of them, the API
// tests check every answer they see against them, and the dashboard's types are generated from
// that document. Small builders, so a schema reads like the JSON it describes:
//
//   Obj({{"id", Int()}, {"name", Ref("Localized")}, {"incident?", Nullable(Int())}})
//
// A property whose name ends in '?' may be absent; every other one is always there. An object
// allows no property it does not list (additionalProperties: false), so an answer with a field
// the schema forgot fails the tests.

#include "core/enums.hpp"
#include "util/check.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace elink::api::internal::schema {

using Json = nlohmann::json;

inline Json Str() { return {{"type", "string"}}; }
inline Json Int() { return {{"type", "integer"}}; }
inline Json Num() { return {{"type", "number"}}; }
inline Json Bool() { return {{"type", "boolean"}}; }
// A UTC time as the API writes it ("2026-12-07T09:30:00Z").
inline Json Time() { return {{"type", "string"}, {"format", "date-time"}}; }

// `s` with a description (a reference is wrapped in allOf: OpenAPI 3.0 ignores what stands
// beside a "$ref").
inline Json Described(Json s, std::string_view description) {
  if (s.contains("$ref")) s = {{"allOf", Json::array({std::move(s)})}};
  s["description"] = description;
  return s;
}

// A named schema of components/schemas.
inline Json Ref(std::string_view name) {
  return {{"$ref", "#/components/schemas/" + std::string(name)}};
}

inline Json Arr(Json items) { return {{"type", "array"}, {"items", std::move(items)}}; }

// Exactly two items ([lat, lon]).
inline Json Pair(Json items) {
  Json s = Arr(std::move(items));
  s["minItems"] = 2;
  s["maxItems"] = 2;
  return s;
}

// A number or integer from `min` to `max`.
inline Json Within(Json s, double min, double max) {
  s["minimum"] = min;
  s["maximum"] = max;
  return s;
}

// A string of at most `bytes` bytes (the server counts bytes of UTF-8).
inline Json StrUpTo(std::size_t bytes) { return {{"type", "string"}, {"maxLength", bytes}}; }

// `s` or null. OpenAPI 3.0 wants "nullable" beside a "type": a reference is wrapped in allOf and
// `type_of_ref` says what the schema it names is ("string" for a vocabulary, "object").
inline Json Nullable(Json s, std::string_view type_of_ref = "") {
  if (s.contains("$ref") || s.contains("allOf")) {
    ELINK_CHECK(!type_of_ref.empty()) << "Nullable of a reference needs its type";
    if (s.contains("$ref")) s = {{"allOf", Json::array({std::move(s)})}};
    s["type"] = type_of_ref;
  }
  s["nullable"] = true;
  return s;
}

// An object of exactly these properties; a name ending in '?' is optional.
inline Json Obj(std::initializer_list<std::pair<std::string_view, Json>> properties) {
  Json props = Json::object();
  Json required = Json::array();
  for (const auto& [name, s] : properties) {
    if (!name.empty() && name.back() == '?') {
      props[std::string(name.substr(0, name.size() - 1))] = s;
    } else {
      props[std::string(name)] = s;
      required.push_back(name);
    }
  }
  Json out = {{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) out["required"] = std::move(required);
  out["additionalProperties"] = false;
  return out;
}

// Object schema `base` with these properties too (or instead, for a name it has already).
inline Json Extend(Json base, std::initializer_list<std::pair<std::string_view, Json>> properties) {
  const Json more = Obj(properties);
  for (const auto& [name, s] : more["properties"].items()) base["properties"][name] = s;
  for (const Json& name : more.value("required", Json::array())) {
    bool present = false;
    for (const Json& have : base["required"]) present = present || have == name;
    if (!present) base["required"].push_back(name);
  }
  return base;
}

// An object whose keys are free and whose values are `values`.
inline Json Map(Json values) {
  return {{"type", "object"}, {"additionalProperties", std::move(values)}};
}

// {"items": [item, ...]}: the answer of every list route.
inline Json Items(Json item) { return Obj({{"items", Arr(std::move(item))}}); }

// One of E's codes (core/enums.hpp), in declaration order.
template <typename E>
Json Enum() {
  Json codes = Json::array();
  for (const auto& info : core::EnumTable<E>()) codes.push_back(info.code);
  return {{"type", "string"}, {"enum", std::move(codes)}};
}

}  // namespace elink::api::internal::schema
