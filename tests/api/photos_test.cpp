// SPDX-License-Identifier: Apache-2.0
// Photos on citizen reports, over real sockets on a real SQLite center: a photo goes into the log
// with its report, in the same commit, and comes back byte for byte from GET
// /api/v1/incidents/{id}/photos/{n}, also after a restart; the state, the stream and the event
// log carry its description and URL, never its bytes; only those who may see the incident see
// its photos, and the photo is served so that a browser can only show it as the image it is.
// (Bad photos, one row each, are in bad_input_test.cpp.)
#include "api/service_fixture.hpp"
#include "api/ws_client.hpp"
#include "core/codec.hpp"
#include "util/sha256.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace elink::api {
namespace {

namespace beast = boost::beast;

// A JPEG's magic, then every byte value over and over, `size` bytes in all: binary that any text
// handling on the way would damage.
std::string Jpeg(std::size_t size) {
  std::string out("\xFF\xD8\xFF\xE0", 4);
  for (std::size_t i = 0; out.size() < size; ++i) out += static_cast<char>(i * 7 % 256);
  out.resize(size);
  return out;
}

std::string Png(std::size_t size) {
  std::string out("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
  out.resize(size, '\0');
  return out;
}

std::string Webp(std::size_t size) {
  std::string out("RIFF\0\0\0\0WEBPVP8 ", 16);
  out.resize(size, '\x9d');
  return out;
}

std::string ReportBody(const std::string& media_type, const std::string& bytes,
                       const std::string& location = kMarina) {
  Json body = {{"type", "flood.waterlogging"},
               {"text", "积水没过膝盖，见照片"},
               {"location", Json::parse(location)},
               {"photo", {{"media_type", media_type}, {"data", core::EncodeBase64(bytes)}}}};
  return body.dump();
}

class PhotosTest : public ServiceTest {
 protected:
  // A citizen's report with a photo; returns its incident.
  std::uint64_t Report(const std::string& media_type, const std::string& bytes,
                       const std::string& location = kMarina) {
    const Reply r = Call("POST", "/api/v1/public/reports", ReportBody(media_type, bytes, location));
    EXPECT_EQ(r.status, 201) << r.raw.substr(0, 500);
    EXPECT_EQ(r.body.value("saved", false), true);
    return r.body.value("reference", std::uint64_t{0});
  }

  static std::string PhotoPath(std::uint64_t incident, int n = 1) {
    return "/api/v1/incidents/" + std::to_string(incident) + "/photos/" + std::to_string(n);
  }

  // The photo as served: its bytes, with the headers that keep a browser from taking it for
  // anything but that image.
  void ExpectServed(std::uint64_t incident, const std::string& media_type, const std::string& bytes,
                    const std::string& token) {
    const Reply r = Call("GET", PhotoPath(incident), "", token);
    ASSERT_EQ(r.status, 200) << r.raw.substr(0, 300);
    EXPECT_EQ(r.raw.size(), bytes.size());
    EXPECT_TRUE(r.raw == bytes) << "the bytes changed on the way";
    EXPECT_EQ(r.Header("content-type"), media_type);
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(r.Header("content-security-policy"), "default-src 'none'");
    EXPECT_EQ(r.Header("etag"), "\"" + ToHex(Sha256(bytes)) + "\"");
    EXPECT_EQ(r.Header("cache-control"), "private, no-cache");
    // A client that has it is told so, without the bytes; one with another version gets them.
    const Reply again =
        Call("GET", PhotoPath(incident), "", token, "If-None-Match: " + r.Header("etag") + "\r\n");
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.raw.empty());
    EXPECT_EQ(again.Header("etag"), r.Header("etag"));
    EXPECT_EQ(Call("GET", PhotoPath(incident), "", token, "If-None-Match: \"0\"\r\n").raw.size(),
              bytes.size());
  }
};

TEST_F(PhotosTest, APhotoComesBackByteForByteWithItsDescription) {
  const std::string central = Login("central");
  const std::string jpeg = Jpeg(150'000);
  const std::uint64_t before = Head();
  const std::uint64_t id = Report("image/jpeg", jpeg);
  ASSERT_GT(id, 0U);
  EXPECT_EQ(Head(), before + 2) << "the report and its photo";
  ExpectServed(id, "image/jpeg", jpeg, central);

  const Reply detail = Call("GET", "/api/v1/incidents/" + std::to_string(id), "", central);
  ASSERT_EQ(detail.status, 200) << detail.raw;
  EXPECT_EQ(detail.body["source"], "citizen");
  ASSERT_EQ(detail.body["photos"].size(), 1U) << detail.raw;
  const Json& photo = detail.body["photos"][0];
  EXPECT_EQ(photo["index"], 1);
  EXPECT_EQ(photo["media_type"], "image/jpeg");
  EXPECT_EQ(photo["size"], jpeg.size());
  EXPECT_EQ(photo["sha256"], ToHex(Sha256(jpeg)));
  EXPECT_EQ(photo["url"], PhotoPath(id));
  EXPECT_FALSE(photo["attached_at"].get<std::string>().empty());
  EXPECT_LT(detail.raw.size(), 20'000U) << "the detail describes the photo, it does not hold it";
  // The chronology says it in both languages.
  const Json& entry = detail.body["chronology"].back();
  EXPECT_EQ(entry["what"], "incident_photo_attached");
  EXPECT_EQ(entry["text"]["zh"].get<std::string>().find("附现场照片 1（JPEG，146.5 KB）") !=
                std::string::npos,
            true)
      << entry;
  EXPECT_NE(entry["text"]["en"].get<std::string>().find("photo 1 attached (JPEG, 146.5 KB)"),
            std::string::npos)
      << entry;

  // The other kinds, each served as what it is.
  const std::string png = Png(4096);
  const std::string webp = Webp(70'000);
  const std::uint64_t png_id = Report("image/png", png);
  const std::uint64_t webp_id = Report("image/webp", webp);
  ExpectServed(png_id, "image/png", png, central);
  ExpectServed(webp_id, "image/webp", webp, central);
  // A report without a photo has none.
  const Reply plain =
      Call("POST", "/api/v1/public/reports",
           R"({"type": "flood.waterlogging", "text": "积水", "location": )" + kMarina + "}");
  ASSERT_EQ(plain.status, 201);
  const std::uint64_t plain_id = plain.body["reference"].get<std::uint64_t>();
  EXPECT_TRUE(Call("GET", "/api/v1/incidents/" + std::to_string(plain_id), "", central)
                  .body["photos"]
                  .empty());
  const std::uint64_t head = Head();
  ExpectProblem(Call("GET", PhotoPath(plain_id), "", central), 404, "photo", head);
}

TEST_F(PhotosTest, APhotoOfTheLargestSizeIsTakenWhole) {
  const std::string big = Jpeg(core::kMaxPhotoBytes);
  const std::uint64_t id = Report("image/jpeg", big);
  ASSERT_GT(id, 0U);
  ExpectServed(id, "image/jpeg", big, Login("central"));
  // The state keeps 2 MiB of nothing: its snapshot is small.
  EXPECT_LT(core::EncodeState(*engine_->View()).size(), std::size_t{1} << 20);
}

TEST_F(PhotosTest, APhotoSavedIsThereAfterARestart) {
  const std::string jpeg = Jpeg(300'001);
  const std::string png = Png(77);
  const std::uint64_t a = Report("image/jpeg", jpeg);
  const std::uint64_t b = Report("image/png", png);
  const std::uint64_t head = Head();
  Restart();
  EXPECT_EQ(Head(), head) << "the center reopened from its SQLite file";
  const std::string central = Login("central");
  ExpectServed(a, "image/jpeg", jpeg, central);
  ExpectServed(b, "image/png", png, central);
  const Reply detail = Call("GET", "/api/v1/incidents/" + std::to_string(a), "", central);
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.body["photos"][0]["sha256"], ToHex(Sha256(jpeg)));
}

TEST_F(PhotosTest, PhotosAreSeenWhereTheIncidentIsAndNowhereElse) {
  const std::uint64_t marina = Report("image/jpeg", Jpeg(1000));  // sf-marina, under sf-central
  const std::uint64_t nowhere = Report("image/png", Png(100), R"({"lat": 0, "lon": 0})");
  const std::string incident = "/api/v1/incidents/" + std::to_string(marina);
  const std::uint64_t head = Head();
  // As the incident's detail does: the district and the city see it, the neighbour does not; an
  // incident outside every grid is the region's.
  for (const auto& [user, status] : std::vector<std::pair<std::string, int>>{
           {"central", 200}, {"chief", 200}, {"watcher", 200}, {"west", 403}, {"admin", 200}}) {
    SCOPED_TRACE(user);
    const std::string token = Login(user);
    const Reply photo = Call("GET", PhotoPath(marina), "", token);
    EXPECT_EQ(photo.status, status);
    EXPECT_EQ(photo.status, Call("GET", incident, "", token).status);
    if (status == 403) {
      ExpectProblem(photo, 403, "id", head);
      EXPECT_EQ(photo.raw.find("\xFF\xD8"), std::string::npos) << "no byte of the photo";
      // Knowing the photo's hash does not get one past the check either.
      const Reply cached = Call("GET", PhotoPath(marina), "", token,
                                "If-None-Match: \"" + ToHex(Sha256(Jpeg(1000))) + "\"\r\n");
      EXPECT_EQ(cached.status, 403);
    }
    EXPECT_EQ(Call("GET", PhotoPath(nowhere), "", token).status, user == "admin" ? 200 : 403);
  }
  const std::string central = Login("central");
  ExpectProblem(Call("GET", PhotoPath(marina, 2), "", central), 404, "photo", head);
  ExpectProblem(Call("GET", incident + "/photos/0", "", central), 400, "photo", head);
  ExpectProblem(Call("GET", incident + "/photos/one", "", central), 400, "photo", head);
  ExpectProblem(Call("GET", incident + "/photos/99999999999999999999999", "", central), 400,
                "photo", head);
  ExpectProblem(Call("GET", "/api/v1/incidents/4242/photos/1", "", central), 404, "id", head);
  ExpectProblem(Call("GET", PhotoPath(marina)), 401, "", head);
  ExpectProblem(Call("GET", PhotoPath(marina), "", "forged.token"), 401, "", head);
  // Sharing lets the neighbour in, to the photo as to the rest.
  ASSERT_EQ(Call("POST", incident + "/share", R"({"org": "sf-west"})", Login("chief")).status, 200);
  EXPECT_EQ(Call("GET", PhotoPath(marina), "", Login("west")).status, 200);
}

TEST_F(PhotosTest, TheStreamAndTheEventLogGiveTheUrlNotTheBytes) {
  const std::string central = Login("central");
  testing::WsClient ws;
  ASSERT_FALSE(ws.Connect(server_->port(), "/api/v1/stream?token=" + central));
  beast::error_code ec;
  ASSERT_TRUE(ws.ReadText(ec).has_value()) << ec.message();  // caught up
  const std::string jpeg = Jpeg(500'000);
  const std::uint64_t id = Report("image/jpeg", jpeg);
  std::vector<Json> events;
  while (events.size() < 2) {
    const auto text = ws.ReadText(ec);
    ASSERT_TRUE(text.has_value()) << ec.message();
    EXPECT_LT(text->size(), 4096U) << "a stream message with the photo in it";
    events.push_back(Json::parse(*text));
  }
  EXPECT_EQ(events[0]["type"], "incident_reported");
  EXPECT_EQ(events[1]["type"], "incident_photo_attached");
  const Json& data = events[1]["data"];
  EXPECT_EQ(data["incident"], id);
  EXPECT_EQ(data["photo"], 1);
  EXPECT_EQ(data["media_type"], "image/jpeg");
  EXPECT_EQ(data["size"], jpeg.size());
  EXPECT_EQ(data["sha256"], ToHex(Sha256(jpeg)));
  EXPECT_EQ(data["url"], PhotoPath(id));
  EXPECT_FALSE(data.contains("data"));

  const Reply log = Call("GET", "/api/v1/events?after=0&limit=1000", "", Login("analyst"));
  ASSERT_EQ(log.status, 200);
  EXPECT_LT(log.raw.size(), jpeg.size() / 2) << "the log page holds no photo";
  bool found = false;
  for (const Json& e : log.body["items"]) {
    if (e["type"] != "incident_photo_attached") continue;
    found = true;
    EXPECT_EQ(e["data"]["url"], PhotoPath(id));
    EXPECT_FALSE(e["data"].contains("data"));
  }
  EXPECT_TRUE(found);
}

TEST_F(PhotosTest, OpenApiDescribesThePhotoAndItsRoute) {
  const Reply doc = Call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  const Json& get = doc.body["paths"]["/api/v1/incidents/{id}/photos/{photo}"]["get"];
  ASSERT_TRUE(get.is_object()) << doc.raw.substr(0, 300);
  EXPECT_TRUE(get["security"].is_array()) << "signed in";
  for (const char* type : {"image/jpeg", "image/png", "image/webp"}) {
    EXPECT_EQ(get["responses"]["200"]["content"][type]["schema"]["format"], "binary") << type;
  }
  const Json& report = doc.body["paths"]["/api/v1/public/reports"]["post"];
  const Json& photo =
      report["requestBody"]["content"]["application/json"]["schema"]["properties"]["photo"];
  EXPECT_EQ(photo["properties"]["data"]["format"], "byte");
  EXPECT_EQ(photo["properties"]["media_type"]["enum"],
            Json::array({"image/jpeg", "image/png", "image/webp"}));
  EXPECT_EQ(photo["additionalProperties"], false);
}

}  // namespace
}  // namespace elink::api
