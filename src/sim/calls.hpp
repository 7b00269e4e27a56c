#pragma once
// Call logs as incident sources for the simulator: the San Francisco Fire Department "Calls for
// Service" CSV (one row per unit response, grouped here into calls that keep their real unit
// responses) and elink's simple CSV `time,lon,lat,type,priority` (docs/formats/calls-csv.md).
//
// Both loaders read the whole file, never fail on a bad row and never drop one silently: a row is
// either used or rejected with its line number and the reason, so that
// report.rows_read == report.rows_used + report.rows_rejected. Only a file that cannot be read at
// all (missing, a directory, empty, no usable header) is an error Status.
//
// SF times are local time in America/Los_Angeles and are converted to UTC with the US daylight
// saving rule (LosAngelesToUtc). SF call types are mapped to the incident type catalogue
// (core/incident_types.hpp) by the table SfCallTypeMappings().

#include "core/model.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace elink::sim {

// Urgency of a call, SF's scale: 3 emergency (lights and siren), 2 urgent without lights and
// siren, 1 not urgent.
inline constexpr int kPriorityMin = 1;
inline constexpr int kPriorityMax = 3;

// One unit's response to a call, as the SF log recorded it.
struct UnitResponse {
  std::string unit_id;    // "E39" engine of station 39, "T10" truck of station 10, "M51" medic...
  std::string unit_type;  // SF's Unit Type: ENGINE, TRUCK, MEDIC, CHIEF, PRIVATE, ...
  int sequence = 0;       // order in the call's dispatch, 1 = first dispatched
  std::optional<TimePoint> dispatched;  // Dispatch DtTm
  std::optional<TimePoint> en_route;    // Response DtTm (left for the call)
  std::optional<TimePoint> on_scene;    // On Scene DtTm (empty: cancelled on the way)
  std::optional<TimePoint> available;   // Available DtTm (back in service)
  std::string station_area;             // the call's first-due station area, "01".."51"
  std::optional<bool> als;              // ALS Unit (paramedics aboard); empty: no such column
  std::size_t line = 0;                 // line of the row in the file
  friend bool operator==(const UnitResponse&, const UnitResponse&) = default;
};

struct Call {
  TimePoint received{};  // UTC
  core::LatLon location;
  std::string type;         // incident type code of the catalogue, e.g. "medical.emergency"
  int priority = 0;         // kPriorityMin..kPriorityMax
  std::string source_id;    // SF Call Number; the simple CSV's id column, else "line N"
  std::string source_type;  // the original call type text (SF Call Type; the type for simple)
  std::vector<UnitResponse> units;  // SF only, by sequence; empty for the simple format
  std::size_t line = 0;             // line of the call's first used row
  friend bool operator==(const Call&, const Call&) = default;
};

// Why a row was rejected. `code` is one of the short codes below; `reason` says what was found.
struct RejectedRow {
  std::size_t line = 0;  // 1-based line where the row starts (the header is line 1)
  std::string code;
  std::string reason;
};

// Rejection codes.
inline constexpr std::string_view kRejectBadDate = "bad_date";
inline constexpr std::string_view kRejectMissingCoordinates = "missing_coordinates";
inline constexpr std::string_view kRejectBadCoordinates = "bad_coordinates";         // unparsable
inline constexpr std::string_view kRejectOutsideWorld = "coordinates_out_of_range";  // |lat| > 90
inline constexpr std::string_view kRejectZeroCoordinates = "coordinates_zero";       // 0,0
inline constexpr std::string_view kRejectBadPriority = "bad_priority";
inline constexpr std::string_view kRejectUnclosedQuote = "unclosed_quote";
inline constexpr std::string_view kRejectColumnCount = "column_count";
inline constexpr std::string_view kRejectTooLong = "row_too_long";
inline constexpr std::string_view kRejectNulByte = "nul_byte";
inline constexpr std::string_view kRejectNotUtf8 = "not_utf8";
inline constexpr std::string_view kRejectMissingField = "missing_field";
inline constexpr std::string_view kRejectBadNumber = "bad_number";
inline constexpr std::string_view kRejectBadType = "unknown_type";
inline constexpr std::string_view kRejectMalformed = "malformed_quotes";  // text after a quote
inline constexpr std::string_view kRejectDuplicate = "duplicate_row";
inline constexpr std::string_view kRejectInconsistent = "inconsistent_call";

