// Maintenance mode by the guide's option 2 (§6.2): a maintenance page behind the Ingress,
// while Synapse keeps running.
//
// Showing it creates the ConfigMap, Deployment and Service `maintenance-page` (labelled
// app.kubernetes.io/managed-by=synops), waits until the Deployment is ready, then points every
// backend of the Ingress at the page in one guarded write that keeps the Ingress's rules and
// default backend as they were in an annotation (synops.io/backends-before-maintenance).
// Hiding it writes them back from the annotation, then deletes the page's objects. Both read
// their progress from the cluster, so a run killed halfway is finished by resume or rollback;
// an object of that name that synops did not create is never adopted or deleted.
#pragma once
#include <string>

#include "domain/apply_kit/actuator.h"

namespace synops::apply {

inline constexpr const char* kBackendsBeforeMaintenance = "synops.io/backends-before-maintenance";
inline constexpr const char* kMaintenancePage = "maintenance-page";

Result<bool> show_maintenance_page(ActuationContext& context, const Action& action, const std::string& label);
Result<bool> hide_maintenance_page(ActuationContext& context, const Action& action, const std::string& label);

// The Ingress's rules and default backend as they are now (the journal's before-image).
Result<nlohmann::json> ingress_backends_now(ActuationContext& context, const Action& action);

}  // namespace synops::apply
