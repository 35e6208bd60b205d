#include "cluster_identity.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cctype>
#include <memory>
#include <optional>

#include "engine/sha256.h"

namespace synops::kube {

namespace {

// The SHA-256 of the first certificate's DER bytes, as `openssl x509 -fingerprint -sha256`
// computes it (without the colons), so the same CA written another way has one fingerprint.
std::string certificate_fingerprint(const std::string& pem) {
  if (pem.empty()) return "";
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  if (!certificate) return sha256_hex(pem);  // not parseable here: curl refused it already, but still tell CAs apart
  unsigned char* der = nullptr;
  const int length = i2d_X509(certificate.get(), &der);
  if (length <= 0) return sha256_hex(pem);
  std::string digest = sha256_hex(std::string_view(reinterpret_cast<const char*>(der), static_cast<size_t>(length)));
  OPENSSL_free(der);
  return digest;
}

std::string folder_safe(const std::string& text) {
  std::string safe;
  for (const char c : text) safe += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '-';
  return safe;
}

}  // namespace

nlohmann::json ClusterIdentity::to_json() const {
  return {{"server", server}, {"kube_system_uid", kube_system_uid}, {"ca_sha256", ca_sha256}};
}

std::optional<ClusterIdentity> ClusterIdentity::from_json(const nlohmann::json& value) {
  if (!value.is_object()) return std::nullopt;
  ClusterIdentity identity;
  for (auto [key, field] : {std::pair{"server", &identity.server}, std::pair{"kube_system_uid", &identity.kube_system_uid},
                            std::pair{"ca_sha256", &identity.ca_sha256}}) {
    const auto member = value.find(key);
    if (member == value.end() || !member->is_string()) return std::nullopt;
    *field = member->get<std::string>();
  }
  if (identity.server.empty()) return std::nullopt;
  return identity;
}

std::string ClusterIdentity::folder_name() const {
  std::string host = server;
  if (const size_t scheme = host.find("://"); scheme != std::string::npos) host = host.substr(scheme + 3);
  std::string name = folder_safe(host);
  while (name.ends_with('-')) name.pop_back();
  if (!kube_system_uid.empty()) name += "-" + folder_safe(kube_system_uid.substr(0, 8));
  return name.empty() ? "cluster" : name;
}

Result<ClusterIdentity> read_cluster_identity(const KubeClient& client) {
  ClusterIdentity identity{client.http().server(), "", certificate_fingerprint(client.http().ca_pem())};
  auto answer = client.http().send({.method = "GET", .target = "/api/v1/namespaces/kube-system"});
  if (!answer) {
    if (answer.error().status == 403 || answer.error().status == 404) return identity;
    return fail("cannot read the cluster's identity (namespace kube-system): " + answer.error().message);
  }
  const auto body = nlohmann::json::parse(answer->body, nullptr, false);
  if (body.is_object()) {
    const auto uid = body.value("/metadata/uid"_json_pointer, nlohmann::json());
    if (uid.is_string()) identity.kube_system_uid = uid.get<std::string>();
  }
  return identity;
}

std::string identity_mismatch(const ClusterIdentity& recorded, const ClusterIdentity& live) {
  if (recorded.server != live.server) return "it ran against " + recorded.server + ", but this command talks to " + live.server;
  if (!recorded.kube_system_uid.empty() && recorded.kube_system_uid != live.kube_system_uid)
    return live.kube_system_uid.empty()
               ? "this account cannot read the kube-system namespace, so nothing confirms that " + live.server +
                     " is still the cluster it ran against (kube-system UID " + recorded.kube_system_uid + ")"
               : live.server + " is another cluster now: its kube-system namespace has UID " + live.kube_system_uid +
                     ", the cluster it ran against had " + recorded.kube_system_uid;
  if (!recorded.ca_sha256.empty() && recorded.ca_sha256 != live.ca_sha256)
    return "the kubeconfig trusts another certificate authority for " + live.server + " (SHA-256 " +
           (live.ca_sha256.empty() ? "none: the system's roots" : live.ca_sha256.substr(0, 16) + "…") + ", it ran with " +
           recorded.ca_sha256.substr(0, 16) + "…)";
  return "";
}

}  // namespace synops::kube
