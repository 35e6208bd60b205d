// A throwaway PKI made at start with OpenSSL: a CA, a server certificate for 127.0.0.1 and
// localhost, a client certificate (CN synops-test, O system:masters, as kubeadm's admin),
// and an unrelated CA for tests that must see verification fail.
#pragma once
#include <string>

namespace kube_test {

struct Pem {
  std::string certificate;
  std::string key;
};

struct Certificates {
  Pem ca;
  Pem server;
  Pem client;
  Pem wrong_ca;
};

Certificates generate_certificates();

}  // namespace kube_test
