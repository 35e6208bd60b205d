// tls.yaml from the cert-manager Certificates of the namespace.
#include "import_sections.h"

namespace synops::importer {

void import_certificates(const Context& context, Manifests& out) {
  for (const LiveObject* certificate : context.live.of_kind("Certificate")) {
    if (certificate->ref.ns != context.ns) continue;
    const auto names = certificate->body.value("/spec/dnsNames"_json_pointer, nlohmann::json::array());
    if (names.empty()) {
      context.warnings.push_back(certificate->ref.str() + " has no dnsNames; left out");
      continue;
    }
    out.tls["tls"]["certificates"][certificate->ref.name]["dnsNames"] = names;
  }
}

}  // namespace synops::importer
