// SPDX-License-Identifier: Apache-2.0
#include "util/status.hpp"

#include <cstdio>
#include <cstdlib>

namespace elink {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case StatusCode::kUnauthenticated: return "UNAUTHENTICATED";
    case StatusCode::kPermissionDenied: return "PERMISSION_DENIED";
    case StatusCode::kNotFound: return "NOT_FOUND";
    case StatusCode::kConflict: return "CONFLICT";
    case StatusCode::kFailedPrecondition: return "FAILED_PRECONDITION";
    case StatusCode::kUnavailable: return "UNAVAILABLE";
    case StatusCode::kIOError: return "IO_ERROR";
    case StatusCode::kCorruption: return "CORRUPTION";
    case StatusCode::kInternal: return "INTERNAL";
  }
  return "UNKNOWN";
}

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kConflict:
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kIOError:
    case StatusCode::kCorruption:
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

Status::Status(StatusCode code, std::string message, std::string field) {
  ELINK_CHECK(code != StatusCode::kOk) << "use Status() for OK";
  rep_ = std::make_unique<Rep>(Rep{code, std::move(message), std::move(field)});
}

Status::Status(StatusCode code, const Message& message, std::vector<MessageArg> args,
               std::string field) {
  ELINK_CHECK(code != StatusCode::kOk) << "use Status() for OK";
  std::vector<std::string> en;
  en.reserve(args.size());
  for (const MessageArg& a : args) en.push_back(a.en);
  rep_ = std::make_unique<Rep>(
      Rep{code, FillPlaceholders(message.en, en), std::move(field), &message, std::move(args), {}});
}

Status Status::At(std::string field) && {
  if (rep_) rep_->field = std::move(field);
  return std::move(*this);
}

std::string Status::Text(Lang lang) const {
  if (!rep_) return {};
  if (lang == Lang::kEn || rep_->id == nullptr) return rep_->message;
  std::vector<std::string> zh;
  zh.reserve(rep_->args.size());
  for (const MessageArg& a : rep_->args) zh.push_back(a.zh);
  return rep_->prefix + FillPlaceholders(rep_->id->zh, zh);
}

Status::Status(const Status& other)
    : rep_(other.rep_ ? std::make_unique<Rep>(*other.rep_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) rep_ = other.rep_ ? std::make_unique<Rep>(*other.rep_) : nullptr;
  return *this;
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return rep_ ? rep_->message : kEmpty;
}

const std::string& Status::field() const {
  static const std::string kEmpty;
  return rep_ ? rep_->field : kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  if (rep_->field.empty()) return rep_->message;
  return rep_->field + ": " + rep_->message;
}

Status Status::WithFieldPrefix(std::string_view prefix) const {
  if (ok()) return {};
  std::string field(prefix);
  if (!rep_->field.empty()) {
    if (rep_->field.front() != '[') field += '.';
    field += rep_->field;
  }
  Status out = *this;
  out.rep_->field = std::move(field);
  return out;
}

Status Status::WithMessagePrefix(std::string_view prefix) const {
  if (ok()) return {};
  Status out = *this;
  out.rep_->message.insert(0, prefix);
  out.rep_->prefix.insert(0, prefix);
  return out;
}

namespace internal_check {

CheckFailure::CheckFailure(const char* file, int line, const char* cond) {
  stream_ << file << ":" << line << ": check failed: " << cond << ": ";
}

CheckFailure::~CheckFailure() {
  std::fprintf(stderr, "%s\n", stream_.str().c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace internal_check
}  // namespace elink
