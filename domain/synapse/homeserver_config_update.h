// An update of a ConfigMap that Synapse processes read (homeserver.yaml, worker configs): a
// guarded update like any other (domain/apply_kit/object_update.h). Synapse reads its config
// only at start, so once a rollback has restored the ConfigMap, every Deployment and
// StatefulSet the run touched is restarted to read the restored text, stamped with its
// config hash: the way the run restarted it (stopped and started together for federation
// senders), and for a StatefulSet with its pods that crashed on the undone config deleted
// (Kubernetes' forced rollback), since its controller never replaces them.
#pragma once
#include "domain/apply_kit/object_update.h"

namespace synops::apply {

class HomeserverConfigUpdate : public ObjectUpdate {
 public:
  std::vector<std::string> after_undo(ActuationContext& context, const std::vector<BegunStep>& mine,
                                      const std::vector<Touched>& touched) const override;
};

}  // namespace synops::apply
