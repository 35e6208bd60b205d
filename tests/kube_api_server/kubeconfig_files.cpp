#include "kubeconfig_files.h"

#include <sys/stat.h>

#include <fstream>

#include "base64.h"

namespace kube_test {

namespace {

bool write_private(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  return out.good() && chmod(path.c_str(), 0600) == 0;
}

std::string kubeconfig(const std::string& server, const std::string& ca_pem, const std::string& user) {
  return "apiVersion: v1\n"
         "kind: Config\n"
         "clusters:\n"
         "- name: synops-test\n"
         "  cluster:\n"
         "    server: " + server + "\n"
         "    certificate-authority-data: " + base64(ca_pem) + "\n"
         "contexts:\n"
         "- name: synops-test\n"
         "  context:\n"
         "    cluster: synops-test\n"
         "    user: synops-test\n"
         "    namespace: matrix\n"
         "current-context: synops-test\n"
         "users:\n"
         "- name: synops-test\n"
         "  user:\n" + user;
}

}  // namespace

std::string write_client_files(const std::filesystem::path& dir, const Certificates& certificates, const std::string& token,
                               const std::string& server_url) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return "cannot create " + dir.string() + ": " + error.message();
  const std::string token_user = "    token: " + token + "\n";
  const std::string cert_user = "    client-certificate-data: " + base64(certificates.client.certificate) + "\n" +
                                "    client-key-data: " + base64(certificates.client.key) + "\n";
  const std::pair<const char*, std::string> files[] = {
      {"ca.crt", certificates.ca.certificate},
      {"wrong-ca.crt", certificates.wrong_ca.certificate},
      {"client.crt", certificates.client.certificate},
      {"client.key", certificates.client.key},
      {"token", token + "\n"},
      {"kubeconfig-token.yaml", kubeconfig(server_url, certificates.ca.certificate, token_user)},
      {"kubeconfig-cert.yaml", kubeconfig(server_url, certificates.ca.certificate, cert_user)},
  };
  for (const auto& [name, content] : files)
    if (!write_private(dir / name, content)) return "cannot write " + (dir / name).string();
  return "";
}

}  // namespace kube_test
