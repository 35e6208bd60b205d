// The server's TLS: its certificate, and a request (not a requirement) for a client
// certificate signed by the test CA. Who the verified certificate names is the caller.
#pragma once
#include <string>

#include <boost/asio/ssl.hpp>

#include "certificates.h"

namespace kube_test {

boost::asio::ssl::context make_tls_context(const Certificates& certificates);

// The common name of the peer's certificate when the handshake verified one, else "".
std::string verified_client_name(SSL* connection);

}  // namespace kube_test
