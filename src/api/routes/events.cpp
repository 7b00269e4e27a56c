// SPDX-License-Identifier: Apache-2.0
// The routes of the event log, filtered by what the caller may see.
#include "api/internal/routes.hpp"
#include "api/visibility.hpp"

#include <algorithm>
#include <charconv>

namespace elink::api::internal {

using auth::Action;

namespace {

constexpr std::size_t kMaxEventsPage = 1000;
// Records read from the log at once for the event log route.
constexpr std::size_t kLogReadPage = 64;

}  // namespace

void AddEventLogRoutes(RouteTable& table, RouteContext& ctx) {
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/events",
            .operation_id = "listEvents",
            .summary =
                "The event log from a sequence number (after, limit), only what the user may see"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kReadEventLog));
             if (ctx.options.log == nullptr) return Status::Unavailable(msg::kNoEventLog);
             std::uint64_t after = 0;
             if (const std::string a = call->Query("after"); !a.empty()) {
               std::uint64_t v = 0;
               const auto [end, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
               if (ec != std::errc() || end != a.data() + a.size()) {
                 return Status::InvalidArgument("after", msg::kSequenceNumber);
               }
               after = v;
             }
             ELINK_ASSIGN_OR_RETURN(const std::size_t limit,
                                    Limit(call->Query("limit"), 100, kMaxEventsPage));
             // Read a few records at a time: a record may hold a photo of up to 2 MiB, which its
             // JSON leaves out, so memory stays bounded by the read page, not by `limit`.
             Json items = Json::array();
             std::uint64_t last = after;
             for (std::size_t read = 0; read < limit;) {
               const std::size_t want = std::min(kLogReadPage, limit - read);
               ELINK_ASSIGN_OR_RETURN(const std::vector<store::Record> records,
                                      ctx.options.log->Read(last + 1, want));
               for (const store::Record& r : records) {
                 ELINK_ASSIGN_OR_RETURN(const engine::Event e,
                                        engine::DecodeEvent(r.seq, r.at, r.type, r.payload));
                 last = r.seq;
                 if (VisibleTo(e, *call->state, *call->user)) items.push_back(EventJson(e));
               }
               read += records.size();
               if (records.size() < want) break;
             }
             call->Reply(
                 200, {{"items", items}, {"next_after", last}, {"head", call->state->last_seq()}});
             return Status::Ok();
           })
      .Query("after", schema::Int(), "Events after this sequence number (default 0)")
      .Query("limit", schema::Int(), "Read at most this many (1 to 1000, default 100)")
      .Answers(schema::Obj(
          {{"items",
            schema::Arr(table.Schema(
                "Event",
                schema::Obj(
                    {{"seq", schema::Int()},
                     {"at", schema::Time()},
                     {"type", schema::Described(schema::Str(), "\"incident_reported\", ...")},
                     {"actor", schema::Described(schema::Str(), "Who made the change")},
                     {"data", schema::Described({{"type", "object"}},
                                                "The event's fields, secrets left out; a "
                                                "photo as its link")}})))},
           {"next_after", schema::Described(schema::Int(), "Ask again after this one")},
           {"head", schema::Described(schema::Int(), "The last event in the log")}}))
      .MayFail({503});
}

}  // namespace elink::api::internal
