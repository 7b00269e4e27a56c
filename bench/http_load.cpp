// SPDX-License-Identifier: Apache-2.0
// http_load: a small HTTP/1.1 load generator for the API benchmark (issue 5, bench/api_bench.sh).
//
// Open loop (--rate R > 0): requests are scheduled at a constant rate R, spread over the keep-alive
// connections, whatever the server does. A request goes out on the first idle connection; when
// none is idle it waits in a queue. Its latency runs from its *scheduled* time to the last byte of
// the response, so time spent queued behind a slow server counts (no coordinated omission).
// Closed loop (--rate 0): every connection sends its next request as soon as the previous answer
// is in, for the maximum rate; latency runs from the send.
//
// Only requests scheduled (open loop) or sent (closed loop) in the measured window count: it
// starts after --warmup seconds and lasts --seconds. Responses must carry Content-Length (elink's
// server always sends it). One request in flight per connection, no pipelining.
//
//   http_load --port P [--method GET] [--path /] [--body TEXT | --body-file F | --bodies-file F]
//             [--header 'Name: value']... [--rate 1000] [--connections 32] [--threads 1]
//             [--seconds 10] [--warmup 1] [--drain 5] [--per-second] [--host 127.0.0.1]
//   http_load --port P --print ...   one request; the body on stdout, the status on stderr;
//                                    exit 0 for 2xx, 1 otherwise.
//
// The last line of a run is machine-readable: "RESULT rate=... p50_ms=... p99_ms=... ...".
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <barrier>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;  // CLOCK_MONOTONIC on Linux, as the timerfd
using Nanos = std::chrono::nanoseconds;

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string method = "GET";
  std::string path = "/";
  std::vector<std::string> bodies;  // empty: no body; several: used in turn
  std::vector<std::string> headers;
  double rate = 0;  // requests per second in all; 0: closed loop
  int connections = 32;
  int threads = 1;
  double seconds = 10;
  double warmup = 1;
  double drain = 5;  // seconds after the window to wait for answers still due
  bool print = false;
  bool per_second = false;  // also p50/p99 by second of the window (by scheduled or send time)
};

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "http_load: %s\n", message.c_str());
  std::exit(2);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

double ParseNumber(const std::string& name, const char* text, double lo, double hi) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(v >= lo && v <= hi)) {
    Die(name + " must be a number within [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return v;
}

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--print") {
      o.print = true;
      continue;
    }
    if (arg == "--per-second") {
      o.per_second = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      std::printf(
          "usage: http_load --port P [--host 127.0.0.1] [--method GET] [--path /]\n"
          "  [--body TEXT | --body-file FILE | --bodies-file FILE (one body a line, in turn)]\n"
          "  [--header 'Name: value']... [--rate R/s (0: closed loop, as fast as possible)]\n"
          "  [--connections 32] [--threads 1] [--seconds 10] [--warmup 1] [--drain 5]\n"
          "  [--per-second (p50/p99 by second)] [--print (one request, its body)]\n");
      std::exit(0);
    }
    if (i + 1 >= argc) Die("missing value after " + arg);
    const char* value = argv[++i];
    if (arg == "--host") {
      o.host = value;
    } else if (arg == "--port") {
      o.port = static_cast<int>(ParseNumber(arg, value, 1, 65535));
    } else if (arg == "--method") {
      o.method = value;
    } else if (arg == "--path") {
      o.path = value;
    } else if (arg == "--body") {
      o.bodies = {value};
    } else if (arg == "--body-file") {
      o.bodies = {ReadFile(value)};
    } else if (arg == "--bodies-file") {
      o.bodies.clear();
      std::istringstream lines(ReadFile(value));
      for (std::string line; std::getline(lines, line);) {
        if (!line.empty()) o.bodies.push_back(line);
      }
      if (o.bodies.empty()) Die(std::string("no body in ") + value);
    } else if (arg == "--header") {
      const std::string h = value;
      if (h.find(':') == std::string::npos || h.find_first_of("\r\n") != std::string::npos) {
        Die("--header must be 'Name: value'");
      }
      o.headers.push_back(h);
    } else if (arg == "--rate") {
      o.rate = ParseNumber(arg, value, 0, 1e7);
    } else if (arg == "--connections") {
      o.connections = static_cast<int>(ParseNumber(arg, value, 1, 10000));
    } else if (arg == "--threads") {
      o.threads = static_cast<int>(ParseNumber(arg, value, 1, 64));
    } else if (arg == "--seconds") {
      o.seconds = ParseNumber(arg, value, 0.1, 86400);
    } else if (arg == "--warmup") {
      o.warmup = ParseNumber(arg, value, 0, 3600);
    } else if (arg == "--drain") {
      o.drain = ParseNumber(arg, value, 0, 3600);
    } else {
      Die("unknown option " + arg + " (--help)");
    }
  }
  if (o.port == 0) Die("--port is required");
  if (o.connections < o.threads) o.threads = o.connections;
  return o;
}

