// SPDX-License-Identifier: Apache-2.0
// Call logs: the SF Fire Department CSV (the real week of data/calls, and
// hostile files), the simple CSV, SF local time to UTC across daylight saving, the type table.
#include "sim/calls.hpp"

#include "core/incident_types.hpp"
#include "support/data_files.hpp"
#include "support/temp_dir.hpp"
#include "util/file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

namespace elink::sim {
namespace {

const std::string kSfCalls =
    elink::testing::DataPath("calls/sf-fire-calls-2016-12-31_to_2017-01-07.csv.gz");

const std::string kSfHeader =
    "Call Number,Unit ID,Incident Number,Call Type,Call Date,Watch Date,Received DtTm,Entry DtTm,"
    "Dispatch DtTm,Response DtTm,On Scene DtTm,Transport DtTm,Hospital DtTm,Call Final "
    "Disposition,Available DtTm,Address,City,Zipcode of Incident,Battalion,Station Area,Box,"
    "Original Priority,Priority,Final Priority,ALS Unit,Call Type Group,Number of Alarms,Unit "
    "Type,Unit sequence in call dispatch,Fire Prevention District,Supervisor District,"
    "Neighborhood  District,Location,RowID";

// One SF row (the real row of E38 on call 163664036) with some columns replaced; `location` is
// written as is (give the quotes).
struct SfRow {
  std::string call = "163664036";
  std::string unit = "E38";
  std::string type = "Medical Incident";
  std::string received = "12/31/2016 11:52:01 PM";
  std::string dispatch = "12/31/2016 11:55:20 PM";
  std::string response = "12/31/2016 11:55:34 PM";
  std::string on_scene = "01/01/2017 12:00:32 AM";
  std::string available = "01/01/2017 12:06:02 AM";
  std::string priority = "3";
  std::string unit_type = "ENGINE";
  std::string sequence = "1";
  std::string location = "\"(37.8051625655624, -122.432957440518)\"";

