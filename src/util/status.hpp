#pragma once
// Status and Result<T>: how every domain and input error travels in elink, as a value.
// A Status has a code that maps one-to-one to an HTTP status, a message a user can read and, for
// input errors, the path of the offending field ("incident.location.lat"). OK is a null pointer,
// so passing OK around costs nothing (LevelDB's Status).

#include "util/check.hpp"
#include "util/message.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace elink {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // 400: bad input; the field names what and where
  kUnauthenticated,     // 401
  kPermissionDenied,    // 403
  kNotFound,            // 404
  kConflict,            // 409: duplicate id, concurrent change
  kFailedPrecondition,  // 409: the state does not allow it (dispatching a busy unit)
  kUnavailable,         // 503: queue full, engine stopped taking writes
  kIOError,             // 500
  kCorruption,          // 500: stored data does not verify
  kInternal,            // 500
};

std::string_view StatusCodeName(StatusCode code);
int HttpStatusOf(StatusCode code);

// A value-type error. Copyable and cheap when OK. Thread-compatible.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {});
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  // A declared message (util/message.hpp) with its arguments; `message()` is its English.
  Status(StatusCode code, const Message& message, std::vector<MessageArg> args,
         std::string field = {});

  static Status Ok() { return {}; }

  // The factories below with a Message instead of text: Status::NotFound(kNoIncident, id),
  // then .At("incident") for the field. Arguments are values (ids, numbers, names: the same in
  // both languages), MessageArg (a word in each language), a Message without arguments (a word),
  // or a Status (nested, in each language).
  template <typename... A>
  static Status InvalidArgument(std::string field, const Message& m, const A&... a) {
    return {StatusCode::kInvalidArgument, m, {ToArg(a)...}, std::move(field)};
  }
  template <typename... A>
  static Status NotFound(const Message& m, const A&... a) {
    return {StatusCode::kNotFound, m, {ToArg(a)...}};
  }
  template <typename... A>
  static Status Conflict(const Message& m, const A&... a) {
    return {StatusCode::kConflict, m, {ToArg(a)...}};
  }
  template <typename... A>
  static Status FailedPrecondition(const Message& m, const A&... a) {
    return {StatusCode::kFailedPrecondition, m, {ToArg(a)...}};
  }
  template <typename... A>
  static Status PermissionDenied(const Message& m, const A&... a) {
    return {StatusCode::kPermissionDenied, m, {ToArg(a)...}};
  }
  template <typename... A>
  static Status Unauthenticated(const Message& m, const A&... a) {
    return {StatusCode::kUnauthenticated, m, {ToArg(a)...}};
  }
  template <typename... A>
  static Status Unavailable(const Message& m, const A&... a) {
    return {StatusCode::kUnavailable, m, {ToArg(a)...}};
  }
  template <typename... A>
  static Status IOError(const Message& m, const A&... a) {
    return {StatusCode::kIOError, m, {ToArg(a)...}};
  }
  template <typename... A>
  static Status Internal(const Message& m, const A&... a) {
    return {StatusCode::kInternal, m, {ToArg(a)...}};
  }

  // The same error about `field` (a path such as "incident" or "units[3].station").
  [[nodiscard]] Status At(std::string field) &&;
  static Status InvalidArgument(std::string field, std::string message) {
    return {StatusCode::kInvalidArgument, std::move(message), std::move(field)};
  }
  static Status NotFound(std::string message, std::string field = {}) {
    return {StatusCode::kNotFound, std::move(message), std::move(field)};
  }
  static Status Conflict(std::string message, std::string field = {}) {
    return {StatusCode::kConflict, std::move(message), std::move(field)};
  }
  static Status FailedPrecondition(std::string message, std::string field = {}) {
    return {StatusCode::kFailedPrecondition, std::move(message), std::move(field)};
  }
  static Status Unavailable(std::string message) {
    return {StatusCode::kUnavailable, std::move(message)};
  }
  static Status IOError(std::string message) { return {StatusCode::kIOError, std::move(message)}; }
  static Status Corruption(std::string message) {
    return {StatusCode::kCorruption, std::move(message)};
  }
  static Status Internal(std::string message) {
    return {StatusCode::kInternal, std::move(message)};
  }
  static Status PermissionDenied(std::string message) {
    return {StatusCode::kPermissionDenied, std::move(message)};
  }
  static Status Unauthenticated(std::string message) {
    return {StatusCode::kUnauthenticated, std::move(message)};
  }

  [[nodiscard]] bool ok() const { return rep_ == nullptr; }
  [[nodiscard]] StatusCode code() const { return rep_ ? rep_->code : StatusCode::kOk; }
  [[nodiscard]] const std::string& message() const;
  [[nodiscard]] const std::string& field() const;
  // The declared message this error says, or null for one built from text (which the API then
  // says as it is, in English, in every language).
  [[nodiscard]] const Message* message_id() const { return rep_ ? rep_->id : nullptr; }
  // The message in `lang`: message() for kEn or for an error built from text.
  [[nodiscard]] std::string Text(Lang lang) const;
  [[nodiscard]] int http_status() const { return HttpStatusOf(code()); }

  // "field: message", or the message alone when there is no field; "OK" when ok().
  [[nodiscard]] std::string ToString() const;

  // The same error with `prefix` put before the field path ("units[3]" + "type" → "units[3].type")
  // or, when there is no field, before the message ("units.toml: ...").
  [[nodiscard]] Status WithFieldPrefix(std::string_view prefix) const;
  [[nodiscard]] Status WithMessagePrefix(std::string_view prefix) const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code() == b.code() && a.message() == b.message() && a.field() == b.field();
  }

 private:
  template <typename T>
  static MessageArg ToArg(const T& v) {
    if constexpr (std::is_same_v<T, MessageArg>) {
      return v;
    } else if constexpr (std::is_same_v<T, Message>) {
      return {std::string(v.en), std::string(v.zh)};
    } else if constexpr (std::is_same_v<T, Status>) {
      return {v.message(), v.Text(Lang::kZhCN)};
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      return {std::to_string(v), std::to_string(v)};
    } else {
      static_assert(std::is_convertible_v<const T&, std::string_view>,
                    "a message argument is a value, a string, a MessageArg, a Message or a Status");
      const std::string_view text(v);
      return {std::string(text), std::string(text)};
    }
  }

  struct Rep {
    StatusCode code;
    std::string message;  // English, with the prefix
    std::string field;
    const Message* id = nullptr;
    std::vector<MessageArg> args;  // with `id`
    std::string prefix;            // put before the message in every language
  };
  std::unique_ptr<Rep> rep_;
};