std::string BuildRequest(const Options& o, const std::string* body) {
  std::string r = o.method + " " + o.path + " HTTP/1.1\r\nHost: " + o.host + ":" +
                  std::to_string(o.port) + "\r\n";
  bool has_type = false;
  for (const std::string& h : o.headers) {
    r += h + "\r\n";
    std::string name = h.substr(0, h.find(':'));
    std::transform(name.begin(), name.end(), name.begin(), [](char c) {
      return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    has_type = has_type || name == "content-type";
  }
  if (body != nullptr) {
    if (!has_type) r += "Content-Type: application/json\r\n";
    r += "Content-Length: " + std::to_string(body->size()) + "\r\n\r\n" + *body;
  } else {
    if (o.method == "POST" || o.method == "PUT") r += "Content-Length: 0\r\n";
    r += "\r\n";
  }
  return r;
}

int Connect(const Options& o) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(o.port));
  if (inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr) != 1)
    Die("--host must be an IPv4 address");
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// One parsed response head, once "\r\n\r\n" has arrived.
struct Head {
  int status = 0;
  std::size_t total = 0;  // head + body bytes
  bool close = false;
  bool ok = true;  // false: not a response we can frame (no Content-Length, chunked)
};

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// `buffer` holds at least the head; `head_end` is the offset of "\r\n\r\n".
Head ParseHead(std::string_view buffer, std::size_t head_end) {
  Head h;
  const std::string_view head = buffer.substr(0, head_end);
  if (head.size() < 12 || head.substr(0, 5) != "HTTP/") return {.ok = false};
  h.status = std::atoi(std::string(head.substr(9, 3)).c_str());
  std::optional<std::size_t> length;
  std::size_t at = head.find("\r\n");
  while (at != std::string_view::npos && at < head.size()) {
    const std::size_t next = head.find("\r\n", at + 2);
    const std::string_view line =
        head.substr(at + 2, (next == std::string_view::npos ? head.size() : next) - at - 2);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      const std::string_view name = Trim(line.substr(0, colon));
      const std::string_view value = Trim(line.substr(colon + 1));
      if (EqualsNoCase(name, "content-length")) {
        length = static_cast<std::size_t>(std::strtoull(std::string(value).c_str(), nullptr, 10));
      } else if (EqualsNoCase(name, "connection")) {
        h.close = EqualsNoCase(value, "close");
      } else if (EqualsNoCase(name, "transfer-encoding")) {
        h.ok = false;
      }
    }
    at = next;
  }
  const bool no_body = h.status == 204 || h.status == 304 || (h.status >= 100 && h.status < 200);
  if (!length && !no_body) h.ok = false;
  h.total = head_end + 4 + (no_body ? 0 : length.value_or(0));
  return h;
}

