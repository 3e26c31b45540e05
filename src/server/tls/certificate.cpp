#include "server/tls/certificate.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace velum::server::tls {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using NamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;

constexpr int kSerialBytes = 16;  // a random serial, as CAs use
constexpr mode_t kPrivateMode = S_IRUSR | S_IWUSR;

std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  if (code == 0) return "no detail";
  std::array<char, 256> text{};
  ERR_error_string_n(code, text.data(), text.size());
  ERR_clear_error();
  return text.data();
}

std::string fingerprint(X509* certificate) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  X509_digest(certificate, EVP_sha256(), digest.data(), &length);
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    if (i > 0) text += ':';
    text += fmt::format("{:02X}", digest[i]);
  }
  return text;
}

std::vector<std::string> alternative_names(X509* certificate) {
  std::vector<std::string> names;
  NamesPtr list(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
  if (!list) return names;
  for (int i = 0; i < sk_GENERAL_NAME_num(list.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(list.get(), i);
    if (name->type == GEN_DNS) {
      const auto* text = ASN1_STRING_get0_data(name->d.dNSName);
      names.emplace_back(reinterpret_cast<const char*>(text),
                         static_cast<std::size_t>(ASN1_STRING_length(name->d.dNSName)));
    } else if (name->type == GEN_IPADD) {
      const int length = ASN1_STRING_length(name->d.iPAddress);
      const auto* bytes = ASN1_STRING_get0_data(name->d.iPAddress);
      std::array<char, INET6_ADDRSTRLEN> text{};
      const int family = length == 4 ? AF_INET : AF_INET6;
      if ((length == 4 || length == 16) && inet_ntop(family, bytes, text.data(), text.size()) != nullptr) {
        names.emplace_back(text.data());
      }
    }
  }
  return names;
}

X509Ptr read_certificate(const std::filesystem::path& file, std::string& error) {
  BioPtr bio(BIO_new_file(file.c_str(), "r"));
  if (!bio) {
    error = fmt::format("the certificate {} cannot be read ({}); check the path and its permissions",
                        file.string(), std::strerror(errno));
    return nullptr;
  }
  X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!certificate) {
    error = fmt::format(
        "{} holds no PEM certificate ({}); give the certificate file (-----BEGIN CERTIFICATE-----)",
        file.string(), openssl_reason());
  }
  return certificate;
}

KeyPtr read_key(const std::filesystem::path& file, std::string& error) {
  BioPtr bio(BIO_new_file(file.c_str(), "r"));
  if (!bio) {
    error = fmt::format("the private key {} cannot be read ({}); check the path and its permissions",
                        file.string(), std::strerror(errno));
    return nullptr;
  }
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    error = fmt::format(
        "{} holds no unencrypted PEM private key ({}); give the key file (-----BEGIN PRIVATE KEY-----)",
        file.string(), openssl_reason());
  }
  return key;
}

bool expired(X509* certificate, std::chrono::system_clock::time_point now) {
  time_t at = std::chrono::system_clock::to_time_t(now);
  return X509_cmp_time(X509_get0_notAfter(certificate), &at) <= 0;
}

// Writes `pem` to `file` through a temporary file created 0600 and renamed
// into place, so a crash never leaves half a key and the key is never readable by others.
std::string write_private(const std::filesystem::path& file, const std::string& pem) {
  const auto temporary = file.string() + ".new";
  ::unlink(temporary.c_str());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kPrivateMode);
  if (fd < 0) return fmt::format("could not create {} ({})", temporary, std::strerror(errno));
  std::size_t written = 0;
  while (written < pem.size()) {
    const auto n = ::write(fd, pem.data() + written, pem.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(temporary.c_str());
      return fmt::format("could not write {} ({})", temporary, reason);
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || std::rename(temporary.c_str(), file.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temporary.c_str());
    return fmt::format("could not save {} ({})", file.string(), reason);
  }
  return {};
}

std::string to_pem(X509* certificate) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), certificate);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return {data, static_cast<std::size_t>(size)};
}

std::string to_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return {data, static_cast<std::size_t>(size)};
}

