// The ordered, risk-rated plan: what `plan` prints, `--out` saves and `apply` executes.
#pragma once
#include <string>
#include <vector>

#include "action.h"
#include "risk.h"
#include "source_position.h"

namespace synops {

// A safety rule that stops the plan (exit 3).
struct Refusal {
  std::string rule;     // "synapse-images-match"
  std::string message;  // names the numbers and objects involved
  SourcePosition where; // the manifest value that triggered it
  auto operator<=>(const Refusal&) const = default;
};

struct PlanSummary {
  int changes = 0;  // field changes over all actions
  Risk risk = Risk::low;
  std::vector<std::string> restarts;  // "StatefulSet/matrix/synapse-main", in plan order
  bool backup_required = false;
  bool maintenance_window = false;
};

// An object the plan's steps act on and the resourceVersion it had when the plan was made:
// `apply PLANFILE` refuses when any of them has another resourceVersion now.
struct ObjectRead {
  ObjectRef ref;
  std::string resource_version;
  auto operator<=>(const ObjectRead&) const = default;
};

// A live object that apply's preflight (adapters/kubernetes/preflight.h) would refuse to
// change as it is now: a crash loop, a rollout in progress, a CloudNativePG Cluster failing
// over. The plan carries them so the reviewer knows before the window; they never refuse the
// plan itself, since the deployment may be healthy again by the time it is applied.
struct HealthWarning {
  ObjectRef ref;
  std::string message;  // what is wrong with it, in preflight's words
  auto operator<=>(const HealthWarning&) const = default;
};

struct Plan {
  std::string live_fingerprint;
  PlanSummary summary;
  std::vector<Action> actions;  // in execution order
  std::vector<Refusal> refusals;
  std::vector<std::string> notes;  // plan-wide warnings a reviewer must read (rollback limits ...)
  std::vector<ObjectRead> reads;   // by identity; empty in plan files written before it existed
  std::vector<HealthWarning> health_warnings;  // by identity; empty in plan files written before it existed

  bool empty() const { return actions.empty(); }
  bool refused() const { return !refusals.empty(); }
};

}  // namespace synops