// --print: one blocking request; its body on stdout.
int PrintOne(const Options& o) {
  const int fd = Connect(o);
  if (fd < 0) Die("cannot connect to " + o.host + ":" + std::to_string(o.port));
  const std::string request = BuildRequest(o, o.bodies.empty() ? nullptr : &o.bodies.front());
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) Die("send failed");
    sent += static_cast<std::size_t>(n);
  }
  std::string in;
  std::array<char, 65536> buf{};
  std::optional<Head> head;
  std::size_t head_end = 0;
  while (!head || in.size() < head->total) {
    const ssize_t n = recv(fd, buf.data(), buf.size(), 0);
    if (n <= 0) Die("connection closed before the whole response");
    in.append(buf.data(), static_cast<std::size_t>(n));
    if (!head && (head_end = in.find("\r\n\r\n")) != std::string::npos) {
      head = ParseHead(in, head_end);
      if (!head->ok) Die("response without Content-Length");
    }
  }
  close(fd);
  std::fwrite(in.data() + head_end + 4, 1, head->total - head_end - 4, stdout);
  std::printf("\n");
  std::fprintf(stderr, "status %d\n", head->status);
  return head->status >= 200 && head->status < 300 ? 0 : 1;
}

// What one thread measured.
struct Tally {
  std::vector<std::int64_t> latency_ns;   // measured requests answered
  std::vector<std::int64_t> second;       // with --per-second: the second of the window of each
  std::vector<std::int64_t> send_lag_ns;  // open loop: actual send - scheduled send
  std::map<int, std::uint64_t> statuses;
  std::uint64_t errors = 0;      // connection lost with a request in flight, or unframeable
  std::uint64_t unfinished = 0;  // measured requests never answered within the drain time
  Clock::time_point last_done{};
};

struct Conn {
  int fd = -1;
  const std::string* request = nullptr;  // in flight when not null
  std::size_t sent = 0;
  Clock::time_point scheduled{};  // latency origin
  bool want_write = false;
  std::string in;
  std::optional<Head> head;
  std::size_t head_end = 0;
};

class Worker {
 public:
  Worker(const Options& o, const std::vector<std::string>& requests, int index, int connections,
         double rate)
      : o_(o), requests_(requests), next_request_(static_cast<std::size_t>(index)), rate_(rate) {
    conns_.resize(static_cast<std::size_t>(connections));
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    timer_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kTimerTag;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, timer_, &ev);
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;
  ~Worker() {
    for (Conn& c : conns_) {
      if (c.fd >= 0) close(c.fd);
    }
    close(timer_);
    close(epoll_);
  }

  bool ConnectAll() {
    for (std::size_t i = 0; i < conns_.size(); ++i) {
      if (!Open(i)) return false;
    }
    return true;
  }