  [[nodiscard]] std::string Text() const {
    return call + "," + unit + ",16146989," + type + ",12/31/2016,12/31/2016," + received +
           ",12/31/2016 11:55:04 PM," + dispatch + "," + response + "," + on_scene +
           ",,,Code 2 Transport," + available +
           ",0 Block of MARINA BLVD,San Francisco,94123,B04,16,3452,3," + priority +
           ",3,true,Potentially Life-Threatening,1," + unit_type + "," + sequence + ",4,2,Marina," +
           location + "," + call + "-" + unit;
  }
};

std::string Lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

CallLog ParseSf(const std::string& text) {
  Result<CallLog> r = ParseSfFireCalls(text, "test.csv");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return {};
  EXPECT_EQ(r->report.rows_read, r->report.rows_used + r->report.rows_rejected);
  return *std::move(r);
}

// The single rejection of a log of one bad row.
RejectedRow OnlyRejection(const CallLog& log) {
  EXPECT_EQ(log.report.rows_rejected, 1U);
  EXPECT_EQ(log.report.rejected.size(), 1U);
  return log.report.rejected.empty() ? RejectedRow{} : log.report.rejected.front();
}

TimePoint Utc(const std::string& iso) { return ParseCallTime(iso, "t").value(); }

// --- time ------------------------------------------------------------------------------------

TEST(SfTimeTest, PacificStandardAndDaylightTime) {
  const auto t = [](const std::string& s) { return FormatTime(ParseSfTime(s, "t").value().utc); };
  EXPECT_EQ(t("12/31/2016 12:01:04 AM"), "2016-12-31T08:01:04.000Z");
  EXPECT_EQ(t("12/31/2016 11:57:56 PM"), "2017-01-01T07:57:56.000Z");
  EXPECT_EQ(t("01/01/2017 12:00:00 PM"), "2017-01-01T20:00:00.000Z");
  EXPECT_EQ(t("07/04/2017 12:00:00 PM"), "2017-07-04T19:00:00.000Z");  // PDT, UTC−7
  EXPECT_EQ(t("2/3/2017 9:05:00 AM"), "2017-02-03T17:05:00.000Z");     // one-digit fields
  // 2017: daylight time from Sunday 12 March 02:00 to Sunday 5 November 02:00.
  EXPECT_EQ(t("03/12/2017 01:59:59 AM"), "2017-03-12T09:59:59.000Z");
  EXPECT_EQ(t("03/12/2017 03:00:00 AM"), "2017-03-12T10:00:00.000Z");
  EXPECT_EQ(t("11/05/2017 12:59:59 AM"), "2017-11-05T07:59:59.000Z");
  EXPECT_EQ(t("11/05/2017 02:00:00 AM"), "2017-11-05T10:00:00.000Z");
  // 2006 and before: first Sunday in April to last Sunday in October.
  EXPECT_EQ(t("03/12/2006 12:00:00 PM"), "2006-03-12T20:00:00.000Z");
  EXPECT_EQ(t("04/02/2006 03:00:00 AM"), "2006-04-02T10:00:00.000Z");
  EXPECT_EQ(t("10/28/2006 12:00:00 PM"), "2006-10-28T19:00:00.000Z");
  EXPECT_EQ(t("10/29/2006 12:00:00 PM"), "2006-10-29T20:00:00.000Z");
}

TEST(SfTimeTest, SkippedAndRepeatedHours) {
  const LocalTimeResult skipped = ParseSfTime("03/12/2017 02:30:00 AM", "t").value();
  EXPECT_TRUE(skipped.nonexistent);
  EXPECT_EQ(FormatTime(skipped.utc), "2017-03-12T10:30:00.000Z");  // read as PST
  const LocalTimeResult repeated = ParseSfTime("11/05/2017 01:30:00 AM", "t").value();
  EXPECT_TRUE(repeated.ambiguous);
  EXPECT_EQ(FormatTime(repeated.utc), "2017-11-05T08:30:00.000Z");  // the first: PDT
  EXPECT_FALSE(ParseSfTime("11/05/2017 02:30:00 AM", "t")->ambiguous);
}

TEST(SfTimeTest, ImpossibleDatesAreRefusedWithTheReason) {
  const auto why = [](const std::string& s) {
    Result<LocalTimeResult> r = ParseSfTime(s, "Received DtTm");
    EXPECT_FALSE(r.ok()) << s;
    return r.ok() ? std::string() : r.status().ToString();
  };
  EXPECT_NE(why("02/30/2017 01:00:00 AM").find("2017-02 has 28 days"), std::string::npos);
  EXPECT_NE(why("02/29/2017 01:00:00 AM").find("28 days"), std::string::npos);
  EXPECT_TRUE(ParseSfTime("02/29/2016 01:00:00 AM", "t").ok());
  EXPECT_NE(why("13/01/2017 01:00:00 AM").find("month 13"), std::string::npos);
  EXPECT_NE(why("00/01/2017 01:00:00 AM").find("month 0"), std::string::npos);
  EXPECT_NE(why("01/00/2017 01:00:00 AM").find("day 0"), std::string::npos);
  EXPECT_NE(why("01/01/2017 13:00:00 PM").find("hour 13"), std::string::npos);
  EXPECT_NE(why("01/01/2017 00:00:00 AM").find("hour 0"), std::string::npos);
  EXPECT_NE(why("01/01/2017 01:60:00 AM").find("00-59"), std::string::npos);
  EXPECT_NE(why("01/01/2017 01:00:00").find("AM or PM"), std::string::npos);
  EXPECT_NE(why("01/01/1980 01:00:00 AM").find("1987"), std::string::npos);
  EXPECT_NE(why("2017-01-01T00:00:00Z").find("MM/DD/YYYY"), std::string::npos);
  EXPECT_NE(why("99999999999/01/2017 01:00:00 AM").find("MM/DD/YYYY"), std::string::npos);
  EXPECT_NE(why("").find("MM/DD/YYYY"), std::string::npos);
  EXPECT_NE(why("02/30/2017 01:00:00 AM").find("Received DtTm"), std::string::npos)
      << "the field is named";
}

TEST(CallTimeTest, IsoAndUnixSeconds) {
  EXPECT_EQ(FormatTime(Utc("2026-01-01T08:00:00Z")), "2026-01-01T08:00:00.000Z");
  EXPECT_EQ(FormatTime(Utc("2026-01-01T08:00:00.25Z")), "2026-01-01T08:00:00.250Z");
  EXPECT_EQ(FormatTime(Utc("2026-01-01T16:00:00+08:00")), "2026-01-01T08:00:00.000Z");
  EXPECT_EQ(FormatTime(Utc("2025-12-31T23:00:00-09:00")), "2026-01-01T08:00:00.000Z");
  EXPECT_EQ(FormatTime(Utc("1767254400")), "2026-01-01T08:00:00.000Z");
  for (const char* bad :
       {"", "2026-01-01", "2026-01-01T08:00:00", "2026-02-30T08:00:00Z", "2026-13-01T08:00:00Z",
        "2026-01-01T24:00:00Z", "2026-01-01T08:00:00Zjunk", "2026-01-01T08:00:00.Z",
        "2026-01-01T08:00:00+8", "-5", "1e9", "99999999999999999999999", "253402300800", "nan"}) {
    EXPECT_FALSE(ParseCallTime(bad, "time").ok()) << bad;
  }
  EXPECT_TRUE(ParseCallTime("253402300799", "time").ok());
}

// --- SF: the real file -----------------------------------------------------------------------

TEST(SfFireCallsTest, RealWeekEveryRowCounted) {
  ELINK_REQUIRE_DATA(kSfCalls);
  Result<CallLog> r = LoadSfFireCalls(kSfCalls);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const ImportReport& rep = r->report;
  // PROVENANCE.md: 7,704 data rows, 3,560 distinct calls. The file is clean: nothing rejected.
  EXPECT_EQ(rep.rows_read, 7704U);
  EXPECT_EQ(rep.rows_used, 7704U);
  EXPECT_EQ(rep.rows_rejected, 0U);
  EXPECT_EQ(rep.rows_read, rep.rows_used + rep.rows_rejected);
  EXPECT_TRUE(rep.rejected.empty());
  EXPECT_EQ(rep.calls_built, 3560U);
  EXPECT_EQ(r->calls.size(), 3560U);
  EXPECT_EQ(rep.blank_lines, 0U);
  EXPECT_EQ(rep.ambiguous_times, 0U);
  EXPECT_EQ(rep.nonexistent_times, 0U);
  std::size_t units = 0;
  for (const Call& c : r->calls) units += c.units.size();
  EXPECT_EQ(units, 7704U) << "every used row is a unit response of its call";

  // Call types: 261 alarm calls and 9 other SF types have no exact catalogue type.
  const std::map<std::string, std::size_t> approximate = {{"Alarms", 261},
                                                          {"Citizen Assist / Service Call", 76},
                                                          {"Electrical Hazard", 40},
                                                          {"Fuel Spill", 2},
                                                          {"Industrial Accidents", 1},
                                                          {"Odor (Strange / Unknown)", 4},
                                                          {"Other", 102},
                                                          {"Outside Fire", 82},
                                                          {"Smoke Investigation (Outside)", 1}};
  EXPECT_EQ(rep.approximate_types, approximate);
  EXPECT_TRUE(rep.unmapped_types.empty());
  std::map<std::string, std::size_t> types;
  for (const Call& c : r->calls) {
    ++types[c.type];
    EXPECT_NE(core::FindIncidentType(c.type), nullptr) << c.type;
    EXPECT_GE(c.priority, 2);
    EXPECT_LE(c.priority, 3);
  }
  EXPECT_EQ(types["medical.emergency"], 2688U);
  EXPECT_EQ(types["fire.residential"], 149U + 261U + 1U);  // structure fires, alarms, smoke

  // In time order; the first and the last of the week, in UTC (PST is UTC−8).
  for (std::size_t i = 1; i < r->calls.size(); ++i) {
    ASSERT_LE(r->calls[i - 1].received, r->calls[i].received) << i;
  }
  const Call& first = r->calls.front();
  EXPECT_EQ(first.source_id, "163660008");
  EXPECT_EQ(FormatTime(first.received), "2016-12-31T08:01:04.000Z");
  EXPECT_EQ(first.type, "utility.gas_leak");
  EXPECT_EQ(first.source_type, "Gas Leak (Natural and LP Gases)");
  ASSERT_EQ(first.units.size(), 3U);
  EXPECT_EQ(first.units[0].unit_id, "E41");  // by sequence
  EXPECT_EQ(first.units[0].sequence, 1);
  EXPECT_EQ(first.units[0].unit_type, "ENGINE");
  EXPECT_EQ(first.units[0].station_area, "41");
  EXPECT_EQ(first.units[0].line, 852U);
  EXPECT_EQ(FormatTime(*first.units[0].en_route), "2016-12-31T08:05:53.000Z");
  EXPECT_EQ(FormatTime(*first.units[0].on_scene), "2016-12-31T08:06:36.000Z");
  EXPECT_EQ(first.units[1].unit_id, "B04");
  EXPECT_EQ(first.units[2].unit_id, "T03");
  EXPECT_NEAR(first.location.lat, 37.7925424050227, 1e-12);
  EXPECT_NEAR(first.location.lon, -122.420238276265, 1e-12);
  const Call& last = r->calls.back();
  EXPECT_EQ(last.source_id, "170073572");
  EXPECT_EQ(FormatTime(last.received), "2017-01-08T07:58:32.000Z");
  EXPECT_EQ(last.units[0].unit_id, "79");
  EXPECT_FALSE(last.units[0].on_scene.has_value()) << "empty On Scene: cancelled on the way";
  EXPECT_EQ(last.priority, 2);
}

TEST(SfFireCallsTest, RealWeekWithTwoDamagedRows) {
  ELINK_REQUIRE_DATA(kSfCalls);
  std::string text = ReadWholeFile(kSfCalls, std::size_t{64} << 20).value();
  // Line 3 (E38 of call 163664036) loses its Location; line 851 (T03 of call 163660008) gets
  // 30 February for its Received time.
  const std::string location = "\"(37.8051625655624, -122.432957440518)\",163664036-E38";
  const std::size_t at = text.find(location);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, location.size(), ",163664036-E38");
  const std::string received =
      "163660008,T03,16146559,Gas Leak (Natural and LP Gases),12/31/2016,"
      "12/30/2016,12/31/2016 12:01:04 AM";
  const std::size_t when = text.find(received);
  ASSERT_NE(when, std::string::npos);
  text.replace(when + received.size() - 22, 10, "02/30/2017");
  const CallLog log = ParseSf(text);
  EXPECT_EQ(log.report.rows_read, 7704U);
  EXPECT_EQ(log.report.rows_used, 7702U);
  ASSERT_EQ(log.report.rejected.size(), 2U);
  EXPECT_EQ(log.report.rejected[0].line, 3U);
  EXPECT_EQ(log.report.rejected[0].code, kRejectMissingCoordinates);
  EXPECT_EQ(log.report.rejected[1].line, 851U);
  EXPECT_EQ(log.report.rejected[1].code, kRejectBadDate);
  EXPECT_NE(log.report.rejected[1].reason.find("2017-02 has 28 days"), std::string::npos);
  EXPECT_EQ(log.report.calls_built, 3560U) << "both calls keep their other units";
}

// --- SF: hostile input -----------------------------------------------------------------------

TEST(SfFireCallsTest, EmptyFileAndMissingColumnsAreErrors) {
  for (const char* text : {"", "\n\n", "\xEF\xBB\xBF"}) {
    Result<CallLog> r = ParseSfFireCalls(text, "empty.csv");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().field(), "header");
    EXPECT_NE(r.status().message().find("empty file"), std::string::npos) << r.status().ToString();
  }
  Result<CallLog> r = ParseSfFireCalls("Call Number,Unit ID\n1,E1\n", "two.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 1: no column 'Call Type'"), std::string::npos)
      << r.status().ToString();
  r = ParseSfFireCalls("\"Call Number,Unit ID\n", "quote.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not closed"), std::string::npos) << r.status().ToString();
  Result<CallLog> missing = LoadSfFireCalls("/nonexistent/calls.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kIOError);
  EXPECT_NE(missing.status().message().find("/nonexistent/calls.csv"), std::string::npos);
  testing::TempDir dir;
  Result<CallLog> directory = LoadSfFireCalls(dir.path().string());
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.status().code(), StatusCode::kIOError);
}

