// SPDX-License-Identifier: Apache-2.0
// http_baseline: the baseline of the HTTP API benchmark (issue 5, bench/api_bench.sh). elink's own
// transport (api::HttpServer on Boost.Beast, same limits, keep-alive and threads as `elink serve`)
// with a handler that answers a fixed small JSON body at once: no routing, auth, engine or JSON
// encoding. What `elink serve` reaches against it is what the service costs on top of the
// transport.
//
//   http_baseline [--port 0] [--threads 2]
//   → "listening on http://127.0.0.1:PORT/" on stdout; runs until SIGTERM or SIGINT.
#include "api/http_server.hpp"

#include <pthread.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

namespace {

int Usage() {
  std::fprintf(stderr, "usage: http_baseline [--port N (default 0: any)] [--threads N (2)]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  long port = 0;
  long threads = 2;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return Usage();
    char* end = nullptr;
    const long value = std::strtol(argv[++i], &end, 10);
    if (end == nullptr || *end != '\0') return Usage();
    if (arg == "--port" && value >= 0 && value <= 65535) {
      port = value;
    } else if (arg == "--threads" && value >= 1 && value <= 256) {
      threads = value;
    } else {
      return Usage();
    }
  }

  // Before any thread starts, so that only the sigwait below receives them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  elink::api::ServerOptions options;
  options.port = static_cast<unsigned short>(port);
  options.threads = static_cast<int>(threads);
  const std::string body = R"({"id":1,"status":"ok","message":"fixed body of the baseline"})";
  auto server = elink::api::HttpServer::Start(
      options,
      [&body](elink::api::HttpRequest, elink::api::Respond respond) {
        elink::api::HttpResponse response;
        response.body = body;
        respond(std::move(response));
      },
      nullptr);
  if (!server.ok()) {
    std::fprintf(stderr, "http_baseline: %s\n", server.status().ToString().c_str());
    return 1;
  }
  std::printf("listening on http://127.0.0.1:%u/\n", static_cast<unsigned>((*server)->port()));
  std::fflush(stdout);

  int sig = 0;
  sigwait(&set, &sig);
  (*server)->Stop(std::chrono::seconds(2));
  const elink::api::ServerStats stats = (*server)->stats();
  std::printf("stopped after %llu requests\n",
              static_cast<unsigned long long>(stats.requests_served));
  return 0;
}
