// SPDX-License-Identifier: Apache-2.0
#include "sim/calls.hpp"

#include "core/incident_types.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace elink::sim {
namespace {

namespace chr = std::chrono;

// ---------------------------------------------------------------------------------------------
// The SF call type table. Exact where the catalogue has the type; approximate (the nearest
// response the catalogue knows) where it has none. docs/formats/calls-csv.md shows the same table.
constexpr std::array<SfTypeMapping, 33> kSfTypes{{
    {"Medical Incident", "medical.emergency", false},
    {"Structure Fire", "fire.residential", false},
    {"Traffic Collision", "traffic.accident", false},
    {"Vehicle Fire", "fire.vehicle", false},
    {"Gas Leak (Natural and LP Gases)", "utility.gas_leak", false},
    {"Water Rescue", "rescue.water", false},
    {"Watercraft in Distress", "rescue.water", false},
    {"Elevator / Escalator Rescue", "rescue.technical", false},
    {"High Angle Rescue", "rescue.technical", false},
    {"HazMat", "hazmat.leak", false},
    {"Confined Space / Structure Collapse", "building.collapse", false},
    {"Extrication / Entrapped (Machinery, Vehicle)", "traffic.entrapment", false},
    // No alarm type in the catalogue: an automatic or manual fire alarm is answered as a
    // possible building fire until the first unit has looked.
    {"Alarms", "fire.residential", true},
    {"Smoke Investigation (Outside)", "fire.residential", true},
    // Rubbish, grass and brush fires: the catalogue's outdoor fire is the wildland type.
    {"Outside Fire", "fire.wildland", true},
    {"Marine Fire", "fire.vehicle", true},
    {"Train / Rail Fire", "fire.vehicle", true},
    {"Train / Rail Incident", "traffic.accident", true},
    {"Aircraft Emergency", "traffic.accident", true},
    {"Explosion", "fire.industrial", true},
    {"Industrial Accidents", "rescue.technical", true},
    {"Electrical Hazard", "rescue.technical", true},
    {"Fuel Spill", "hazmat.leak", true},
    {"Oil Spill", "hazmat.leak", true},
    {"Odor (Strange / Unknown)", "hazmat.leak", true},
    {"Suspicious Package", "hazmat.leak", true},
    // Service calls: the catalogue has no generic type; kSfFallbackType is the nearest.
    {"Citizen Assist / Service Call", kSfFallbackType, true},
    {"Assist Police", kSfFallbackType, true},
    {"Mutual Aid / Assist Outside Agency", kSfFallbackType, true},
    {"Lightning Strike (Investigation)", kSfFallbackType, true},
    {"Administrative", kSfFallbackType, true},
    {"Transfer", kSfFallbackType, true},
    {"Other", kSfFallbackType, true},
}};

// ---------------------------------------------------------------------------------------------
// Text helpers.

// `s` quoted for a message: at most 40 bytes (cut on a character boundary), control bytes as
// \xNN, so that a reason is always short, printable UTF-8.
std::string Quote(std::string_view s) {
  constexpr std::size_t kMax = 40;
  bool cut = false;
  if (s.size() > kMax) {
    std::size_t n = kMax;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s = s.substr(0, n);
    cut = true;
  }
  std::string out = "'";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  out += cut ? "…'" : "'";
  return out;
}

// A whole unsigned decimal number within [lo, hi].
std::optional<std::int64_t> ParseInt(std::string_view s, std::int64_t lo, std::int64_t hi) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi) return std::nullopt;
  return v;
}

// Exactly `n` decimal digits at `s[pos]`.
std::optional<int> Digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

TimePoint Civil(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  const chr::sys_days date{chr::year{year} / chr::month{month} / chr::day{day}};
  return chr::time_point_cast<Millis>(date) + chr::hours{hour} + chr::minutes{minute} +
         chr::seconds{second};
}

