// What a test (or kubectl) needs to talk to this server, written to the --certs directory:
// ca.crt, client.crt, client.key, wrong-ca.crt, token, and two ready kubeconfigs:
// kubeconfig-token.yaml (bearer token) and kubeconfig-cert.yaml (client certificate).
#pragma once
#include <filesystem>
#include <string>

#include "certificates.h"

namespace kube_test {

// An error sentence, empty on success.
std::string write_client_files(const std::filesystem::path& dir, const Certificates& certificates, const std::string& token,
                               const std::string& server_url);

}  // namespace kube_test