bool add_extension(X509* certificate, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>> extension(
      X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

std::string alt_name_list(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& name : names) {
    std::array<unsigned char, sizeof(in6_addr)> address{};
    const bool ip = inet_pton(AF_INET, name.c_str(), address.data()) == 1 ||
                    inet_pton(AF_INET6, name.c_str(), address.data()) == 1;
    if (!list.empty()) list += ',';
    list += (ip ? "IP:" : "DNS:") + name;
  }
  return list;
}

CertificateResult make_self_signed(const std::filesystem::path& certificate_file,
                                   const std::filesystem::path& key_file,
                                   const std::vector<std::string>& names,
                                   std::chrono::system_clock::time_point now) {
  KeyPtr key(EVP_EC_gen("P-256"));
  X509Ptr certificate(X509_new());
  if (!key || !certificate)
    return CertificateError{"could not make a key for the certificate: " + openssl_reason()};
  X509_set_version(certificate.get(), 2);  // version 3, needed for extensions
  std::array<unsigned char, kSerialBytes> serial{};
  RAND_bytes(serial.data(), kSerialBytes);
  serial[0] &= 0x7F;  // a positive serial number
  std::unique_ptr<BIGNUM, Deleter<BN_free>> serial_number(BN_bin2bn(serial.data(), kSerialBytes, nullptr));
  BN_to_ASN1_INTEGER(serial_number.get(), X509_get_serialNumber(certificate.get()));
  time_t start = std::chrono::system_clock::to_time_t(now - std::chrono::hours(1));
  X509_time_adj_ex(X509_getm_notBefore(certificate.get()), 0, 0, &start);
  X509_time_adj_ex(X509_getm_notAfter(certificate.get()), static_cast<int>(kSelfSignedValidity.count()), 0,
                   &start);
  X509_set_pubkey(certificate.get(), key.get());
  X509_NAME* subject = X509_get_subject_name(certificate.get());
  const std::string common_name = names.empty() ? "velum" : fmt::format("velum on {}", names.front());
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("velum"), -1,
                             -1, 0);
  X509_set_issuer_name(certificate.get(), subject);
  const bool extended =
      add_extension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE") &&
      add_extension(certificate.get(), NID_key_usage, "critical,digitalSignature") &&
      add_extension(certificate.get(), NID_ext_key_usage, "serverAuth") &&
      (names.empty() || add_extension(certificate.get(), NID_subject_alt_name, alt_name_list(names)));
  if (!extended || X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) {
    return CertificateError{"could not make the certificate: " + openssl_reason()};
  }
  // The key first: a certificate without its key would be unusable.
  if (auto error = write_private(key_file, to_pem(key.get())); !error.empty()) {
    return CertificateError{error + "; check that the data folder is writable"};
  }
  if (auto error = write_private(certificate_file, to_pem(certificate.get())); !error.empty()) {
    return CertificateError{error + "; check that the data folder is writable"};
  }
  Certificate made;
  made.certificate_file = certificate_file;
  made.key_file = key_file;
  made.sha256_fingerprint = fingerprint(certificate.get());
  made.names = alternative_names(certificate.get());
  made.created = true;
  return made;
}

}  // namespace

CertificateResult load_certificate(const std::filesystem::path& certificate_file,
                                   const std::filesystem::path& key_file,
                                   std::chrono::system_clock::time_point now) {
  std::string error;
  X509Ptr certificate = read_certificate(certificate_file, error);
  if (!certificate) return CertificateError{error};
  KeyPtr key = read_key(key_file, error);
  if (!key) return CertificateError{error};
  if (X509_check_private_key(certificate.get(), key.get()) != 1) {
    ERR_clear_error();
    return CertificateError{
        fmt::format("the key {} does not belong to the certificate {}; give the key made with it",
                    key_file.string(), certificate_file.string())};
  }
  if (expired(certificate.get(), now)) {
    return CertificateError{
        fmt::format("the certificate {} has expired; renew it (or leave out --tls-cert and "
                    "--tls-key to use a self-signed one)",
                    certificate_file.string())};
  }
  Certificate loaded;
  loaded.certificate_file = certificate_file;
  loaded.key_file = key_file;
  loaded.sha256_fingerprint = fingerprint(certificate.get());
  loaded.names = alternative_names(certificate.get());
  return loaded;
}

CertificateResult self_signed_certificate(const std::filesystem::path& data_dir,
                                          const std::vector<std::string>& names,
                                          std::chrono::system_clock::time_point now) {
  const auto certificate_file = data_dir / kCertificateFileName;
  const auto key_file = data_dir / kKeyFileName;
  std::error_code ec;
  if (std::filesystem::exists(certificate_file, ec) && std::filesystem::exists(key_file, ec)) {
    auto kept = load_certificate(certificate_file, key_file, now);
    if (std::holds_alternative<Certificate>(kept)) return kept;
    std::string error;
    X509Ptr certificate = read_certificate(certificate_file, error);
    // Only an expired certificate of velum's own is replaced; anything else
    // wrong with the files is the person's to look at, not to overwrite.
    if (!certificate || !expired(certificate.get(), now)) return kept;
  }
  std::filesystem::create_directories(data_dir, ec);
  return make_self_signed(certificate_file, key_file, names, now);
}

}  // namespace velum::server::tls
