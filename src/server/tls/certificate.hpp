#pragma once
// The certificate `velum serve` presents on the network (OpenSSL): the
// person's own, or a self-signed one made once and kept in the data folder.
// Built into the HTTP transport's shared object, so only `velum serve` loads OpenSSL.

#include <chrono>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace velum::server::tls {

// File names of the self-signed certificate and its private key in the data folder.
inline constexpr std::string_view kCertificateFileName = "tls-certificate.pem";
inline constexpr std::string_view kKeyFileName = "tls-key.pem";
// How long a self-signed certificate is valid; an expired one is replaced.
inline constexpr std::chrono::days kSelfSignedValidity{2 * 365};

struct Certificate {
  std::filesystem::path certificate_file;  // PEM
  std::filesystem::path key_file;          // PEM, mode 0600 when velum made it
  std::string sha256_fingerprint;          // "AB:CD:...": 32 bytes, as browsers show it
  std::vector<std::string> names;          // the subject alternative names it covers
  bool created = false;                    // made just now (first use)
};

// One sentence naming the file and what to do.
struct CertificateError {
  std::string message;
};

using CertificateResult = std::variant<Certificate, CertificateError>;

// Checks that `certificate_file` and `key_file` can be read, hold PEM, belong
// together and that the certificate has not expired at `now`.
CertificateResult load_certificate(const std::filesystem::path& certificate_file,
                                   const std::filesystem::path& key_file,
                                   std::chrono::system_clock::time_point now);

// The self-signed certificate in `data_dir`: reused when present and valid at
// `now`, otherwise made (an ECDSA P-256 key; `names` are host names or IP
// addresses, as subject alternative names) and written with mode 0600. Safe to
// call from one thread at a time.
CertificateResult self_signed_certificate(const std::filesystem::path& data_dir,
                                          const std::vector<std::string>& names,
                                          std::chrono::system_clock::time_point now);

}  // namespace velum::server::tls
