#include "manifest_rules.h"

#include "domain/synapse/synapse_refusals.h"

namespace synops {

Diagnostics manifest_rule_problems(const Desired& desired) {
  Diagnostics problems;
  std::vector<Refusal> refusals = synapse_image_refusals(desired.synapse);
  for (auto& refusal : hpa_on_named_pool_refusals(desired.synapse)) refusals.push_back(std::move(refusal));
  for (const auto& refusal : refusals) problems.push_back({refusal.where, refusal.message + " (rule " + refusal.rule + ")"});
  sort_diagnostics(problems);
  return problems;
}

}  // namespace synops
