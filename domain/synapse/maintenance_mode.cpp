#include "maintenance_mode.h"

#include "maintenance_page.h"
#include "scale_to_zero.h"

namespace synops::apply {

namespace {

bool by_page(const Action& action) { return action.maintenance_method == MaintenanceMethod::page; }

Result<bool> enter(ActuationContext& context, const Action& action, const std::string& label) {
  return by_page(action) ? show_maintenance_page(context, action, label) : stop_synapse(context, action, label);
}

Result<bool> leave(ActuationContext& context, const Action& action, const std::string& label) {
  return by_page(action) ? hide_maintenance_page(context, action, label) : start_synapse(context, action, label);
}

}  // namespace

std::optional<std::string> MaintenanceMode::refusal(const Action& action) const {
  if (!action.maintenance_on || !action.maintenance_method)
    return "this maintenance step does not say how to enter maintenance mode (a plan of an older synops); plan again";
  if (by_page(action) && (action.ingress.empty() || action.page_image.empty()))
    return "this maintenance step names no Ingress or page image; plan again";
  for (const auto& workload : action.workloads)
    if (workload.kind != "Deployment" && workload.kind != "StatefulSet")
      return "maintenance mode scales Deployments and StatefulSets only, not " + workload.str();
  return std::nullopt;
}

bool MaintenanceMode::writes_cluster() const { return true; }

// The journal keeps what maintenance mode changes, as it was when the step began.
Result<nlohmann::json> MaintenanceMode::before_image(ActuationContext& context, const Action& action) const {
  if (by_page(action)) {
    auto ingress = ingress_backends_now(context, action);
    if (!ingress) return std::unexpected(ingress.error());
    return nlohmann::json{{"ingress", *ingress}};
  }
  auto workloads = synapse_replicas_now(context, action);
  if (!workloads) return std::unexpected(workloads.error());
  return nlohmann::json{{"workloads", *workloads}};
}

Result<nlohmann::json> MaintenanceMode::act(ActuationContext& context, const StepRun& step) const {
  const bool on = *step.action.maintenance_on;
  auto done = on ? enter(context, step.action, step.label) : leave(context, step.action, step.label);
  if (!done) return std::unexpected(done.error());
  return nlohmann::json{{"maintenance", on ? "on" : "off"}};
}

bool MaintenanceMode::has_undo() const { return true; }

Result<bool> MaintenanceMode::undo(ActuationContext& context, const BegunStep& step) const {
  const std::string label = "undo " + step.action.id;
  return *step.action.maintenance_on ? leave(context, step.action, label) : enter(context, step.action, label);
}

}  // namespace synops::apply