TEST(SfFireCallsTest, HeaderOnlyIsAnEmptyLog) {
  const CallLog log = ParseSf(kSfHeader + "\n");
  EXPECT_EQ(log.report.rows_read, 0U);
  EXPECT_EQ(log.report.calls_built, 0U);
  const CallLog crlf = ParseSf(kSfHeader + "\r\n" + SfRow{}.Text() + "\r\n");
  EXPECT_EQ(crlf.report.rows_used, 1U);
  EXPECT_EQ(crlf.calls.at(0).units.at(0).unit_id, "E38");
}

TEST(SfFireCallsTest, GoodRowsGroupIntoCalls) {
  SfRow medic;
  medic.unit = "AM30";
  medic.unit_type = "PRIVATE";
  medic.sequence = "2";
  SfRow other;
  other.call = "163664050";
  other.type = "Citizen Assist / Service Call";
  other.received = "12/31/2016 11:57:56 PM";
  const CallLog log = ParseSf(Lines({kSfHeader, medic.Text(), SfRow{}.Text(), other.Text()}));
  EXPECT_EQ(log.report.rows_read, 3U);
  EXPECT_EQ(log.report.rows_used, 3U);
  ASSERT_EQ(log.calls.size(), 2U);
  const Call& c = log.calls[0];
  EXPECT_EQ(c.source_id, "163664036");
  EXPECT_EQ(c.line, 2U);
  EXPECT_EQ(c.type, "medical.emergency");
  ASSERT_EQ(c.units.size(), 2U);
  EXPECT_EQ(c.units[0].unit_id, "E38");
  EXPECT_EQ(c.units[0].line, 3U);
  EXPECT_EQ(c.units[1].unit_id, "AM30");
  EXPECT_EQ(log.calls[1].type, kSfFallbackType);
  EXPECT_EQ(log.report.approximate_types.at("Citizen Assist / Service Call"), 1U);
}

