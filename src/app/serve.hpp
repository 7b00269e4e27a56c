#pragma once
// `elink serve`: a center on the network. Opens the center database, the road graph when given,
// and serves the API (api::Service), the event stream (api::StreamHub) and the dashboard's files
// on Boost.Beast until SIGTERM or SIGINT; then it stops taking
// requests, lets those in flight finish, flushes the log and returns. A timer escalates
// department tasks whose acknowledgement deadline has passed.

#include "app/i18n.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <chrono>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace elink::app {

struct ServeOptions {
  std::string db;
  std::string graph;                      // empty: routing routes answer 503
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  int threads = 2;
  std::string web;  // the built dashboard (web/dist), served at /; empty: none
  // A drill scenario (sim/scenario.hpp) whose incidents are fed in as exercises while serving,
  // at `drill_speed` × real time (0: the scenario's own speed).
  std::string drill;
  double drill_speed = 0;
  std::chrono::seconds escalate_every{15};
  // Empty: none. The log head is appended here (anchors.hpp) at start, on every timer tick
  // (escalate_every) when it moved, and at stop.
  std::string anchor_file;
  // Limits per client (api/http_server.hpp ServerOptions): connections from one address, and the
  // addresses exempt from that limit (reverse proxies; loopback only when asked).
  std::size_t max_connections_per_address = 64;
  std::vector<std::string> trusted_proxies;
  bool exempt_loopback = false;
  std::chrono::milliseconds grace{10'000};  // for requests in flight at shutdown
  // Called once the server listens, with the port (tests use port 0).
  std::function<void(unsigned short)> on_listening;
};

// "host:port" → (host, port); kInvalidArgument ("listen") otherwise.
Result<std::pair<std::string, unsigned short>> ParseListen(const std::string& text);

// `elink openapi`: the OpenAPI document of the API `elink serve` serves, written to `out` (the
// dashboard's types are generated from it at build time). Needs no center: the service is built
// on an empty one in a temporary folder, removed after.
Status WriteOpenApi(std::ostream& out);

// Serves until SIGTERM or SIGINT. The caller must have blocked both signals in every thread
// (BlockStopSignals() before any thread starts), so that this call receives them with sigwait.
Status RunServe(const ServeOptions& options, const Clock& clock, Lang lang, std::ostream& out);

// Blocks SIGTERM and SIGINT in the calling thread, and so in every thread it starts later.
void BlockStopSignals();

}  // namespace elink::app
