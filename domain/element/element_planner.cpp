#include "element_planner.h"

#include "domain/planning_kit/live_lookup.h"
#include "domain/planning_kit/update_and_wait.h"
#include "engine/json_pointer.h"

namespace synops {

PlanDraft plan_element(const Desired& desired, const LiveState& live, Diagnostics& problems) {
  PlanDraft draft;
  const auto& element = desired.element;
  if (!element.workload || !element.image) return draft;
  const WorkloadRef& ref = *element.workload;
  const LiveObject* workload = require_live(live, {ref.kind.value, desired.ns.value, ref.name.value}, ref.at, problems);
  if (!workload) return draft;
  const int container = require_container(*workload, ref.container, ref.at, problems);
  if (container < 0) return draft;
  const std::string pointer = "/spec/template/spec/containers/" + std::to_string(container) + "/image";
  const nlohmann::json current = value_at(workload->body, pointer);
  if (current == element.image->value) return draft;
  Action& update = add_update_and_wait(
      draft, {workload->ref,
              {{{pointer, ""}, current, element.image->value, false, "element.image in " + element.image->at.str(),
                element.image->at}},
              Risk::low, "roll Element Web to the new image (§2.5)"});
  update.restarts_pods = true;
  return draft;
}

}  // namespace synops