// A row longer than this many bytes is rejected (and skipped up to the end of its line).
inline constexpr std::size_t kMaxRowBytes = 1 << 20;
// At most this many rejected rows are listed one by one; the counts are always complete.
inline constexpr std::size_t kMaxListedRejections = 100'000;

struct ImportReport {
  std::string source;         // file name
  std::size_t rows_read = 0;  // data rows (records after the header; blank lines are not rows)
  std::size_t rows_used = 0;
  std::size_t rows_rejected = 0;
  std::size_t blank_lines = 0;  // empty lines, skipped
  std::size_t calls_built = 0;
  std::vector<RejectedRow> rejected;  // in file order; the first kMaxListedRejections
  std::map<std::string, std::size_t> rejected_by_code;
  // SF call types (of used rows' calls) by how they were mapped: counted per call.
  std::map<std::string, std::size_t> approximate_types;  // mapped to the nearest catalogue type
  std::map<std::string, std::size_t> unmapped_types;     // not in the table: kSfFallbackType
  // Local times that daylight saving makes ambiguous (the repeated hour in November, read as
  // daylight time) or impossible (the skipped hour in March, read as standard time).
  std::size_t ambiguous_times = 0;
  std::size_t nonexistent_times = 0;
};

struct CallLog {
  std::vector<Call> calls;  // by received time; ties in file order
  ImportReport report;
};

// The SF Fire Department "Calls for Service" CSV (DataSF nuek-vuh3): RFC 4180, header with the
// dataset's column names (order free, extra columns ignored). Rows are grouped by Call Number;
// the call's time, place, type and priority come from its first used row, and a later row of the
// same call that disagrees on them is rejected (kRejectInconsistent). Unit time fields that are
// empty are absent; a non-empty one that does not parse rejects the row. kIOError when the file
// cannot be read, kInvalidArgument ("header") when it is empty or lacks a needed column.
Result<CallLog> LoadSfFireCalls(const std::string& path);
// The same from text in memory; `name` is used in the report.
Result<CallLog> ParseSfFireCalls(std::string_view text, const std::string& name);

// The simple format of docs/formats/calls-csv.md: header with time, lon, lat, type, priority
// (any order) and optionally id. Codes as LoadSfFireCalls.
Result<CallLog> LoadSimpleCalls(const std::string& path);
Result<CallLog> ParseSimpleCalls(std::string_view text, const std::string& name);

// How one SF call type maps onto the catalogue.
struct SfTypeMapping {
  std::string_view sf_type;  // SF Call Type, exactly as in the data
  std::string_view code;     // catalogue code
  bool approximate = false;  // the catalogue has no such type; `code` is the nearest response
};
// The documented table (docs/formats/calls-csv.md lists it too).
std::span<const SfTypeMapping> SfCallTypeMappings();
// Catalogue type for SF types not in the table. The catalogue has no generic "other" type; a
// technical rescue (one engine plus a rescue unit) is the nearest to SF's single-company
// service calls.
inline constexpr std::string_view kSfFallbackType = "rescue.technical";
// The table's entry for `sf_type`, or nullptr.
const SfTypeMapping* FindSfCallType(std::string_view sf_type);

// SF local time "MM/DD/YYYY hh:mm:ss AM" (America/Los_Angeles) to UTC. kInvalidArgument
// (field `field`) for anything else, an impossible date (02/30/2017, month 13) or a year outside
// 1987..9999 (the US daylight saving rules before 1987 are not implemented).
struct LocalTimeResult {
  TimePoint utc{};
  bool ambiguous = false;    // in the repeated hour when clocks go back; read as daylight time
  bool nonexistent = false;  // in the skipped hour when clocks go forward; read as standard time
};
Result<LocalTimeResult> ParseSfTime(std::string_view text, const std::string& field);

// America/Los_Angeles wall time (fields as written, no validation beyond the calendar) to UTC:
// UTC−8, or UTC−7 under daylight saving time. From 2007: second Sunday in March 02:00 to first
// Sunday in November 02:00; 1987–2006: first Sunday in April to last Sunday in October.
LocalTimeResult LosAngelesToUtc(int year, unsigned month, unsigned day, int hour, int minute,
                                int second);

// ISO 8601 with Z or ±HH:MM ("2026-01-01T08:00:00Z", optional .fff) or Unix seconds ("1767254400").
Result<TimePoint> ParseCallTime(std::string_view text, const std::string& field);

}  // namespace elink::sim
