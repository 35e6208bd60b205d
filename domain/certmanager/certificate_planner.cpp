#include "certificate_planner.h"

#include "domain/planning_kit/live_lookup.h"
#include "domain/planning_kit/update_and_wait.h"
#include "engine/json_pointer.h"

namespace synops {

PlanDraft plan_certificates(const Desired& desired, const LiveState& live, Diagnostics& problems) {
  PlanDraft draft;
  for (const auto& certificate : desired.certificates) {
    const LiveObject* object =
        require_live(live, {"Certificate", desired.ns.value, certificate.name.value}, certificate.name.at, problems);
    if (!object) continue;
    nlohmann::json wanted = nlohmann::json::array();
    for (const auto& name : certificate.dns_names) wanted.push_back(name.value);
    const nlohmann::json current = value_at(object->body, "/spec/dnsNames");
    if (current == wanted) continue;
    add_update_and_wait(draft, {object->ref,
                                {{{"/spec/dnsNames", ""}, current, wanted, false,
                                  "tls.certificates." + certificate.name.value + ".dnsNames in " + certificate.at.str(),
                                  certificate.at}},
                                Risk::low, "cert-manager reissues the certificate for the new names (§3.4)"});
  }
  return draft;
}

}  // namespace synops
