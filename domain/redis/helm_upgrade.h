// A changed value of a Helm release (Redis, §2.3, §4.4), or a new chart version (monitoring,
// §2.6), carried out with the real helm:
//   helm upgrade RELEASE CHART --namespace NS --reuse-values [--version V]
//        --set-json KEY=VALUE ... --wait --timeout Ns
// CHART is redis.yaml's (monitoring.yaml's) `chart` and `version` when given, else the chart the
// deployed release stores, written to a private directory beside the journal (helm_stored_chart.h).
// A new chart version is applied with --reset-then-reuse-values instead of --reuse-values: the
// new chart's defaults with the release's own values over them, and needs the manifests' chart.
// The before-image is the revision the plan was made from, checked to be the release's
// newest (a newer one, deployed or not, means the plan is stale), and the chart used, so that
// resume upgrades with the same chart. Undo is `helm rollback RELEASE REVISION`, then, as a
// forced rollback, the deletion of the release's StatefulSet pods left not ready on the undone
// template (object_update.h), and a wait until those StatefulSets are ready.
#pragma once
#include "domain/apply_kit/actuator.h"

namespace synops::apply {

class HelmUpgrade : public Actuator {
 public:
  std::optional<std::string> refusal(const Action& action) const override;
  std::optional<std::string> missing_program(const ApplyOptions& options) const override;
  bool writes_cluster() const override;
  Result<nlohmann::json> before_image(ActuationContext& context, const Action& action) const override;
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
  bool has_undo() const override;
  Result<bool> undo(ActuationContext& context, const BegunStep& step) const override;
  Result<bool> verify(ActuationContext& context, const Action& action) const override;
};

}  // namespace synops::apply
