#pragma once
// ELINK_CHECK(cond) << "why": stops the process on a programmer error, printing where and why.
// Never used for input or domain errors: those are Status values.

#include <sstream>
#include <string_view>

namespace elink::internal_check {

// Collects the message and aborts in its destructor. Not for use outside the macro.
class CheckFailure {
 public:
  CheckFailure(const char* file, int line, const char* cond);
  CheckFailure(const CheckFailure&) = delete;
  CheckFailure& operator=(const CheckFailure&) = delete;
  [[noreturn]] ~CheckFailure();
  template <typename T>
  CheckFailure& operator<<(const T& v) {
    stream_ << v;
    return *this;
  }

 private:
  std::ostringstream stream_;
};

// Lets the macro's `<<` chain bind in an expression that has type void.
struct Voidify {
  void operator&(const CheckFailure&) {}
};

}  // namespace elink::internal_check

#define ELINK_CHECK(cond)                       \
  (cond) ? (void)0                              \
         : ::elink::internal_check::Voidify() & \
               ::elink::internal_check::CheckFailure(__FILE__, __LINE__, #cond)
