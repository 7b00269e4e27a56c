#pragma once
// The API's answers against its own OpenAPI document: a validator for the subset of JSON Schema
// the document uses (type, nullable, enum, properties, required, additionalProperties, items,
// allOf, oneOf, $ref, maxLength, minimum, maximum, minItems, maxItems, date-time), and the check
// the service fixture runs on every answer it gets: the status is one the operation declares, a
// JSON answer matches its schema, an error is a problem document, and a request the server accepted
// is one the schema accepts too. Written here, independently of the server's code, so that a schema
// that forgot a field, or a route that answers something it does not declare, fails the tests.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace elink::api::testing {

using Json = nlohmann::json;

namespace openapi_internal {

inline bool IsDateTime(const std::string& s) {
  // 2026-12-07T09:30:00Z, 2026-12-07T09:30:00.123Z, 2026-12-07T09:30:00+08:00
  if (s.size() < 20) return false;
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
  };
  return digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2) &&
         s[10] == 'T' && digits(11, 2) && s[13] == ':' && digits(14, 2) && s[16] == ':' &&
         digits(17, 2) && (s.back() == 'Z' || s[s.size() - 3] == ':');
}

}  // namespace openapi_internal

// "" when `value` is valid against `schema` (a schema of `doc`), else "PATH: what is wrong".
inline std::string SchemaError(const Json& doc, const Json& schema, const Json& value,
                               const std::string& path = "$") {
  if (!schema.is_object()) return path + ": the schema is not an object";
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    const std::string prefix = "#/components/schemas/";
    if (ref.rfind(prefix, 0) != 0) return path + ": unsupported $ref " + ref;
    const std::string name = ref.substr(prefix.size());
    const Json& schemas = doc["components"]["schemas"];
    if (!schemas.contains(name)) return path + ": $ref to a missing schema " + name;
    return SchemaError(doc, schemas[name], value, path);
  }
  if (value.is_null()) {
    return schema.value("nullable", false) ? "" : path + ": null where the schema has no null";
  }
  if (schema.contains("allOf")) {
    for (const Json& part : schema["allOf"]) {
      if (std::string e = SchemaError(doc, part, value, path); !e.empty()) return e;
    }
  }
  if (schema.contains("oneOf")) {
    int matching = 0;
    std::string last;
    for (const Json& part : schema["oneOf"]) {
      std::string e = SchemaError(doc, part, value, path);
      if (e.empty()) {
        ++matching;
      } else {
        last = e;
      }
    }
    if (matching != 1) {
      return path + ": matches " + std::to_string(matching) + " of oneOf (" + last + ")";
    }
  }
  if (schema.contains("enum")) {
    bool found = false;
    for (const Json& v : schema["enum"]) found = found || v == value;
    if (!found) return path + ": " + value.dump() + " is not in the enum " + schema["enum"].dump();
  }
  if (!schema.contains("type")) return "";
  const std::string type = schema["type"];
  if (type == "string") {
    if (!value.is_string()) return path + ": not a string: " + value.dump().substr(0, 80);
    const std::string& s = value.get_ref<const std::string&>();
    if (schema.contains("maxLength") && s.size() > schema["maxLength"].get<std::size_t>()) {
      // Bytes, not characters: an upper bound that holds for ASCII and is lax for the rest.
      if (s.size() > 4 * schema["maxLength"].get<std::size_t>()) return path + ": too long";
    }
    if (schema.value("format", "") == "date-time" && !openapi_internal::IsDateTime(s)) {
      return path + ": not a date-time: " + s;
    }
    return "";
  }
  if (type == "integer" || type == "number") {
    // As JSON Schema: an integer is a number without a fractional part (2.0 is one).
    const bool integral = value.is_number_integer() ||
                          (value.is_number_float() && std::isfinite(value.get<double>()) &&
                           std::floor(value.get<double>()) == value.get<double>());
    if (type == "integer" ? !integral : !value.is_number()) {
      return path + ": not an " + type + ": " + value.dump().substr(0, 80);
    }
    const double v = value.get<double>();
    if (schema.contains("minimum") && v < schema["minimum"].get<double>()) {
      return path + ": below the minimum";
    }
    if (schema.contains("maximum") && v > schema["maximum"].get<double>()) {
      return path + ": above the maximum";
    }
    return "";
  }
  if (type == "boolean") return value.is_boolean() ? "" : path + ": not a boolean";
  if (type == "array") {
    if (!value.is_array()) return path + ": not an array";
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>()) {
      return path + ": fewer items than minItems";
    }
    if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<std::size_t>()) {
      return path + ": more items than maxItems";
    }
    if (!schema.contains("items")) return "";
    for (std::size_t i = 0; i < value.size(); ++i) {
      std::string e =
          SchemaError(doc, schema["items"], value[i], path + "[" + std::to_string(i) + "]");
      if (!e.empty()) return e;
    }
    return "";
  }
  if (type == "object") {
    if (!value.is_object()) return path + ": not an object";
    const Json props = schema.value("properties", Json::object());
    for (const Json& name : schema.value("required", Json::array())) {
      if (!value.contains(name.get<std::string>())) {
        return path + ": lacks the required " + name.get<std::string>();
      }
    }
    const Json extra = schema.value("additionalProperties", Json(true));
    for (const auto& [key, v] : value.items()) {
      if (props.contains(key)) {
        if (std::string e = SchemaError(doc, props[key], v, path + "." + key); !e.empty()) return e;
      } else if (extra.is_boolean()) {
        if (!extra.get<bool>()) return path + ": has " + key + ", which the schema does not list";
      } else if (std::string e = SchemaError(doc, extra, v, path + "." + key); !e.empty()) {
        return e;
      }
    }
    return "";
  }
  return path + ": unknown type " + type;
}