// "" when the date exists, else why not.
std::string CheckDate(int year, int month, int day) {
  if (month < 1 || month > 12) return "month " + std::to_string(month) + " is not 1-12";
  const chr::year_month_day ymd{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                                chr::day{static_cast<unsigned>(day)}};
  if (day < 1 || !ymd.ok()) {
    const auto last = chr::year_month_day_last{
        chr::year{year} / chr::month{static_cast<unsigned>(month)} / chr::last};
    return "day " + std::to_string(day) + " does not exist (" + std::to_string(year) + "-" +
           (month < 10 ? "0" : "") + std::to_string(month) + " has " +
           std::to_string(static_cast<unsigned>(last.day())) + " days)";
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// RFC 4180 reader over text in memory. Records end at LF or CRLF outside quotes; "" inside a
// quoted field is one quote; a quote in the middle of an unquoted field is kept as text. A record
// that cannot be read (quote not closed, text after a closing quote, over kMaxRowBytes, NUL
// bytes, not UTF-8) comes back with an error, and reading resumes at the line after the one it
// started on, so that one stray quote costs one row.
struct CsvRow {
  std::size_t line = 0;
  std::vector<std::string> fields;
  std::string_view error_code;  // empty when the record was read
  std::string error;
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view data) : data_(data) {
    if (data_.starts_with("\xEF\xBB\xBF")) data_.remove_prefix(3);  // UTF-8 byte order mark
  }

  // False at the end of the data. Empty lines are skipped and counted.
  bool Next(CsvRow& row) {
    const std::size_t size = data_.size();
    while (pos_ < size) {
      if (data_[pos_] == '\n') {
        ++pos_;
      } else if (data_[pos_] == '\r' && pos_ + 1 < size && data_[pos_ + 1] == '\n') {
        pos_ += 2;
      } else {
        break;
      }
      ++blank_lines_;
      ++line_;
    }
    if (pos_ >= size) return false;
    row.line = line_;
    row.fields.clear();
    row.error_code = {};
    row.error.clear();
    const std::size_t start = pos_;
    std::size_t i = pos_;
    std::string field;
    bool field_started = false;  // any character or a quote seen in the current field
    const auto fail = [&](std::string_view code, std::string why) {
      row.error_code = code;
      row.error = std::move(why);
      ResumeAfterLine(start, row.line);
      return true;
    };
    while (true) {
      if (i - start > kMaxRowBytes) {
        return fail(kRejectTooLong, "row longer than " + std::to_string(kMaxRowBytes) +
                                        " bytes; skipped to the end of its line");
      }
      if (i >= size) {
        row.fields.push_back(std::move(field));
        pos_ = i;
        break;
      }
      const char c = data_[i];
      if (c == '"' && !field_started) {
        const std::size_t quote_line = line_;
        ++i;
        while (true) {
          if (i >= size) {
            return fail(kRejectUnclosedQuote, "quoted field " +
                                                  std::to_string(row.fields.size() + 1) +
                                                  " opened on line " + std::to_string(quote_line) +
                                                  " is not closed before the end of the file");
          }
          if (i - start > kMaxRowBytes) {
            return fail(kRejectUnclosedQuote,
                        "quoted field " + std::to_string(row.fields.size() + 1) +
                            " is not closed within " + std::to_string(kMaxRowBytes) + " bytes");
          }
          const char q = data_[i];
          if (q == '"') {
            if (i + 1 < size && data_[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (q == '\n') ++line_;
          field += q;
          ++i;
        }
        field_started = true;
        const bool at_end = i >= size || data_[i] == ',' || data_[i] == '\n' ||
                            (data_[i] == '\r' && (i + 1 >= size || data_[i + 1] == '\n'));
        if (!at_end && line_ > quote_line) {
          // Most likely a quote left open: the next line's first quote closed it.
          return fail(kRejectUnclosedQuote,
                      "quoted field " + std::to_string(row.fields.size() + 1) + " opened on line " +
                          std::to_string(quote_line) + " is not closed on its line");
        }
        if (!at_end) {
          return fail(kRejectMalformed, "text after the closing quote of field " +
                                            std::to_string(row.fields.size() + 1));
        }
        continue;
      }
      if (c == ',') {
        row.fields.push_back(std::move(field));
        field.clear();
        field_started = false;
        ++i;
        continue;
      }
      if (c == '\n' || (c == '\r' && i + 1 < size && data_[i + 1] == '\n')) {
        row.fields.push_back(std::move(field));
        i += c == '\n' ? 1 : 2;
        ++line_;
        pos_ = i;
        break;
      }
      field += c;
      field_started = true;
      ++i;
    }
    const std::string_view raw = data_.substr(start, pos_ - start);
    if (const std::size_t nul = raw.find('\0'); nul != std::string_view::npos) {
      row.error_code = kRejectNulByte;
      row.error = "NUL byte at byte " + std::to_string(nul + 1) + " of the row";
    } else if (!IsValidUtf8(raw)) {
      row.error_code = kRejectNotUtf8;
      row.error = "not valid UTF-8";
    }
    return true;
  }

  [[nodiscard]] std::size_t blank_lines() const { return blank_lines_; }

 private:
  void ResumeAfterLine(std::size_t start, std::size_t start_line) {
    const std::size_t nl = data_.find('\n', start);
    pos_ = nl == std::string_view::npos ? data_.size() : nl + 1;
    line_ = start_line + 1;
  }

  std::string_view data_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t blank_lines_ = 0;
};

// A call log, plain or gzip-compressed; at most 4 GiB of text.
Result<std::string> ReadFileText(const std::string& path) {
  return ReadWholeFile(path, std::size_t{4} << 30);
}

// Collects rejections and keeps the counts consistent.
class Rejector {
 public:
  explicit Rejector(ImportReport& report) : report_(report) {}
  void operator()(std::size_t line, std::string_view code, std::string reason) {
    ++report_.rows_rejected;
    ++report_.rejected_by_code[std::string(code)];
    if (report_.rejected.size() < kMaxListedRejections) {
      report_.rejected.push_back({line, std::string(code), std::move(reason)});
    }
  }

 private:
  ImportReport& report_;
};

// The next row that reads and has the header's number of columns; every other row on the way is
// counted and rejected with its reason. False at the end of the text.
bool NextRow(CsvReader& reader, CsvRow& row, std::size_t columns, ImportReport& report,
             Rejector& reject) {
  while (reader.Next(row)) {
    ++report.rows_read;
    if (!row.error_code.empty()) {
      reject(row.line, row.error_code, row.error);
      continue;
    }
    if (row.fields.size() != columns) {
      reject(row.line, kRejectColumnCount,
             std::to_string(row.fields.size()) + " columns, the header has " +
                 std::to_string(columns));
      continue;
    }
    return true;
  }
  return false;
}

// Column positions from the header; every name in `wanted` must be there.
Result<std::vector<std::size_t>> FindColumns(const CsvRow& header,
                                             std::span<const std::string_view> wanted,
                                             const std::string& name) {
  std::vector<std::size_t> at;
  for (const std::string_view w : wanted) {
    std::size_t found = header.fields.size();
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      if (Trim(header.fields[i]) == w) {
        found = i;
        break;
      }
    }
    if (found == header.fields.size()) {
      return Status::InvalidArgument("header", name + ": line " + std::to_string(header.line) +
                                                   ": no column '" + std::string(w) +
                                                   "' (is this the right kind of file?)");
    }
    at.push_back(found);
  }
  return at;
}

Result<CsvRow> ReadHeader(CsvReader& reader, const std::string& name) {
  CsvRow header;
  if (!reader.Next(header)) {
    return Status::InvalidArgument("header", name + ": empty file: line 1 should be the header");
  }
  if (!header.error_code.empty()) {
    return Status::InvalidArgument(
        "header", name + ": line " + std::to_string(header.line) + ": header: " + header.error);
  }
  return header;
}

// Result of reading a position: the location, or a rejection code and reason.
struct PositionRead {
  core::LatLon at;
  std::string_view code;
  std::string reason;
};

PositionRead CheckPosition(double lat, double lon, std::string_view text) {
  PositionRead r;
  r.at = {lat, lon};
  if (!std::isfinite(lat) || !std::isfinite(lon)) {
    r.code = kRejectBadCoordinates;
    r.reason = "coordinates " + Quote(text) + " are not finite numbers";
  } else if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
    r.code = kRejectOutsideWorld;
    r.reason = "coordinates " + Quote(text) + " are outside the world (lat -90..90, lon -180..180)";
  } else if (lat == 90 || lat == -90) {
    r.code = kRejectOutsideWorld;
    r.reason = "coordinates " + Quote(text) + " are at a pole (a geocoding placeholder)";
  } else if (lat == 0 && lon == 0) {
    r.code = kRejectZeroCoordinates;
    r.reason = "coordinates " + Quote(text) + " are 0,0 (no position)";
  }
  return r;
}

std::optional<double> ParseDouble(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// SF Location: "(lat, lon)", or "POINT (lon lat)" as newer DataSF exports write it.
PositionRead ParseSfLocation(std::string_view text) {
  PositionRead r;
  std::string_view s = Trim(text);
  if (s.empty()) {
    r.code = kRejectMissingCoordinates;
    r.reason = "no Location";
    return r;
  }
  bool wkt = false;
  if (s.starts_with("POINT")) {
    wkt = true;
    s = Trim(s.substr(5));
  }
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') {
    r.code = kRejectBadCoordinates;
    r.reason = "Location " + Quote(text) + " is not \"(lat, lon)\"";
    return r;
  }
  s = Trim(s.substr(1, s.size() - 2));
  const std::size_t sep = wkt ? s.find(' ') : s.find(',');
  std::optional<double> a;
  std::optional<double> b;
  if (sep != std::string_view::npos) {
    a = ParseDouble(s.substr(0, sep));
    b = ParseDouble(s.substr(sep + 1));
  }
  if (!a || !b) {
    r.code = kRejectBadCoordinates;
    r.reason = "Location " + Quote(text) + " is not \"(lat, lon)\" with two numbers";
    return r;
  }
  return wkt ? CheckPosition(*b, *a, text) : CheckPosition(*a, *b, text);
}

// SF Priority: 3 emergency, 2 non-emergency, 1 lowest; letters as checked against Final Priority
// in the 2017 week: E (318 rows, all final 3) → 3; A (6) and B (2), all final 2 → 2.
std::optional<int> ParseSfPriority(std::string_view s) {
  s = Trim(s);
  if (s == "3" || s == "E") return 3;
  if (s == "2" || s == "A" || s == "B") return 2;
  if (s == "1") return 1;
  return std::nullopt;
}

void SortCalls(std::vector<Call>& calls) {
  std::stable_sort(calls.begin(), calls.end(),
                   [](const Call& a, const Call& b) { return a.received < b.received; });
}

}  // namespace

std::span<const SfTypeMapping> SfCallTypeMappings() { return kSfTypes; }

const SfTypeMapping* FindSfCallType(std::string_view sf_type) {
  for (const SfTypeMapping& m : kSfTypes) {
    if (m.sf_type == sf_type) return &m;
  }
  return nullptr;
}

LocalTimeResult LosAngelesToUtc(int year, unsigned month, unsigned day, int hour, int minute,
                                int second) {
  using chr::Sunday;
  const chr::year y{year};
  chr::sys_days start;
  chr::sys_days end;
  if (year >= 2007) {
    start = chr::sys_days{y / chr::March / Sunday[2]};
    end = chr::sys_days{y / chr::November / Sunday[1]};
  } else {
    start = chr::sys_days{y / chr::April / Sunday[1]};
    end = chr::sys_days{y / chr::October / Sunday[chr::last]};
  }
  // Wall times compared as if they were UTC.
  const TimePoint wall = Civil(year, month, day, hour, minute, second);
  const TimePoint spring = chr::time_point_cast<Millis>(start) + chr::hours{2};  // 02:00 → 03:00
  const TimePoint fall = chr::time_point_cast<Millis>(end) + chr::hours{2};      // 02:00 → 01:00
  LocalTimeResult r;
  bool daylight = false;
  if (wall >= spring && wall < spring + chr::hours{1}) {
    r.nonexistent = true;  // read as standard time: as if the clock had not been put forward
  } else if (wall >= spring + chr::hours{1} && wall < fall - chr::hours{1}) {
    daylight = true;
  } else if (wall >= fall - chr::hours{1} && wall < fall) {
    r.ambiguous = true;  // the first of the two, still daylight time
    daylight = true;
  }
  r.utc = wall + (daylight ? chr::hours{7} : chr::hours{8});
  return r;
}

Result<LocalTimeResult> ParseSfTime(std::string_view text, const std::string& field) {
  const std::string_view s = Trim(text);
  const auto bad = [&](const std::string& why) {
    return Status::InvalidArgument(field, Quote(text) + ": " + why);
  };
  // MM/DD/YYYY hh:mm:ss AM, month, day and hour with one or two digits.
  std::size_t pos = 0;
  const auto number = [&](std::size_t min_digits, std::size_t max_digits) -> std::optional<int> {
    std::size_t n = 0;
    while (pos + n < s.size() && n < max_digits + 1 && s[pos + n] >= '0' && s[pos + n] <= '9') ++n;
    if (n < min_digits || n > max_digits) return std::nullopt;
    const std::optional<int> v = Digits(s, pos, n);
    pos += n;
    return v;
  };
  const auto expect = [&](char c) {
    if (pos < s.size() && s[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  };
  const std::optional<int> month = number(1, 2);
  if (!month || !expect('/')) return bad("expected MM/DD/YYYY hh:mm:ss AM/PM");
  const std::optional<int> day = number(1, 2);
  if (!day || !expect('/')) return bad("expected MM/DD/YYYY hh:mm:ss AM/PM");
  const std::optional<int> year = number(4, 4);
  if (!year || !expect(' ')) return bad("expected MM/DD/YYYY hh:mm:ss AM/PM");
  const std::optional<int> hour = number(1, 2);
  if (!hour || !expect(':')) return bad("expected MM/DD/YYYY hh:mm:ss AM/PM");
  const std::optional<int> minute = number(2, 2);
  if (!minute || !expect(':')) return bad("expected MM/DD/YYYY hh:mm:ss AM/PM");
  const std::optional<int> second = number(2, 2);
  if (!second) return bad("expected MM/DD/YYYY hh:mm:ss AM/PM");
  if (!expect(' ')) return bad("expected AM or PM at the end");
  const std::string_view ampm = s.substr(pos);
  if (ampm != "AM" && ampm != "PM") return bad("expected AM or PM at the end");
  if (const std::string why = CheckDate(*year, *month, *day); !why.empty()) return bad(why);
  if (*year < 1987) return bad("years before 1987 are not supported (US daylight saving rules)");
  if (*hour < 1 || *hour > 12) return bad("hour " + std::to_string(*hour) + " is not 1-12");
  if (*minute > 59 || *second > 59) return bad("minutes and seconds must be 00-59");
  const int h24 = (*hour % 12) + (ampm == "PM" ? 12 : 0);
  return LosAngelesToUtc(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day), h24,
                         *minute, *second);
}

Result<TimePoint> ParseCallTime(std::string_view text, const std::string& field) {
  const std::string_view s = Trim(text);
  const auto bad = [&](const std::string& why) {
    return Status::InvalidArgument(field, Quote(text) + ": " + why);
  };
  if (s.empty()) return bad("no time");
  if (s.find_first_not_of("0123456789") == std::string_view::npos) {
    // Unix seconds up to the end of year 9999.
    const std::optional<std::int64_t> v = ParseInt(s, 0, 253'402'300'799);
    if (!v) return bad("Unix seconds out of range (0 .. 253402300799)");
    return TimePoint(chr::duration_cast<Millis>(chr::seconds{*v}));
  }
  // YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM)
  const std::optional<int> year = Digits(s, 0, 4);
  const std::optional<int> month = Digits(s, 5, 2);
  const std::optional<int> day = Digits(s, 8, 2);
  const std::optional<int> hour = Digits(s, 11, 2);
  const std::optional<int> minute = Digits(s, 14, 2);
  const std::optional<int> second = Digits(s, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || s[4] != '-' || s[7] != '-' ||
      s[10] != 'T' || s[13] != ':' || s[16] != ':') {
    return bad("expected ISO 8601 like 2026-01-01T08:00:00Z, or Unix seconds");
  }
  if (const std::string why = CheckDate(*year, *month, *day); !why.empty()) return bad(why);
  if (*hour > 23 || *minute > 59 || *second > 59) return bad("time of day out of range");
  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t n = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (n < 3) millis = millis * 10 + (s[pos] - '0');
      ++n;
      ++pos;
    }
    if (n == 0 || n > 9) return bad("fraction of a second needs 1 to 9 digits");
    for (std::size_t k = n; k < 3; ++k) millis *= 10;
  }
  int offset_minutes = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    const std::optional<int> oh = Digits(s, pos + 1, 2);
    const std::optional<int> om = Digits(s, pos + 4, 2);
    if (!oh || !om || s[pos + 3] != ':' || *oh > 23 || *om > 59) {
      return bad("offset must be Z or ±HH:MM");
    }
    offset_minutes = sign * (*oh * 60 + *om);
    pos += 6;
  } else {
    return bad("needs a time zone: Z (UTC) or ±HH:MM");
  }
  if (pos != s.size()) return bad("unexpected text after the time");
  return Civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day), *hour, *minute,
               *second) +
         Millis{millis} - chr::minutes{offset_minutes};
}

