// drift.ignore from the manifests: drift an operator has accepted (a field another tool
// owns, a canary pod on a newer image) is left out of reports, so a cron does not cry wolf.
#pragma once
#include <vector>

#include "drift_item.h"
#include "domain/manifests/desired.h"

namespace synops {

// Whether `rule` covers `item`: the kind and name (when given) match the drifted object or
// the workload owning a drifted pod, and the item's path is the rule's path or lies below
// it ("/spec" covers "/spec/replicas"; "/data/homeserver.yaml" covers
// "/data/homeserver.yaml#/rc_message"; "/spec/rep" covers neither).
bool ignore_rule_matches(const DriftIgnoreRule& rule, const DriftItem& item);

// Removes the covered items and returns how many were removed.
int apply_ignore_rules(const std::vector<DriftIgnoreRule>& rules, std::vector<DriftItem>& items);

}  // namespace synops
