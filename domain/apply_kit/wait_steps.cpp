#include "wait_steps.h"

#include "step_wait.h"

namespace synops::apply {

Result<nlohmann::json> ReadyWait::act(ActuationContext& context, const StepRun& step) const {
  auto waited = wait_until_ready(context, step.action.target, step.label);
  if (!waited) return std::unexpected(waited.error());
  return nlohmann::json::object();
}

std::optional<std::string> Pause::refusal(const Action& action) const {
  if (action.pause && action.pause->count() >= 0) return std::nullopt;
  return "a pause step needs its length (params.pause_seconds, 0 or more)";
}

Result<nlohmann::json> Pause::act(ActuationContext& context, const StepRun& step) const {
  auto paused = pause_for(context, *step.action.pause, step.label);
  if (!paused) return std::unexpected(paused.error());
  return nlohmann::json::object();
}

}  // namespace synops::apply
