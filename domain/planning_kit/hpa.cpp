#include "hpa.h"

namespace synops {

namespace {

std::string text_member(const nlohmann::json& object, const char* key) {
  const auto member = object.find(key);
  return member != object.end() && member->is_string() ? member->get<std::string>() : "";
}

}  // namespace

HpaTargets::HpaTargets(const LiveState& live) {
  for (const LiveObject* hpa : live.of_kind("HorizontalPodAutoscaler")) {
    const auto& body = hpa->body.json();
    const auto spec = body.find("spec");
    if (spec == body.end() || !spec->is_object()) continue;
    const auto target = spec->find("scaleTargetRef");
    if (target == spec->end() || !target->is_object()) continue;
    by_target_.emplace(ObjectRef{text_member(*target, "kind"), hpa->ref.ns, text_member(*target, "name")},
                       hpa);  // emplace keeps the first
  }
}

const LiveObject* HpaTargets::find(const ObjectRef& workload) const {
  const auto found = by_target_.find(workload);
  return found == by_target_.end() ? nullptr : found->second;
}

}  // namespace synops
