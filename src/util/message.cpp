// SPDX-License-Identifier: Apache-2.0
#include "util/message.hpp"

#include <mutex>

namespace elink {
namespace {

struct Registry {
  std::mutex mu;
  std::vector<const Message*> all;
};

Registry& TheRegistry() {
  static Registry* r = new Registry;  // never destroyed: registrations run during static init
  return *r;
}

}  // namespace

namespace internal_message {

bool Register(const Message& m) {
  Registry& r = TheRegistry();
  const std::lock_guard lock(r.mu);
  r.all.push_back(&m);
  return true;
}

}  // namespace internal_message

const std::vector<const Message*>& AllMessages() { return TheRegistry().all; }

std::string FillPlaceholders(std::string_view text, const std::vector<std::string>& args) {
  std::string out;
  out.reserve(text.size());
  std::size_t next = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find('{', pos);
    const std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    const std::string_view inside = text.substr(open + 1, close - open - 1);
    std::size_t index = next;
    bool placeholder = inside.empty();
    if (inside.size() == 1 && inside[0] >= '0' && inside[0] <= '9') {
      index = static_cast<std::size_t>(inside[0] - '0');
      placeholder = true;
    }
    if (placeholder && index < args.size()) {
      out.append(args[index]);
    } else {
      out.append(text.substr(open, close - open + 1));
    }
    if (inside.empty()) ++next;
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace elink
