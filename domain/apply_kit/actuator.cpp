#include "actuator.h"

namespace synops::apply {

std::optional<std::string> Actuator::refusal(const Action&) const { return std::nullopt; }

std::optional<std::string> Actuator::missing_program(const ApplyOptions&) const { return std::nullopt; }

bool Actuator::writes_cluster() const { return false; }

Result<nlohmann::json> Actuator::before_image(ActuationContext&, const Action&) const { return nlohmann::json::object(); }

bool Actuator::has_undo() const { return false; }

Result<bool> Actuator::undo(ActuationContext&, const BegunStep&) const { return true; }

Result<bool> Actuator::crossed_point_of_no_return(ActuationContext&, const BegunStep&) const { return true; }

std::vector<std::string> Actuator::after_undo(ActuationContext&, const std::vector<BegunStep>&,
                                              const std::vector<Touched>&) const {
  return {};
}

std::optional<ObjectRef> Actuator::settles(const Action&) const { return std::nullopt; }

Result<bool> Actuator::verify(ActuationContext&, const Action&) const { return false; }

}  // namespace synops::apply
