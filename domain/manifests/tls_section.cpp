// tls: cert-manager Certificates and the DNS names each covers, sorted by name.
#include <algorithm>
#include <set>

#include "kubernetes_names.h"
#include "manifest_keys.h"
#include "sections.h"
#include "adapters/yaml/tree_paths.h"

namespace synops {
namespace {

void read_dns_names(const Node& names, CertificateDesired& certificate, Diagnostics& problems) {
  if (!names.is_sequence() || names.value().empty()) {
    const std::string got = names.is_sequence() ? "an empty sequence" : kind_of(names.value());
    return report(problems, names.at(), "\"" + names.path() + "\" must be a non-empty sequence of DNS names, got " + got);
  }
  std::set<std::string> seen;
  for (const Node& item : names.items()) {
    if (!item.value().is_string() || item.raw().empty()) {
      report(problems, item.at(), "\"" + item.path() + "\" must be a non-empty string, got " +
                                      (item.value().is_string() ? "an empty string" : kind_of(item.value())));
    } else if (!seen.insert(item.raw()).second) {
      report(problems, item.at(), "DNS name \"" + item.raw() + "\" is listed twice in " + names.path());
    } else {
      certificate.dns_names.push_back(Located<std::string>{item.raw(), item.at()});
    }
  }
}

std::optional<CertificateDesired> read_certificate(const Node& entry, Diagnostics& problems) {
  if (!is_dns1123_subdomain(entry.label()))
    report(problems, entry.key_at(), "certificate name \"" + entry.label() + "\" " + where_in(entry.parent_path()) +
                                         " must be a Kubernetes name (lowercase letters, digits, \"-\" and \".\")");
  if (!expect_mapping(entry, problems)) return std::nullopt;
  check_keys(entry, manifest_keys::certificate, problems);
  CertificateDesired certificate;
  certificate.name = Located<std::string>{entry.label(), entry.key_at()};
  certificate.at = entry.at();
  if (auto names = require(entry, "dnsNames", problems)) read_dns_names(*names, certificate, problems);
  return certificate;
}

}  // namespace

void read_tls_section(const Node& tls, std::vector<CertificateDesired>& desired, Diagnostics& problems) {
  if (!expect_mapping(tls, problems)) return;
  check_keys(tls, manifest_keys::tls, problems);
  const auto certificates = tls.get("certificates");
  if (!certificates || !expect_mapping(*certificates, problems)) return;
  for (const Node& entry : certificates->members())
    if (auto certificate = read_certificate(entry, problems)) desired.push_back(std::move(*certificate));
  std::ranges::sort(desired, {}, [](const CertificateDesired& c) { return c.name.value; });
}

}  // namespace synops
