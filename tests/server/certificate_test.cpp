// The network certificate: made once with the machine's names, kept 0600 and
// reused; a person's own certificate is checked before the server starts.

#include "server/tls/certificate.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fstream>

#include "server_process.hpp"

namespace velum::server::tls {
namespace {

using namespace std::chrono_literals;

const auto kNow = std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 20600);  // 2026

unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return 0xFFFF;
  return info.st_mode & 0777U;
}

class CertificateTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_ = server_test::fresh_folder("certificate");
};

TEST_F(CertificateTest, IsMadeOnFirstUseWithTheNamesGivenAndKeptPrivate) {
  ::umask(0);
  auto made = self_signed_certificate(dir_, {"studio", "192.168.1.7", "::1"}, kNow);
  ::umask(022);
  ASSERT_TRUE(std::holds_alternative<Certificate>(made)) << std::get<CertificateError>(made).message;
  const auto& certificate = std::get<Certificate>(made);
  EXPECT_TRUE(certificate.created);
  EXPECT_EQ(certificate.names, (std::vector<std::string>{"studio", "192.168.1.7", "::1"}));
  EXPECT_EQ(certificate.sha256_fingerprint.size(), 32U * 3 - 1);
  EXPECT_EQ(mode_of(dir_ / kKeyFileName), 0600U);
  EXPECT_EQ(mode_of(dir_ / kCertificateFileName), 0600U);
}

TEST_F(CertificateTest, IsReusedAfterwards) {
  auto first = self_signed_certificate(dir_, {"studio"}, kNow);
  auto second = self_signed_certificate(dir_, {"other-name"}, kNow + 24h);
  ASSERT_TRUE(std::holds_alternative<Certificate>(first));
  ASSERT_TRUE(std::holds_alternative<Certificate>(second));
  EXPECT_FALSE(std::get<Certificate>(second).created);
  EXPECT_EQ(std::get<Certificate>(second).sha256_fingerprint,
            std::get<Certificate>(first).sha256_fingerprint);
}

TEST_F(CertificateTest, AnExpiredOneIsReplaced) {
  auto first = self_signed_certificate(dir_, {"studio"}, kNow);
  auto later = self_signed_certificate(dir_, {"studio"}, kNow + kSelfSignedValidity + 24h);
  ASSERT_TRUE(std::holds_alternative<Certificate>(later));
  EXPECT_TRUE(std::get<Certificate>(later).created);
  EXPECT_NE(std::get<Certificate>(later).sha256_fingerprint, std::get<Certificate>(first).sha256_fingerprint);
}

TEST_F(CertificateTest, AKeyThatDoesNotBelongIsRefusedNamingBothFiles) {
  const auto other = server_test::fresh_folder("certificate-other");
  ASSERT_TRUE(std::holds_alternative<Certificate>(self_signed_certificate(dir_, {"a"}, kNow)));
  ASSERT_TRUE(std::holds_alternative<Certificate>(self_signed_certificate(other, {"b"}, kNow)));
  auto mixed = load_certificate(dir_ / kCertificateFileName, other / kKeyFileName, kNow);
  std::filesystem::remove_all(other);
  ASSERT_TRUE(std::holds_alternative<CertificateError>(mixed));
  const auto& message = std::get<CertificateError>(mixed).message;
  EXPECT_NE(message.find("does not belong to the certificate"), std::string::npos) << message;
}

TEST_F(CertificateTest, AFileThatIsNotACertificateIsRefused) {
  std::ofstream(dir_ / "cert.pem") << "not a certificate\n";
  ASSERT_TRUE(std::holds_alternative<Certificate>(self_signed_certificate(dir_, {"a"}, kNow)));
  auto loaded = load_certificate(dir_ / "cert.pem", dir_ / kKeyFileName, kNow);
  ASSERT_TRUE(std::holds_alternative<CertificateError>(loaded));
  EXPECT_NE(std::get<CertificateError>(loaded).message.find("holds no PEM certificate"), std::string::npos);
}

TEST_F(CertificateTest, AMissingFileIsNamed) {
  auto loaded = load_certificate(dir_ / "missing.pem", dir_ / "missing-key.pem", kNow);
  ASSERT_TRUE(std::holds_alternative<CertificateError>(loaded));
  EXPECT_NE(std::get<CertificateError>(loaded).message.find("missing.pem cannot be read"), std::string::npos)
      << std::get<CertificateError>(loaded).message;
}

}  // namespace
}  // namespace velum::server::tls