TEST(SfFireCallsTest, EveryBadRowIsRejectedWithItsLineAndReason) {
  struct Case {
    std::string name;
    SfRow row;
    std::string_view code;
    std::string reason;  // part of the reason
  };
  std::vector<Case> cases;
  const auto add = [&](std::string name, auto change, std::string_view code, std::string reason) {
    SfRow r;
    change(r);
    cases.push_back({std::move(name), r, code, std::move(reason)});
  };
  add(
      "feb 30", [](SfRow& r) { r.received = "02/30/2017 01:00:00 AM"; }, kRejectBadDate,
      "2017-02 has 28 days");
  add(
      "month 13", [](SfRow& r) { r.received = "13/01/2017 01:00:00 AM"; }, kRejectBadDate,
      "month 13");
  add(
      "bad unit time", [](SfRow& r) { r.on_scene = "yesterday"; }, kRejectBadDate, "On Scene DtTm");
  add(
      "no received", [](SfRow& r) { r.received = ""; }, kRejectBadDate, "no Received DtTm");
  add(
      "no location", [](SfRow& r) { r.location = ""; }, kRejectMissingCoordinates, "no Location");
  add(
      "nan", [](SfRow& r) { r.location = "\"(nan, nan)\""; }, kRejectBadCoordinates, "not finite");
  add(
      "inf", [](SfRow& r) { r.location = "\"(inf, -122.4)\""; }, kRejectBadCoordinates,
      "not finite");
  add(
      "huge", [](SfRow& r) { r.location = "\"(1e400, -122.4)\""; }, kRejectBadCoordinates,
      "two numbers");
  add(
      "big", [](SfRow& r) { r.location = "\"(1e300, -122.4)\""; }, kRejectOutsideWorld,
      "outside the world");
  add(
      "lat 95", [](SfRow& r) { r.location = "\"(95, -122.4)\""; }, kRejectOutsideWorld,
      "outside the world");
  add(
      "pole", [](SfRow& r) { r.location = "\"(90.0, -120.5)\""; }, kRejectOutsideWorld, "pole");
  add(
      "zero", [](SfRow& r) { r.location = "\"(0.0, 0.0)\""; }, kRejectZeroCoordinates, "0,0");
  add(
      "words", [](SfRow& r) { r.location = "somewhere"; }, kRejectBadCoordinates, "(lat, lon)");
  add(
      "one number", [](SfRow& r) { r.location = "\"(37.7)\""; }, kRejectBadCoordinates,
      "two numbers");
  add(
      "priority", [](SfRow& r) { r.priority = "Z"; }, kRejectBadPriority, "unknown Priority 'Z'");
  add(
      "huge priority", [](SfRow& r) { r.priority = "99999999999999999999"; }, kRejectBadPriority,
      "unknown Priority");
  add(
      "sequence", [](SfRow& r) { r.sequence = "99999999999999999999"; }, kRejectBadNumber,
      "Unit sequence");
  add(
      "no unit", [](SfRow& r) { r.unit = ""; }, kRejectMissingField, "no Unit ID");
  add(
      "no call", [](SfRow& r) { r.call = ""; }, kRejectMissingField, "no Call Number");
  add(
      "text after quote", [](SfRow& r) { r.location = "\"(37.8, -122.4)\"x"; }, kRejectMalformed,
      "after the closing quote of field 33");
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const CallLog log = ParseSf(Lines({kSfHeader, SfRow{}.Text(), c.row.Text()}));
    EXPECT_EQ(log.report.rows_read, 2U);
    EXPECT_EQ(log.report.rows_used, 1U);
    const RejectedRow rej = OnlyRejection(log);
    EXPECT_EQ(rej.line, 3U);
    EXPECT_EQ(rej.code, c.code);
    EXPECT_NE(rej.reason.find(c.reason), std::string::npos) << rej.reason;
    EXPECT_EQ(log.report.rejected_by_code.at(std::string(c.code)), 1U);
  }
}

