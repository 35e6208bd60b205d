#include "certificates.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace kube_test {

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

struct Subject {
  std::string common_name;
  std::string organization;
  std::vector<std::pair<int, std::string>> extensions;  // NID, value in openssl.cnf syntax
};

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("OpenSSL: ") + what);
}

Key new_key() {
  Key key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  check(key != nullptr, "cannot generate a P-256 key");
  return key;
}

void add_extension(X509* cert, X509V3_CTX* context, int nid, const std::string& value) {
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, context, nid, value.c_str());
  check(extension != nullptr, "bad certificate extension");
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

// Signed by `issuer` (its certificate and key), or self-signed when issuer is null.
Cert make_certificate(const Subject& subject, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key) {
  Cert cert(X509_new(), &X509_free);
  X509_set_version(cert.get(), 2);
  uint64_t serial = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial);
  ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), serial >> 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 7L * 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (!subject.organization.empty())
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(subject.organization.c_str()), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(subject.common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : subject.extensions) add_extension(cert.get(), &context, nid, value);
  check(X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) > 0, "cannot sign a certificate");
  return cert;
}

std::string pem_of(X509* cert) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_X509(bio.get(), cert);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

std::string pem_of(EVP_PKEY* key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

Subject authority(const std::string& name) {
  return {name, "", {{NID_basic_constraints, "critical,CA:TRUE"}, {NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature"},
                     {NID_subject_key_identifier, "hash"}}};
}

}  // namespace

Certificates generate_certificates() {
  Certificates result;
  Key ca_key = new_key();
  Cert ca = make_certificate(authority("synops-test-ca"), ca_key.get(), nullptr, nullptr);
  result.ca = {pem_of(ca.get()), pem_of(ca_key.get())};

  const Subject server{"127.0.0.1", "",
                       {{NID_basic_constraints, "critical,CA:FALSE"}, {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                        {NID_ext_key_usage, "serverAuth"}, {NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"},
                        {NID_authority_key_identifier, "keyid"}}};
  Key server_key = new_key();
  result.server = {pem_of(make_certificate(server, server_key.get(), ca.get(), ca_key.get()).get()), pem_of(server_key.get())};

  const Subject client{"synops-test", "system:masters",
                       {{NID_basic_constraints, "critical,CA:FALSE"}, {NID_key_usage, "critical,digitalSignature"},
                        {NID_ext_key_usage, "clientAuth"}, {NID_authority_key_identifier, "keyid"}}};
  Key client_key = new_key();
  result.client = {pem_of(make_certificate(client, client_key.get(), ca.get(), ca_key.get()).get()), pem_of(client_key.get())};

  Key wrong_key = new_key();
  result.wrong_ca = {pem_of(make_certificate(authority("not-the-synops-test-ca"), wrong_key.get(), nullptr, nullptr).get()), ""};
  return result;
}

}  // namespace kube_test