  // Runs the window [t0 + warmup, t0 + warmup + seconds]; `offset` staggers the open-loop
  // schedules of the threads.
  Tally Run(Clock::time_point t0, Nanos offset) {
    const auto window_start = t0 + Seconds(o_.warmup);
    const auto window_end = window_start + Seconds(o_.seconds);
    const auto deadline = window_end + Seconds(o_.drain);
    const bool open_loop = rate_ > 0;
    const Nanos interval = open_loop ? Seconds(1.0 / rate_) : Nanos(0);
    auto next_schedule = t0 + offset;
    std::deque<Clock::time_point> queued;  // open loop: scheduled, no idle connection yet
    std::vector<std::size_t> idle;
    for (std::size_t i = 0; i < conns_.size(); ++i) idle.push_back(i);
    std::size_t busy = 0;
    Clock::time_point armed{};
    std::array<epoll_event, 256> events{};
    std::array<char, 65536> buf{};

    for (;;) {
      const auto now = Clock::now();
      if (open_loop) {
        while (next_schedule < window_end && next_schedule <= now) {
          queued.push_back(next_schedule);
          next_schedule += interval;
        }
        while (!queued.empty() && !idle.empty()) {
          const std::size_t i = idle.back();
          idle.pop_back();
          if (queued.front() >= window_start) {
            tally_.send_lag_ns.push_back(Nanos(now - queued.front()).count());
          }
          Send(i, queued.front());
          queued.pop_front();
          ++busy;
        }
      } else if (now < window_end) {
        while (!idle.empty()) {
          const std::size_t i = idle.back();
          idle.pop_back();
          Send(i, now);
          ++busy;
        }
      }
      const bool scheduling = open_loop && next_schedule < window_end;
      if (!scheduling && queued.empty() && busy == 0 && (open_loop || now >= window_end)) break;
      if (now >= deadline) {
        // Whatever is still queued or in flight and was due in the window was never answered.
        for (const auto& s : queued) tally_.unfinished += s >= window_start ? 1U : 0U;
        for (const Conn& c : conns_) {
          if (c.request != nullptr && c.scheduled >= window_start &&
              (open_loop || c.scheduled < window_end)) {
            ++tally_.unfinished;
          }
        }
        break;
      }

      int timeout_ms = -1;
      if (scheduling) {
        if (armed != next_schedule) {
          Arm(next_schedule);
          armed = next_schedule;
        }
        timeout_ms =
            static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count());
      } else {
        const auto until = (open_loop || now >= window_end) ? deadline : window_end;
        timeout_ms =
            static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(until - now).count());
      }
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()),
                               std::max(timeout_ms, 0));
      if (n < 0 && errno != EINTR) Die(std::string("epoll_wait: ") + std::strerror(errno));
      for (int k = 0; k < n; ++k) {
        const epoll_event& ev = events[static_cast<std::size_t>(k)];
        if (ev.data.u64 == kTimerTag) {
          std::uint64_t expirations = 0;
          [[maybe_unused]] const ssize_t r = read(timer_, &expirations, sizeof expirations);
          continue;
        }
        const auto i = static_cast<std::size_t>(ev.data.u64);
        Conn& c = conns_[i];
        if ((ev.events & EPOLLOUT) != 0 && c.request != nullptr && !Flush(i)) {
          Lost(i, &busy, &idle);
          continue;
        }
        if ((ev.events & (EPOLLIN | EPOLLHUP | EPOLLERR)) == 0) continue;
        const ssize_t got = recv(c.fd, buf.data(), buf.size(), 0);
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (got <= 0) {
          Lost(i, &busy, &idle);
          continue;
        }
        c.in.append(buf.data(), static_cast<std::size_t>(got));
        if (!c.head && (c.head_end = c.in.find("\r\n\r\n")) != std::string::npos) {
          c.head = ParseHead(c.in, c.head_end);
          if (!c.head->ok) {
            Lost(i, &busy, &idle);
            continue;
          }
        }
        if (!c.head || c.in.size() < c.head->total) continue;
        // A whole response.
        const auto done = Clock::now();
        if (c.request != nullptr) {
          const bool measured = c.scheduled >= window_start &&
                                (open_loop ? c.scheduled < window_end : done <= window_end);
          if (measured) {
            tally_.latency_ns.push_back(Nanos(done - c.scheduled).count());
            if (o_.per_second) {
              tally_.second.push_back(
                  std::chrono::duration_cast<std::chrono::seconds>(c.scheduled - window_start)
                      .count());
            }
            ++tally_.statuses[c.head->status];
            tally_.last_done = std::max(tally_.last_done, done);
          }
        }
        // A response nobody asked for (the server's own 408 or 503 before closing) leaves the
        // connection idle, where it already is.
        const bool was_busy = c.request != nullptr;
        const bool reopen = c.head->close;
        c.in.erase(0, c.head->total);
        c.head.reset();
        c.request = nullptr;
        if (was_busy) --busy;
        if (reopen) {
          epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
          close(c.fd);
          c.fd = -1;
          if (!Open(i)) {  // that connection is gone for good
            std::erase(idle, i);
            continue;
          }
        }
        if (was_busy) idle.push_back(i);
      }
    }
    return std::move(tally_);
  }

 private:
  static constexpr std::uint64_t kTimerTag = ~std::uint64_t{0};

  static Nanos Seconds(double s) {
    return std::chrono::duration_cast<Nanos>(std::chrono::duration<double>(s));
  }

  bool Open(std::size_t i) {
    Conn& c = conns_[i];
    c = Conn{};
    c.fd = Connect(o_);
    if (c.fd < 0) return false;
    fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL, 0) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    return epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev) == 0;
  }

  void Arm(Clock::time_point at) {
    itimerspec spec{};
    const auto ns = at.time_since_epoch().count();
    spec.it_value.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
    spec.it_value.tv_nsec = static_cast<long>(ns % 1'000'000'000);
    if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
    timerfd_settime(timer_, TFD_TIMER_ABSTIME, &spec, nullptr);
  }

  void Send(std::size_t i, Clock::time_point scheduled) {
    Conn& c = conns_[i];
    c.request = &requests_[next_request_ % requests_.size()];
    next_request_ += static_cast<std::size_t>(o_.threads);
    c.sent = 0;
    c.scheduled = scheduled;
    // A failed write is reported as lost once epoll sees the socket's EPOLLHUP/EPOLLERR.
    [[maybe_unused]] const bool ok = Flush(i);
  }

  // Writes what the socket takes; asks for EPOLLOUT when it takes less than all.
  bool Flush(std::size_t i) {
    Conn& c = conns_[i];
    while (c.sent < c.request->size()) {
      const ssize_t n =
          send(c.fd, c.request->data() + c.sent, c.request->size() - c.sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) break;
      if (n <= 0) return false;
      c.sent += static_cast<std::size_t>(n);
    }
    const bool want = c.sent < c.request->size();
    if (want != c.want_write) {
      epoll_event ev{};
      ev.events = EPOLLIN | (want ? EPOLLOUT : 0U);
      ev.data.u64 = i;
      epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
      c.want_write = want;
    }
    return true;
  }

  // The connection broke (or sent something we cannot frame): the request in flight is an error;
  // reconnect so that the load keeps its shape.
  void Lost(std::size_t i, std::size_t* busy, std::vector<std::size_t>* idle) {
    Conn& c = conns_[i];
    const bool was_busy = c.request != nullptr;
    if (was_busy) {
      ++tally_.errors;
      --*busy;
    }
    epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
    close(c.fd);
    c.fd = -1;
    c.request = nullptr;
    if (!Open(i)) {
      std::erase(*idle, i);  // gone for good
    } else if (was_busy) {
      idle->push_back(i);  // an idle one is still in the list
    }
  }

  const Options& o_;
  const std::vector<std::string>& requests_;
  std::size_t next_request_;
  double rate_;
  int epoll_ = -1;
  int timer_ = -1;
  std::vector<Conn> conns_;
  Tally tally_;
};