TEST(SfFireCallsTest, BrokenRecordsCostOneRowAndReadingGoesOn) {
  const std::string good = SfRow{}.Text();
  SfRow second;
  second.call = "2";
  const std::string good2 = second.Text();

  // Wrong column count, and a last line cut short without a newline.
  CallLog log = ParseSf(kSfHeader + "\n" + good + "\n1,2,3\n" + good2.substr(0, 80));
  EXPECT_EQ(log.report.rows_read, 3U);
  EXPECT_EQ(log.report.rows_used, 1U);
  ASSERT_EQ(log.report.rejected.size(), 2U);
  EXPECT_EQ(log.report.rejected[0].line, 3U);
  EXPECT_EQ(log.report.rejected[0].code, kRejectColumnCount);
  EXPECT_NE(log.report.rejected[0].reason.find("3 columns, the header has 34"), std::string::npos);
  EXPECT_EQ(log.report.rejected[1].line, 4U);
  EXPECT_EQ(log.report.rejected[1].code, kRejectColumnCount);

  // A quote never closed: that row only; the next line is read again as a row of its own.
  SfRow open;
  open.location = "\"(37.8, -122.4)";
  log = ParseSf(Lines({kSfHeader, open.Text(), good2}));
  EXPECT_EQ(log.report.rows_read, 2U);
  EXPECT_EQ(log.report.rows_used, 1U);
  RejectedRow rej = log.report.rejected.at(0);
  EXPECT_EQ(rej.line, 2U);
  EXPECT_EQ(rej.code, kRejectUnclosedQuote);
  EXPECT_NE(rej.reason.find("opened on line 2"), std::string::npos) << rej.reason;
  EXPECT_EQ(log.calls.at(0).line, 3U);

  // The same as the last line of the file.
  log = ParseSf(kSfHeader + "\n" + good + "\n" + open.Text());
  EXPECT_EQ(OnlyRejection(log).code, kRejectUnclosedQuote);
  EXPECT_EQ(OnlyRejection(log).line, 3U);

  // A 10 MB line.
  log = ParseSf(kSfHeader + "\n" + std::string(10 << 20, 'x') + "\n" + good + "\n");
  EXPECT_EQ(log.report.rows_read, 2U);
  rej = OnlyRejection(log);
  EXPECT_EQ(rej.line, 2U);
  EXPECT_EQ(rej.code, kRejectTooLong);
  EXPECT_EQ(log.calls.at(0).line, 3U);
  // ... and 10 MB inside a quote that never closes.
  log = ParseSf(kSfHeader + "\n\"" + std::string(10 << 20, 'x') + "\n" + good + "\n");
  EXPECT_EQ(OnlyRejection(log).line, 2U);
  EXPECT_EQ(log.report.rows_used, 1U);

  // NUL bytes and bytes that are not UTF-8.
  SfRow nul;
  nul.type = std::string("Medical\0Incident", 16);
  SfRow latin1;
  latin1.type = "Medical Incident \xE9\xFF";
  log = ParseSf(Lines({kSfHeader, nul.Text(), latin1.Text(), good2}));
  EXPECT_EQ(log.report.rows_read, 3U);
  ASSERT_EQ(log.report.rejected.size(), 2U);
  EXPECT_EQ(log.report.rejected[0].code, kRejectNulByte);
  EXPECT_EQ(log.report.rejected[0].line, 2U);
  EXPECT_EQ(log.report.rejected[1].code, kRejectNotUtf8);
  EXPECT_EQ(log.report.rejected[1].line, 3U);
  EXPECT_EQ(log.report.rows_used, 1U);

  // A whole file of binary noise: no crash, every line accounted for.
  std::string noise = kSfHeader + "\n";
  for (int i = 0; i < 5000; ++i) noise += static_cast<char>((i * 7919) % 256);
  log = ParseSf(noise);
  EXPECT_EQ(log.report.rows_used, 0U);
  EXPECT_GT(log.report.rows_rejected, 0U);
}

