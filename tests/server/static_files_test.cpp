// The embedded web front end: content types by extension, gzip sent only to
// clients that accept it (decompressed otherwise), cache headers for hashed
// assets and the page, the index.html fallback for the front end's own routes,
// and, through a real `velum serve`, that API 404s stay JSON.

#include <gtest/gtest.h>
#include <httplib.h>
#include <zlib.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/static_files.hpp"
#include "server_process.hpp"

namespace velum::server {
namespace {

constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemoryLevel = 8;

// gzip-compresses `text` with zlib, as the build does with gzip -9 -n.
std::string gzip(const std::string& text) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, kGzipWindowBits, kMemoryLevel,
                         Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  const std::string index_ = "<!doctype html><title>velum</title>";
  const std::string script_ = "console.log('velum');";
  const std::string index_gz_ = gzip(index_);
  const std::string script_gz_ = gzip(script_);
  const std::string broken_ = "not gzip at all";
  std::vector<detail::EmbeddedFile> files_{
      {"/assets/index-abc123.js", script_gz_, script_.size()},
      {"/broken.css", broken_, 100},
      {"/index.html", index_gz_, index_.size()},
      {"/sw.js", script_gz_, script_.size()},
  };
};

TEST(ContentType, NamesEachFrontEndFileType) {
  EXPECT_EQ(content_type_for("/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("/assets/index-abc.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("/assets/index-abc.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("/icon.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("/manifest.webmanifest"), "application/manifest+json");
  EXPECT_EQ(content_type_for("/assets.d/README"), "application/octet-stream");
  EXPECT_EQ(content_type_for("/file.unknown"), "application/octet-stream");
}

TEST(AcceptsGzip, ReadsTokensAndRefusalsByWeight) {
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0.000"));
  EXPECT_FALSE(accepts_gzip("gzipped"));
}

TEST_F(StaticFilesTest, SendsTheStoredGzipBytesToAClientThatAcceptsGzip) {
  const auto reply = serve_static("/assets/index-abc123.js", "gzip, br", files_);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(reply.headers.at("Content-Encoding"), "gzip");
  EXPECT_EQ(reply.headers.at("Vary"), "Accept-Encoding");
  EXPECT_EQ(reply.body(), script_gz_);
}

TEST_F(StaticFilesTest, DecompressesForAClientWithoutGzip) {
  const auto reply = serve_static("/assets/index-abc123.js", "identity", files_);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers.count("Content-Encoding"), 0u);
  EXPECT_EQ(reply.body(), script_);
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableAndThePageAndWorkerRevalidate) {
  EXPECT_EQ(serve_static("/assets/index-abc123.js", "gzip", files_).headers.at("Cache-Control"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(serve_static("/", "gzip", files_).headers.at("Cache-Control"), "no-cache");
  EXPECT_EQ(serve_static("/index.html", "gzip", files_).headers.at("Cache-Control"), "no-cache");
  EXPECT_EQ(serve_static("/sw.js", "gzip", files_).headers.at("Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, UnknownPagesFallBackToIndexButMissingAssetsAre404) {
  const auto page = serve_static("/journal/2026", "", files_);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(page.body(), index_);
  const auto missing = serve_static("/assets/index-old999.js", "gzip", files_);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.headers.count("Content-Encoding"), 0u);
  EXPECT_NE(missing.body().find("reload the page"), std::string_view::npos);
}

TEST_F(StaticFilesTest, ADamagedFileIsA500NotACrash) {
  const auto reply = serve_static("/broken.css", "", files_);
  EXPECT_EQ(reply.status, 500);
  EXPECT_NE(reply.body().find("rebuild velum"), std::string_view::npos);
}

TEST(EmbeddedFiles, TheBuildEmbedsThePageItsHashedAssetsAndTheServiceWorker) {
  const auto files = detail::embedded_files();
  const auto has = [&](auto predicate) { return std::any_of(files.begin(), files.end(), predicate); };
  EXPECT_TRUE(has([](const auto& f) { return f.path == "/index.html"; }));
  EXPECT_TRUE(has([](const auto& f) { return f.path == "/sw.js"; }));
  EXPECT_TRUE(has([](const auto& f) { return f.path.starts_with("/assets/") && f.path.ends_with(".js"); }));
  EXPECT_TRUE(has([](const auto& f) { return f.path.starts_with("/assets/") && f.path.ends_with(".css"); }));
  for (const auto& file : files) {
    const auto reply = serve_static(file.path, "", files);
    EXPECT_EQ(reply.status, 200) << file.path;
    EXPECT_EQ(reply.body().size(), file.plain_bytes) << file.path;
  }
}

}  // namespace
}  // namespace velum::server

namespace velum::server_test {
namespace {

class ServedFrontEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fresh_folder("static");
    server_ = std::make_unique<ServerProcess>(folder_);
    ASSERT_TRUE(server_->started());
    client_ = server_->client();
    client_->set_decompress(false);
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    std::filesystem::remove_all(folder_);
  }
  std::filesystem::path folder_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServedFrontEnd, ThePageComesGzippedOnceWithItsTypeAndCacheHeader) {
  auto zipped = client_->Get("/", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(zipped);
  EXPECT_EQ(zipped->status, 200);
  EXPECT_EQ(zipped->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(zipped->get_header_value_count("Content-Encoding"), 1u) << "compressed twice";
  EXPECT_EQ(zipped->get_header_value("Cache-Control"), "no-cache");
  ASSERT_GE(zipped->body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(zipped->body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(zipped->body[1]), 0x8b);

  auto plain = client_->Get("/", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->get_header_value("Content-Encoding"), "");
  EXPECT_NE(plain->body.find("<!doctype html>"), std::string::npos);
}

TEST_F(ServedFrontEnd, FrontEndRoutesGetThePageAndApiMisses404Json) {
  auto page = client_->Get("/learn/core-nasopharynx", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<!doctype html>"), std::string::npos);

  auto api = client_->Get("/api/v1/no-such-route");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(api->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(api->body)["error"]["field"], "path");

  auto asset = client_->Get("/assets/index-gone.js");
  ASSERT_TRUE(asset);
  EXPECT_EQ(asset->status, 404);
}

TEST_F(ServedFrontEnd, ARatingIsStoredOnACommittedStepAfterTheSessionEnds) {
  nlohmann::json answers = nlohmann::json::object();
  auto screen = nlohmann::json::parse(client_->Get("/api/v1/screen")->body);
  for (const auto& question : screen["questions"]) answers[question["id"].get<std::string>()] = false;
  ASSERT_EQ(client_->Post("/api/v1/screen", nlohmann::json{{"answers", answers}}.dump(), "application/json")
                ->status,
            201);
  auto started =
      client_->Post("/api/v1/sessions", R"({"routine_id": "core-nasopharynx"})", "application/json");
  ASSERT_EQ(started->status, 201);
  const std::string id = nlohmann::json::parse(started->body)["id"];
  const std::string base = "/api/v1/sessions/" + id;
  ASSERT_EQ(client_
                ->Post(base + "/steps", R"({"step_id": "settle", "index": 0, "planned_seconds": 30,
      "actual_seconds": 30})",
                       "application/json")
                ->status,
            201);
  ASSERT_EQ(client_->Post(base + "/finish", "", "application/json")->status, 200);

  auto rated =
      client_->Put(base + "/steps/0", R"({"pain": 3, "sensations": ["itching"]})", "application/json");
  ASSERT_TRUE(rated);
  EXPECT_EQ(rated->status, 200) << rated->body;
  auto too_high = client_->Put(base + "/steps/0", R"({"pain": 11})", "application/json");
  EXPECT_EQ(too_high->status, 422);
  EXPECT_EQ(nlohmann::json::parse(too_high->body)["error"]["field"], "pain");
  auto missing = client_->Put(base + "/steps/7", R"({"pain": 1})", "application/json");
  EXPECT_EQ(missing->status, 404);
  auto not_a_number = client_->Put(base + "/steps/x", R"({"pain": 1})", "application/json");
  EXPECT_EQ(not_a_number->status, 400);

  const auto session = nlohmann::json::parse(client_->Get(base)->body);
  ASSERT_EQ(session["steps"].size(), 1u);
  EXPECT_EQ(session["steps"][0]["pain"], 3);
  EXPECT_EQ(session["steps"][0]["sensations"], nlohmann::json::array({"itching"}));
}

}  // namespace
}  // namespace velum::server_test