// ---------------------------------------------------------------------------------------------
// SF Fire Department Calls for Service.

Result<CallLog> ParseSfFireCalls(std::string_view text, const std::string& name) {
  CsvReader reader(text);
  ELINK_ASSIGN_OR_RETURN(const CsvRow header, ReadHeader(reader, name));
  enum Col : std::uint8_t {
    kCallNumber,
    kUnitId,
    kCallType,
    kReceived,
    kDispatch,
    kResponse,
    kOnScene,
    kAvailable,
    kStationArea,
    kPriority,
    kUnitType,
    kSequence,
    kLocation,
    kColCount
  };
  static constexpr std::array<std::string_view, kColCount> kNames = {
      "Call Number",   "Unit ID",       "Call Type",     "Received DtTm",
      "Dispatch DtTm", "Response DtTm", "On Scene DtTm", "Available DtTm",
      "Station Area",  "Priority",      "Unit Type",     "Unit sequence in call dispatch",
      "Location"};
  ELINK_ASSIGN_OR_RETURN(const std::vector<std::size_t> col, FindColumns(header, kNames, name));
  // Optional: older exports and hand-made excerpts may lack it.
  std::optional<std::size_t> als_col;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    if (Trim(header.fields[i]) == "ALS Unit") als_col = i;
  }

  CallLog log;
  ImportReport& report = log.report;
  report.source = name;
  Rejector reject(report);
  std::unordered_map<std::string, std::size_t> call_of;                 // Call Number → index
  std::map<std::pair<std::string, std::string>, std::size_t> unit_row;  // (call, unit) → line
  CsvRow row;
  while (NextRow(reader, row, header.fields.size(), report, reject)) {
    const auto f = [&](Col c) { return Trim(row.fields[col[c]]); };
    const std::string_view call_number = f(kCallNumber);
    const std::string_view unit_id = f(kUnitId);
    if (call_number.empty()) {
      reject(row.line, kRejectMissingField, "no Call Number");
      continue;
    }
    if (unit_id.empty()) {
      reject(row.line, kRejectMissingField, "no Unit ID");
      continue;
    }
    if (f(kCallType).empty()) {
      reject(row.line, kRejectMissingField, "no Call Type");
      continue;
    }
    if (f(kReceived).empty()) {
      reject(row.line, kRejectBadDate, "no Received DtTm");
      continue;
    }
    Result<LocalTimeResult> received = ParseSfTime(f(kReceived), "Received DtTm");
    if (!received.ok()) {
      reject(row.line, kRejectBadDate, received.status().ToString());
      continue;
    }
    const PositionRead where = ParseSfLocation(f(kLocation));
    if (!where.code.empty()) {
      reject(row.line, where.code, where.reason);
      continue;
    }
    const std::optional<int> priority = ParseSfPriority(f(kPriority));
    if (!priority) {
      reject(row.line, kRejectBadPriority,
             "unknown Priority " + Quote(f(kPriority)) + " (expected 1, 2, 3, E, A or B)");
      continue;
    }
    const std::optional<std::int64_t> sequence = ParseInt(f(kSequence), 1, 999);
    if (!sequence) {
      reject(row.line, kRejectBadNumber,
             "Unit sequence in call dispatch " + Quote(f(kSequence)) + " is not a number 1-999");
      continue;
    }
    UnitResponse unit;
    unit.unit_id = std::string(unit_id);
    unit.unit_type = std::string(f(kUnitType));
    unit.sequence = static_cast<int>(*sequence);
    unit.station_area = std::string(f(kStationArea));
    unit.line = row.line;
    if (als_col) {
      const std::string_view als = Trim(row.fields[*als_col]);
      if (als == "true" || als == "TRUE" || als == "True") {
        unit.als = true;
      } else if (als == "false" || als == "FALSE" || als == "False" || als.empty()) {
        unit.als = false;
      } else {
        reject(row.line, kRejectBadNumber, "ALS Unit " + Quote(als) + " is not true or false");
        continue;
      }
    }
    std::size_t ambiguous = received->ambiguous ? 1U : 0U;
    std::size_t nonexistent = received->nonexistent ? 1U : 0U;
    std::string bad_time;
    const std::array<std::pair<Col, std::optional<TimePoint>*>, 4> unit_times = {{
        {kDispatch, &unit.dispatched},
        {kResponse, &unit.en_route},
        {kOnScene, &unit.on_scene},
        {kAvailable, &unit.available},
    }};
    for (const auto& [c, out] : unit_times) {
      if (f(c).empty()) continue;
      Result<LocalTimeResult> t = ParseSfTime(f(c), std::string(kNames[c]));
      if (!t.ok()) {
        bad_time = t.status().ToString();
        break;
      }
      *out = t->utc;
      if (t->ambiguous) ++ambiguous;
      if (t->nonexistent) ++nonexistent;
    }
    if (!bad_time.empty()) {
      reject(row.line, kRejectBadDate, bad_time);
      continue;
    }
    const auto key = std::make_pair(std::string(call_number), unit.unit_id);
    if (const auto it = unit_row.find(key); it != unit_row.end()) {
      reject(row.line, kRejectDuplicate,
             "unit " + Quote(unit_id) + " of call " + Quote(call_number) + " already on line " +
                 std::to_string(it->second));
      continue;
    }
    const std::string_view sf_type = f(kCallType);
    const auto found = call_of.find(key.first);
    if (found != call_of.end()) {
      Call& call = log.calls[found->second];
      std::string differs;
      if (call.received != received->utc) differs = "Received DtTm";
      if (call.location != where.at) differs = "Location";
      if (call.source_type != sf_type) differs = "Call Type";
      if (call.priority != *priority) differs = "Priority";
      if (!differs.empty()) {
        reject(row.line, kRejectInconsistent,
               differs + " differs from line " + std::to_string(call.line) + " of the same call");
        continue;
      }
      call.units.push_back(std::move(unit));
    } else {
      Call call;
      call.received = received->utc;
      call.location = where.at;
      call.priority = *priority;
      call.source_id = key.first;
      call.source_type = std::string(sf_type);
      call.line = row.line;
      const SfTypeMapping* mapping = FindSfCallType(sf_type);
      if (mapping == nullptr) {
        call.type = std::string(kSfFallbackType);
        ++report.unmapped_types[call.source_type];
      } else {
        call.type = std::string(mapping->code);
        if (mapping->approximate) ++report.approximate_types[call.source_type];
      }
      call.units.push_back(std::move(unit));
      call_of.emplace(key.first, log.calls.size());
      log.calls.push_back(std::move(call));
    }
    unit_row.emplace(key, row.line);
    report.ambiguous_times += ambiguous;
    report.nonexistent_times += nonexistent;
    ++report.rows_used;
  }
  report.blank_lines = reader.blank_lines();
  for (Call& call : log.calls) {
    std::stable_sort(
        call.units.begin(), call.units.end(),
        [](const UnitResponse& a, const UnitResponse& b) { return a.sequence < b.sequence; });
  }
  SortCalls(log.calls);
  report.calls_built = log.calls.size();
  return log;
}