// The operation of `doc` that serves METHOD `target` (its query is ignored), or nullptr. A
// literal segment beats a parameter, as in the server's router.
inline const Json* FindOperation(const Json& doc, std::string_view method,
                                 std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  auto split = [](std::string_view p) {
    std::vector<std::string_view> out;
    while (!p.empty()) {
      if (p.front() == '/') {
        p.remove_prefix(1);
        continue;
      }
      const std::size_t j = std::min(p.find('/'), p.size());
      out.push_back(p.substr(0, j));
      p.remove_prefix(j);
    }
    return out;
  };
  const std::vector<std::string_view> segs = split(path);
  std::string m(method);
  for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const Json* best = nullptr;
  std::size_t best_params = 0;
  for (const auto& [pattern, ops] : doc["paths"].items()) {
    if (!ops.contains(m)) continue;
    const std::vector<std::string_view> ps = split(pattern);
    if (ps.size() != segs.size()) continue;
    bool match = true;
    std::size_t params = 0;
    for (std::size_t i = 0; i < ps.size() && match; ++i) {
      if (ps[i].front() == '{') {
        ++params;
        match = !segs[i].empty();
      } else {
        match = ps[i] == segs[i];
      }
    }
    if (match && (best == nullptr || params < best_params)) {
      best = &ops[m];
      best_params = params;
    }
  }
  return best;
}

// "" when the answer (status, content type, body) to METHOD `target` with `request_body` is one
// the document declares, else what is wrong. Targets the document does not serve pass.
inline std::string AnswerError(const Json& doc, std::string_view method, std::string_view target,
                               const std::string& request_body, int status,
                               std::string_view content_type, const std::string& body) {
  const Json* op = FindOperation(doc, method, target);
  if (op == nullptr) return "";
  const std::string code = std::to_string(status);
  const Json& responses = (*op)["responses"];
  if (!responses.contains(code)) {
    std::string declared;
    for (const auto& [k, v] : responses.items()) declared += " " + k;
    return "answered " + code + ", which the operation " + op->value("operationId", "") +
           " does not declare (it declares" + declared + ")";
  }
  if (status < 300 && !request_body.empty() && op->contains("requestBody")) {
    const Json request = Json::parse(request_body, nullptr, false);
    const Json& request_schema = (*op)["requestBody"]["content"]["application/json"]["schema"];
    if (!request.is_discarded()) {
      if (std::string e = SchemaError(doc, request_schema, request); !e.empty()) {
        return "the server accepted a request its schema refuses: " + e;
      }
    }
  }
  const std::string type(content_type.substr(0, content_type.find(';')));
  const Json& response = responses[code];
  if (!response.contains("content")) return "";
  if (!response["content"].contains(type)) {
    return "answered " + code + " as " + type + ", which the operation does not declare";
  }
  const Json& schema = response["content"][type]["schema"];
  const bool is_json = type == "application/json" ||
                       (type.size() > 5 && type.compare(type.size() - 5, 5, "+json") == 0);
  if (is_json) {
    const Json value = Json::parse(body, nullptr, false);
    if (value.is_discarded()) return "answered " + code + " with a body that is not JSON";
    if (std::string e = SchemaError(doc, schema, value); !e.empty()) {
      return "the " + code + " answer does not match its schema: " + e;
    }
  }
  return "";
}

}  // namespace elink::api::testing