TEST(SfFireCallsTest, QuotedNewlinesKeepLineNumbers) {
  SfRow multi;
  multi.type = "\"Medical \"\"Incident\"\"\nsecond line\"";
  SfRow bad;
  bad.call = "2";
  bad.priority = "Q";
  const CallLog log = ParseSf(Lines({kSfHeader, multi.Text(), bad.Text()}));
  EXPECT_EQ(log.report.rows_read, 2U);
  EXPECT_EQ(log.calls.at(0).source_type, "Medical \"Incident\"\nsecond line");
  EXPECT_EQ(log.calls.at(0).type, kSfFallbackType);
  EXPECT_EQ(log.report.unmapped_types.at("Medical \"Incident\"\nsecond line"), 1U);
  EXPECT_EQ(OnlyRejection(log).line, 4U) << "the quoted newline moved the next row to line 4";
}

TEST(SfFireCallsTest, DuplicateAndInconsistentRowsOfACall) {
  SfRow moved;
  moved.unit = "T16";
  moved.location = "\"(37.7, -122.4)\"";
  const CallLog log = ParseSf(Lines({kSfHeader, SfRow{}.Text(), SfRow{}.Text(), moved.Text()}));
  EXPECT_EQ(log.report.rows_read, 3U);
  EXPECT_EQ(log.report.rows_used, 1U);
  ASSERT_EQ(log.report.rejected.size(), 2U);
  EXPECT_EQ(log.report.rejected[0].code, kRejectDuplicate);
  EXPECT_NE(log.report.rejected[0].reason.find("already on line 2"), std::string::npos);
  EXPECT_EQ(log.report.rejected[1].code, kRejectInconsistent);
  EXPECT_NE(log.report.rejected[1].reason.find("Location differs from line 2"), std::string::npos)
      << log.report.rejected[1].reason;
}

