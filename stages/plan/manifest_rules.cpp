#include "manifest_rules.h"

#include "domain/synapse/synapse_refusals.h"

namespace synops {

Diagnostics manifest_rule_problems(const Desired& desired) {
  Diagnostics problems;
  for (const auto& refusal : synapse_image_refusals(desired.synapse))
    problems.push_back({refusal.where, refusal.message + " (rule " + refusal.rule + ")"});
  sort_diagnostics(problems);
  return problems;
}

}  // namespace synops