Result<CallLog> LoadSfFireCalls(const std::string& path) {
  ELINK_ASSIGN_OR_RETURN(const std::string text, ReadFileText(path));
  return ParseSfFireCalls(text, std::filesystem::path(path).filename().string());
}

// ---------------------------------------------------------------------------------------------
// The simple format.

Result<CallLog> ParseSimpleCalls(std::string_view text, const std::string& name) {
  CsvReader reader(text);
  ELINK_ASSIGN_OR_RETURN(const CsvRow header, ReadHeader(reader, name));
  static constexpr std::array<std::string_view, 6> kKnown = {"time", "lon",      "lat",
                                                             "type", "priority", "id"};
  std::array<std::size_t, 6> col;
  col.fill(header.fields.size());
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string_view h = Trim(header.fields[i]);
    const auto it = std::find(kKnown.begin(), kKnown.end(), h);
    if (it == kKnown.end()) {
      return Status::InvalidArgument(
          "header", name + ": line " + std::to_string(header.line) + ": unknown column " +
                        Quote(h) + " (expected time, lon, lat, type, priority and optionally id)");
    }
    const auto k = static_cast<std::size_t>(it - kKnown.begin());
    if (col[k] != header.fields.size()) {
      return Status::InvalidArgument("header", name + ": line " + std::to_string(header.line) +
                                                   ": column " + Quote(h) + " appears twice");
    }
    col[k] = i;
  }
  for (std::size_t k = 0; k < 5; ++k) {
    if (col[k] == header.fields.size()) {
      return Status::InvalidArgument(
          "header", name + ": line " + std::to_string(header.line) + ": no column '" +
                        std::string(kKnown[k]) +
                        "' (the header must name time, lon, lat, type and priority)");
    }
  }
  const bool has_id = col[5] != header.fields.size();

  CallLog log;
  ImportReport& report = log.report;
  report.source = name;
  Rejector reject(report);
  std::unordered_map<std::string, std::size_t> id_line;
  CsvRow row;
  while (NextRow(reader, row, header.fields.size(), report, reject)) {
    const auto f = [&](std::size_t k) { return Trim(row.fields[col[k]]); };
    Result<TimePoint> when = ParseCallTime(f(0), "time");
    if (!when.ok()) {
      reject(row.line, kRejectBadDate, when.status().ToString());
      continue;
    }
    if (f(1).empty() || f(2).empty()) {
      reject(row.line, kRejectMissingCoordinates, "no lon or no lat");
      continue;
    }
    const std::optional<double> lon = ParseDouble(f(1));
    const std::optional<double> lat = ParseDouble(f(2));
    if (!lon || !lat) {
      reject(row.line, kRejectBadCoordinates,
             "lon " + Quote(f(1)) + ", lat " + Quote(f(2)) + ": not decimal degrees");
      continue;
    }
    const std::string shown = std::string(f(1)) + "," + std::string(f(2));
    const PositionRead where = CheckPosition(*lat, *lon, shown);
    if (!where.code.empty()) {
      reject(row.line, where.code, where.reason);
      continue;
    }
    if (core::FindIncidentType(f(3)) == nullptr) {
      reject(row.line, kRejectBadType,
             "type " + Quote(f(3)) + " is not in the incident type catalogue");
      continue;
    }
    const std::optional<std::int64_t> priority = ParseInt(f(4), kPriorityMin, kPriorityMax);
    if (!priority) {
      reject(row.line, kRejectBadPriority, "priority " + Quote(f(4)) + " is not 1, 2 or 3");
      continue;
    }
    Call call;
    call.received = *when;
    call.location = where.at;
    call.type = std::string(f(3));
    call.priority = static_cast<int>(*priority);
    call.source_type = call.type;
    call.line = row.line;
    if (has_id && !f(5).empty()) {
      call.source_id = std::string(f(5));
      const auto [it, fresh] = id_line.emplace(call.source_id, row.line);
      if (!fresh) {
        reject(row.line, kRejectDuplicate,
               "id " + Quote(call.source_id) + " already on line " + std::to_string(it->second));
        continue;
      }
    } else {
      call.source_id = "line " + std::to_string(row.line);
    }
    log.calls.push_back(std::move(call));
    ++report.rows_used;
  }
  report.blank_lines = reader.blank_lines();
  SortCalls(log.calls);
  report.calls_built = log.calls.size();
  return log;
}

Result<CallLog> LoadSimpleCalls(const std::string& path) {
  ELINK_ASSIGN_OR_RETURN(const std::string text, ReadFileText(path));
  return ParseSimpleCalls(text, std::filesystem::path(path).filename().string());
}

}  // namespace elink::sim