double Percentile(const std::vector<std::int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1]) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseOptions(argc, argv);
  if (o.print) return PrintOne(o);

  std::vector<std::string> requests;
  if (o.bodies.empty()) {
    requests.push_back(BuildRequest(o, nullptr));
  } else {
    for (const std::string& b : o.bodies) requests.push_back(BuildRequest(o, &b));
  }

  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < o.threads; ++t) {
    const int conns = o.connections / o.threads + (t < o.connections % o.threads ? 1 : 0);
    workers.push_back(std::make_unique<Worker>(o, requests, t, conns, o.rate / o.threads));
    if (!workers.back()->ConnectAll()) {
      Die("cannot connect to " + o.host + ":" + std::to_string(o.port) + ": " +
          std::strerror(errno));
    }
  }
  // Every connection is open before the clock starts; all threads share t0.
  Clock::time_point t0{};
  std::barrier start(o.threads,
                     [&t0]() noexcept { t0 = Clock::now() + std::chrono::milliseconds(10); });
  std::vector<Tally> tallies(static_cast<std::size_t>(o.threads));
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      // Thread t sends the requests t, t + T, t + 2T, ... of the common schedule.
      const Nanos offset =
          o.rate > 0 ? std::chrono::duration_cast<Nanos>(std::chrono::duration<double>(t / o.rate))
                     : Nanos(0);
      tallies[static_cast<std::size_t>(t)] = workers[static_cast<std::size_t>(t)]->Run(t0, offset);
    });
  }
  for (auto& th : threads) th.join();

  Tally all;
  for (Tally& t : tallies) {
    all.latency_ns.insert(all.latency_ns.end(), t.latency_ns.begin(), t.latency_ns.end());
    all.send_lag_ns.insert(all.send_lag_ns.end(), t.send_lag_ns.begin(), t.send_lag_ns.end());
    for (const auto& [status, n] : t.statuses) all.statuses[status] += n;
    all.errors += t.errors;
    all.unfinished += t.unfinished;
    all.last_done = std::max(all.last_done, t.last_done);
  }
  // Per second of the window, before the latencies are sorted.
  std::map<std::int64_t, std::vector<std::int64_t>> by_second;
  for (const Tally& t : tallies) {
    for (std::size_t k = 0; k < t.second.size(); ++k)
      by_second[t.second[k]].push_back(t.latency_ns[k]);
  }
  std::sort(all.latency_ns.begin(), all.latency_ns.end());
  std::sort(all.send_lag_ns.begin(), all.send_lag_ns.end());

  const auto window_start =
      t0 + std::chrono::duration_cast<Nanos>(std::chrono::duration<double>(o.warmup));
  // Open loop: until the last answer to a request of the window (at least the window);
  // closed loop: the window.
  double elapsed = o.seconds;
  if (o.rate > 0 && all.last_done > window_start) {
    elapsed =
        std::max(elapsed, std::chrono::duration<double>(all.last_done - window_start).count());
  }
  const auto answered = static_cast<double>(all.latency_ns.size());
  const double rate = answered / elapsed;
  std::uint64_t non2xx = 0;
  std::string statuses;
  for (const auto& [status, n] : all.statuses) {
    if (status < 200 || status > 299) non2xx += n;
    statuses += " " + std::to_string(status) + ": " + std::to_string(n) + ";";
  }
  double mean = 0;
  for (const std::int64_t v : all.latency_ns) mean += static_cast<double>(v);
  mean = all.latency_ns.empty() ? 0 : mean / answered / 1e6;

  std::printf(
      "%s %s, %s, %d connections, %d thread%s, %.1f s (+%.1f s warm-up)\n", o.method.c_str(),
      o.path.c_str(),
      o.rate > 0 ? ("open loop at " + std::to_string(static_cast<long long>(o.rate)) + "/s").c_str()
                 : "closed loop",
      o.connections, o.threads, o.threads == 1 ? "" : "s", o.seconds, o.warmup);
  std::printf("answered %zu, errors %llu, unfinished %llu; status%s\n", all.latency_ns.size(),
              static_cast<unsigned long long>(all.errors),
              static_cast<unsigned long long>(all.unfinished), statuses.c_str());
  std::printf("rate %.1f /s\n", rate);
  std::printf("latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f\n",
              Percentile(all.latency_ns, 0.5), Percentile(all.latency_ns, 0.9),
              Percentile(all.latency_ns, 0.99), Percentile(all.latency_ns, 0.999),
              Percentile(all.latency_ns, 1.0), mean);
  for (auto& [second, latencies] : by_second) {
    std::sort(latencies.begin(), latencies.end());
    std::printf("  second %2lld: %6zu answered, p50 %9.3f ms, p99 %9.3f ms, max %9.3f ms\n",
                static_cast<long long>(second), latencies.size(), Percentile(latencies, 0.5),
                Percentile(latencies, 0.99), Percentile(latencies, 1.0));
  }
  if (o.rate > 0) {
    std::printf("send lag ms (sent - scheduled): p50 %.3f  p99 %.3f  max %.3f\n",
                Percentile(all.send_lag_ns, 0.5), Percentile(all.send_lag_ns, 0.99),
                Percentile(all.send_lag_ns, 1.0));
  }
  std::printf(
      "RESULT rate=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f "
      "answered=%zu non2xx=%llu errors=%llu unfinished=%llu\n",
      rate, Percentile(all.latency_ns, 0.5), Percentile(all.latency_ns, 0.9),
      Percentile(all.latency_ns, 0.99), Percentile(all.latency_ns, 0.999),
      Percentile(all.latency_ns, 1.0), all.latency_ns.size(),
      static_cast<unsigned long long>(non2xx), static_cast<unsigned long long>(all.errors),
      static_cast<unsigned long long>(all.unfinished));
  return all.errors == 0 && all.unfinished == 0 ? 0 : 1;
}