// Either a T or a non-OK Status. [[nodiscard]] so that an error cannot be dropped silently.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    ELINK_CHECK(!std::get<Status>(v_).ok()) << "Result built from an OK status without a value";
  }

  [[nodiscard]] bool ok() const { return std::holds_alternative<T>(v_); }
  [[nodiscard]] const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(v_);
  }
  T& value() & {
    ELINK_CHECK(ok()) << "value() on error: " << std::get<Status>(v_).ToString();
    return std::get<T>(v_);
  }
  const T& value() const& {
    ELINK_CHECK(ok()) << "value() on error: " << std::get<Status>(v_).ToString();
    return std::get<T>(v_);
  }
  T&& value() && {
    ELINK_CHECK(ok()) << "value() on error: " << std::get<Status>(v_).ToString();
    return std::get<T>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace elink

#define ELINK_STATUS_CONCAT_INNER(a, b) a##b
#define ELINK_STATUS_CONCAT(a, b) ELINK_STATUS_CONCAT_INNER(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define ELINK_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::elink::Status elink_status_ = (expr);        \
    if (!elink_status_.ok()) return elink_status_; \
  } while (false)

// `lhs = value of expr`, or returns its status from the enclosing function.
#define ELINK_ASSIGN_OR_RETURN(lhs, expr) \
  ELINK_ASSIGN_OR_RETURN_IMPL(ELINK_STATUS_CONCAT(elink_result_, __LINE__), lhs, expr)
#define ELINK_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
