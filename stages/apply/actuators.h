// Which actuator carries out each step (domain/apply_kit/actuator.h). The one place in apply
// that names kinds: it routes each step to the folder that owns it, as stages/plan/planner.cpp
// routes each manifest section to its planner.
#pragma once
#include "domain/apply_kit/actuator.h"

namespace synops::apply {

const Actuator& actuator_for(const Action& action);

}  // namespace synops::apply