TEST(SfFireCallsTest, ReasonsStayShortAndPrintable) {
  SfRow r;
  r.location = "\"(" + std::string(5000, '9') + "\x01, 1)\"";
  const CallLog log = ParseSf(Lines({kSfHeader, r.Text()}));
  const RejectedRow rej = OnlyRejection(log);
  EXPECT_LT(rej.reason.size(), 200U);
  for (const char c : rej.reason) EXPECT_GE(static_cast<unsigned char>(c), 0x20);
}

// --- simple CSV ------------------------------------------------------------------------------

TEST(SimpleCallsTest, ReadsTheDocumentedFormat) {
  testing::TempDir dir;
  const auto path = (dir / "calls.csv").string();
  std::ofstream(path) << "time,lon,lat,type,priority\n"
                         "2026-01-01T08:00:00Z,-122.4194,37.7749,fire.residential,3\n"
                         "\n"
                         "1767254300,-122.41,37.78,medical.emergency,2\n";
  Result<CallLog> r = LoadSimpleCalls(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->report.source, "calls.csv");
  EXPECT_EQ(r->report.rows_read, 2U);
  EXPECT_EQ(r->report.rows_used, 2U);
  EXPECT_EQ(r->report.blank_lines, 1U);
  ASSERT_EQ(r->calls.size(), 2U);
  const Call& first = r->calls[0];  // sorted by time: the Unix-seconds row is earlier
  EXPECT_EQ(FormatTime(first.received), "2026-01-01T07:58:20.000Z");
  EXPECT_EQ(first.type, "medical.emergency");
  EXPECT_EQ(first.priority, 2);
  EXPECT_EQ(first.source_id, "line 4");
  EXPECT_EQ(first.line, 4U);
  EXPECT_DOUBLE_EQ(first.location.lat, 37.78);
  EXPECT_DOUBLE_EQ(first.location.lon, -122.41);
  EXPECT_TRUE(first.units.empty());
  EXPECT_EQ(r->calls[1].source_type, "fire.residential");

  // Columns in any order, with ids.
  Result<CallLog> ids = ParseSimpleCalls(
      "id,priority,type,lat,lon,time\nA1,1,traffic.accident,30.5,114.3,2026-05-01T00:00:00Z\n",
      "x.csv");
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  EXPECT_EQ(ids->calls.at(0).source_id, "A1");
  EXPECT_DOUBLE_EQ(ids->calls.at(0).location.lon, 114.3);
}

TEST(SimpleCallsTest, HeaderIsRequiredAndChecked) {
  for (const auto& [text, part] : std::vector<std::pair<std::string, std::string>>{
           {"", "empty file"},
           {"2026-01-01T08:00:00Z,-122.4,37.7,fire.residential,3\n", "unknown column"},
           {"time,lon,lat,type\n", "no column 'priority'"},
           {"time,lng,lat,type,priority\n", "unknown column 'lng'"},
           {"time,lon,lat,type,priority,lon\n", "appears twice"}}) {
    Result<CallLog> r = ParseSimpleCalls(text, "h.csv");
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().field(), "header");
    EXPECT_NE(r.status().message().find(part), std::string::npos) << r.status().ToString();
  }
  Result<CallLog> header_only = ParseSimpleCalls("time,lon,lat,type,priority\n", "h.csv");
  ASSERT_TRUE(header_only.ok());
  EXPECT_EQ(header_only->report.rows_read, 0U);
}

