// A rollout restart of a Synapse process, as `kubectl rollout restart` does it: the pod
// template's restartedAt annotation, stamped with the time decided at step-begin (so a
// resumed restart recognises its own write), and the config-hash annotation drift compares
// with the ConfigMap (config_hash.h). A restart has no undo of its own: a rollback that
// restores homeserver.yaml restarts the processes again (HomeserverConfigUpdate).
#pragma once
#include <string>

#include "domain/apply_kit/actuator.h"

namespace synops::apply {

class SynapseRestart : public Actuator {
 public:
  bool writes_cluster() const override;
  Result<nlohmann::json> before_image(ActuationContext& context, const Action& action) const override;
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
  std::optional<ObjectRef> settles(const Action& action) const override;
};

// Restarts a workload now, stamping the config hash of `homeserver` when it is not empty.
Result<bool> restart_workload(const ActuationContext& context, const ObjectRef& ref, const std::string& homeserver);

}  // namespace synops::apply
