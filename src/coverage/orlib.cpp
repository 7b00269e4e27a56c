// SPDX-License-Identifier: Apache-2.0
#include "coverage/orlib.hpp"

#include "coverage/messages.hpp"
#include "util/file.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

namespace elink::coverage {
namespace {

// Splits `line` into whole numbers; false when a token is not one (or does not fit).
bool Numbers(std::string_view line, std::vector<std::int64_t>& out) {
  out.clear();
  std::size_t k = 0;
  while (k < line.size()) {
    while (k < line.size() && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r')) ++k;
    if (k == line.size()) break;
    std::size_t e = k;
    while (e < line.size() && line[e] != ' ' && line[e] != '\t' && line[e] != '\r') ++e;
    std::int64_t v = 0;
    const char* first = line.data() + k;
    const char* last = line.data() + e;
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec != std::errc() || ptr != last) return false;
    out.push_back(v);
    k = e;
  }
  return true;
}

struct Edge {
  int u;
  int v;
  Cost c;
  std::int64_t line;
};

}  // namespace

Result<PMedianProblem> ParseOrLibPmed(std::string_view text, const std::string& name,
                                      const OrLibLimits& limits) {
  std::vector<std::int64_t> nums;
  std::int64_t line_no = 0;
  std::size_t pos = 0;
  bool have_header = false;
  std::int64_t n = 0;
  std::int64_t m = 0;
  std::int64_t p = 0;
  std::vector<Edge> edges;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!Numbers(line, nums)) {
      if (!have_header) return Status::InvalidArgument(name, msg::kBadHeader, line_no);
      return Status::InvalidArgument(name, msg::kBadEdge, line_no);
    }
    if (nums.empty()) continue;  // blank lines (a trailing newline)
    if (!have_header) {
      if (nums.size() != 3) return Status::InvalidArgument(name, msg::kBadHeader, line_no);
      n = nums[0];
      m = nums[1];
      p = nums[2];
      if (n < 1 || n > limits.max_vertices) {
        return Status::InvalidArgument(name, msg::kCountFromTo, 1, limits.max_vertices, n)
            .WithMessagePrefix("n: ");
      }
      if (m < 0 || m > limits.max_edges) {
        return Status::InvalidArgument(name, msg::kCountFromTo, 0, limits.max_edges, m)
            .WithMessagePrefix("m: ");
      }
      if (p < 1 || p > n) {
        return Status::InvalidArgument(name, msg::kCountFromTo, 1, n, p).WithMessagePrefix("p: ");
      }
      edges.reserve(std::min(static_cast<std::size_t>(m), text.size() / 6 + 1));
      have_header = true;
      continue;
    }
    if (nums.size() != 3) return Status::InvalidArgument(name, msg::kBadEdge, line_no);
    if (static_cast<std::int64_t>(edges.size()) >= m) {
      return Status::InvalidArgument(name, msg::kEdgeCount, m, m + 1);
    }
    for (int k = 0; k < 2; ++k) {
      if (nums[static_cast<std::size_t>(k)] < 1 || nums[static_cast<std::size_t>(k)] > n) {
        return Status::InvalidArgument(name, msg::kVertexOutOfRange, line_no,
                                       nums[static_cast<std::size_t>(k)], n);
      }
    }
    if (nums[2] < 0 || nums[2] > limits.max_edge_cost) {
      return Status::InvalidArgument(name, msg::kBadEdgeCost, line_no, nums[2],
                                     limits.max_edge_cost);
    }
    const auto a = static_cast<int>(nums[0] - 1);
    const auto b = static_cast<int>(nums[1] - 1);
    edges.push_back({std::min(a, b), std::max(a, b), nums[2], line_no});
  }
  if (!have_header) return Status::InvalidArgument(name, msg::kBadHeader, 1);
  if (static_cast<std::int64_t>(edges.size()) != m) {
    return Status::InvalidArgument(name, msg::kEdgeCount, m,
                                   static_cast<std::int64_t>(edges.size()));
  }
  // The last occurrence of an edge wins (OR-Library's convention).
  std::stable_sort(edges.begin(), edges.end(), [](const Edge& x, const Edge& y) {
    return std::pair(x.u, x.v) < std::pair(y.u, y.v);
  });
  const auto nv = static_cast<std::size_t>(n);
  std::vector<std::vector<std::pair<int, Cost>>> adj(nv);
  for (std::size_t k = 0; k < edges.size(); ++k) {
    if (k + 1 < edges.size() && edges[k + 1].u == edges[k].u && edges[k + 1].v == edges[k].v) {
      continue;
    }
    const Edge& e = edges[k];
    if (e.u == e.v) continue;
    adj[static_cast<std::size_t>(e.u)].emplace_back(e.v, e.c);
    adj[static_cast<std::size_t>(e.v)].emplace_back(e.u, e.c);
  }
  PMedianProblem pr;
  pr.clients = static_cast<int>(n);
  pr.candidates = static_cast<int>(n);
  pr.p = static_cast<int>(p);
  pr.cost.assign(nv * nv, -1);
  using Item = std::pair<Cost, int>;
  for (std::size_t s = 0; s < nv; ++s) {
    Cost* dist = &pr.cost[s * nv];
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    dist[s] = 0;
    heap.emplace(0, static_cast<int>(s));
    while (!heap.empty()) {
      const auto [d, u] = heap.top();
      heap.pop();
      if (d != dist[u]) continue;
      for (const auto& [v, c] : adj[static_cast<std::size_t>(u)]) {
        if (dist[v] < 0 || d + c < dist[v]) {
          dist[v] = d + c;
          heap.emplace(d + c, v);
        }
      }
    }
    for (std::size_t t = 0; t < nv; ++t) {
      if (dist[t] < 0) {
        return Status::InvalidArgument(name, msg::kUnreachable, static_cast<std::int64_t>(t + 1),
                                       static_cast<std::int64_t>(s + 1));
      }
    }
  }
  return pr;
}

Result<PMedianProblem> LoadOrLibPmed(const std::string& path, const OrLibLimits& limits) {
  ELINK_ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(path, limits.max_file_bytes));
  return ParseOrLibPmed(text, path, limits);
}

Result<std::map<std::string, Cost>> LoadOrLibOptima(const std::string& path) {
  ELINK_ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(path, std::size_t{1} << 20));
  std::map<std::string, Cost> out;
  std::size_t pos = text.find('\n');
  std::int64_t line_no = 1;
  while (pos != std::string::npos && pos < text.size()) {
    const std::size_t start = pos + 1;
    pos = text.find('\n', start);
    const std::string_view line = std::string_view(text).substr(
        start, (pos == std::string::npos ? text.size() : pos) - start);
    ++line_no;
    const std::size_t sp = line.find(' ');
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    std::vector<std::int64_t> nums;
    if (sp == std::string_view::npos || !Numbers(line.substr(sp), nums) || nums.size() != 1) {
      return Status::InvalidArgument(path, msg::kBadEdge, line_no);
    }
    out[std::string(line.substr(0, sp))] = nums[0];
  }
  return out;
}

}  // namespace elink::coverage