TEST(SimpleCallsTest, BadRowsAreRejected) {
  const std::string text =
      "time,lon,lat,type,priority,id\n"
      "2026-01-01T08:00:00Z,-122.4,37.7,fire.residential,3,a\n"    // 2 good
      "2026-02-30T08:00:00Z,-122.4,37.7,fire.residential,3,b\n"    // 3 date
      "99999999999999999999,-122.4,37.7,fire.residential,3,c\n"    // 4 huge time
      "2026-01-01T08:00:00Z,,37.7,fire.residential,3,d\n"          // 5 missing
      "2026-01-01T08:00:00Z,NaN,NaN,fire.residential,3,e\n"        // 6 NaN
      "2026-01-01T08:00:00Z,1e999,37.7,fire.residential,3,f\n"     // 7 huge
      "2026-01-01T08:00:00Z,200,37.7,fire.residential,3,g\n"       // 8 out of range
      "2026-01-01T08:00:00Z,0,0,fire.residential,3,h\n"            // 9 zero
      "2026-01-01T08:00:00Z,-122.4,37.7,fire.house,3,i\n"          // 10 type
      "2026-01-01T08:00:00Z,-122.4,37.7,fire.residential,4,j\n"    // 11 priority
      "2026-01-01T08:00:00Z,-122.4,37.7,fire.residential,3,a\n"    // 12 duplicate id
      "2026-01-01T08:00:00Z,-122.4,37.7,fire.residential\n"        // 13 columns
      "\"2026-01-01T08:00:00Z,-122.4,37.7,fire.residential,3,k\n"  // 14 quote
      "2026-01-01T08:00:00Z,-122.4,37.7,fire.residential,3,l";     // 15 good, no newline
  Result<CallLog> r = ParseSimpleCalls(text, "bad.csv");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const ImportReport& rep = r->report;
  EXPECT_EQ(rep.rows_read, 14U);
  EXPECT_EQ(rep.rows_used, 2U);
  EXPECT_EQ(rep.rows_rejected, 12U);
  const std::vector<std::pair<std::size_t, std::string_view>> want = {
      {3, kRejectBadDate},         {4, kRejectBadDate},        {5, kRejectMissingCoordinates},
      {6, kRejectBadCoordinates},  {7, kRejectBadCoordinates}, {8, kRejectOutsideWorld},
      {9, kRejectZeroCoordinates}, {10, kRejectBadType},       {11, kRejectBadPriority},
      {12, kRejectDuplicate},      {13, kRejectColumnCount},   {14, kRejectUnclosedQuote}};
  ASSERT_EQ(rep.rejected.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(rep.rejected[i].line, want[i].first) << i;
    EXPECT_EQ(rep.rejected[i].code, want[i].second) << rep.rejected[i].reason;
  }
  EXPECT_NE(rep.rejected[0].reason.find("2026-02 has 28 days"), std::string::npos);
  EXPECT_NE(rep.rejected[7].reason.find("'fire.house'"), std::string::npos);
  std::size_t by_code = 0;
  for (const auto& [code, n] : rep.rejected_by_code) by_code += n;
  EXPECT_EQ(by_code, rep.rows_rejected);
}

// --- the type table --------------------------------------------------------------------------

TEST(SfCallTypesTest, EveryMappingNamesACatalogueType) {
  std::set<std::string_view> seen;
  for (const SfTypeMapping& m : SfCallTypeMappings()) {
    EXPECT_NE(core::FindIncidentType(m.code), nullptr) << m.sf_type << " → " << m.code;
    EXPECT_TRUE(seen.insert(m.sf_type).second) << "twice: " << m.sf_type;
  }
  EXPECT_NE(core::FindIncidentType(kSfFallbackType), nullptr);
  ASSERT_NE(FindSfCallType("Structure Fire"), nullptr);
  EXPECT_EQ(FindSfCallType("Structure Fire")->code, "fire.residential");
  EXPECT_FALSE(FindSfCallType("Structure Fire")->approximate);
  EXPECT_EQ(FindSfCallType("Medical Incident")->code, "medical.emergency");
  EXPECT_EQ(FindSfCallType("Traffic Collision")->code, "traffic.accident");
  EXPECT_TRUE(FindSfCallType("Alarms")->approximate);
  EXPECT_EQ(FindSfCallType("no such type"), nullptr);
}

}  // namespace
}  // namespace elink::sim
