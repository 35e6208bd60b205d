#include "tls_context.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

namespace kube_test {

namespace ssl = boost::asio::ssl;

ssl::context make_tls_context(const Certificates& certificates) {
  ssl::context context(ssl::context::tls_server);
  context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                      ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  context.use_certificate_chain(boost::asio::buffer(certificates.server.certificate));
  context.use_private_key(boost::asio::buffer(certificates.server.key), ssl::context::pem);
  context.add_certificate_authority(boost::asio::buffer(certificates.ca.certificate));
  // Ask for a client certificate but do not insist: token clients send none.
  context.set_verify_mode(ssl::verify_peer);
  // Clients resume TLS sessions on new connections (curl shares them between handles);
  // with peer verification on, OpenSSL refuses resumption without a session id context.
  static constexpr unsigned char kSessionContext[] = "synops-test-apiserver";
  SSL_CTX_set_session_id_context(context.native_handle(), kSessionContext, sizeof kSessionContext - 1);
  BIO* bio = BIO_new_mem_buf(certificates.ca.certificate.data(), static_cast<int>(certificates.ca.certificate.size()));
  X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  SSL_CTX_add_client_CA(context.native_handle(), ca);  // tells clients which certificates we accept
  X509_free(ca);
  BIO_free(bio);
  return context;
}

std::string verified_client_name(SSL* connection) {
  X509* peer = SSL_get1_peer_certificate(connection);
  if (peer == nullptr) return "";
  std::string name;
  if (SSL_get_verify_result(connection) == X509_V_OK) {
    char buffer[256] = {0};
    X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, buffer, sizeof buffer);
    name = buffer;
  }
  X509_free(peer);
  return name;
}

}  // namespace kube_test
