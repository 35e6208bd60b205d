#include "steps.h"

#include "actuators.h"
#include "engine/sensitivity.h"

namespace synops::apply {

namespace {

nlohmann::json ref_json(const ObjectRef& ref) { return {{"kind", ref.kind}, {"namespace", ref.ns}, {"name", ref.name}}; }

bool is_sensitive(const Change& change) {
  return change.sensitive || change.before == std::string(kSensitiveMark) || change.after == std::string(kSensitiveMark);
}

}  // namespace

std::vector<std::string> unsupported_steps(const Plan& plan) {
  std::vector<std::string> problems;
  for (const auto& action : plan.actions) {
    if (auto refused = actuator_for(action).refusal(action)) problems.push_back(action.id + ": " + *refused);
    for (const auto& change : action.changes)
      if (is_sensitive(change))
        problems.push_back(action.id + ": " + action.target.str() + " " + change.path.str() +
                           " is sensitive; apply never journals secret values, so it does not write them");
  }
  return problems;
}

std::vector<std::string> missing_programs(const Plan& plan, const ApplyOptions& options) {
  for (const auto& action : plan.actions)
    if (auto program = actuator_for(action).missing_program(options)) return {action.id + ": " + *program};  // one sentence says it
  return {};
}

const Action* step_with_id(const Plan& plan, const std::string& id) {
  for (const auto& action : plan.actions)
    if (action.id == id) return &action;
  return nullptr;
}

Result<nlohmann::json> begin_step(ApplyContext& context, const Action& action, const nlohmann::json* previous) {
  nlohmann::json record = {{"record", "step-begin"}, {"step", action.id}, {"type", to_string(action.type)}, {"target", ref_json(action.target)}};
  if (previous != nullptr && previous->contains("before")) {
    record["before"] = previous->at("before");  // the first try's before-image is the one undo needs
    return record;
  }
  auto before = actuator_for(action).before_image(context, action);
  if (!before) return std::unexpected(before.error());
  record["before"] = *before;
  return record;
}

Result<nlohmann::json> perform_step(ApplyContext& context, const Plan& plan, const Action& action, const nlohmann::json& begin,
                                    const std::string& label) {
  static const ActuatorLookup lookup = [](const Action& a) -> const Actuator& { return actuator_for(a); };
  return actuator_for(action).act(context, StepRun{plan, action, begin.at("before"), label, lookup});
}

bool writes_cluster(const Action& action) { return actuator_for(action).writes_cluster(); }

}  // namespace synops::apply
