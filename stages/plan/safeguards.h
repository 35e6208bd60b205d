// Steps the guide puts around every change (§1.1, §5, §6.2): backups first when the risk
// demands them, and maintenance mode around critical changes.
#pragma once
#include "engine/live_state.h"
#include "engine/plan_builder.h"
#include "domain/manifests/desired.h"

namespace synops {

// From medium risk up, before any other step (rule backups-first): a pg_dump of the Synapse
// database, and of the LI instance's when the plan changes the LI or the Cluster (a note when
// the manifests do not say which database that is); a copy of every ConfigMap and custom
// resource the plan changes, and of the Synapse ConfigMap before any Synapse upgrade (§2.1).
void add_backups(PlanDraft& draft, const Desired& desired, const LiveState& live);

// For critical plans, and for every plan when synops.yaml says `maintenance.when: always`:
// maintenance mode on after the backups, off at the end, and the version check after it (the
// processes must run again to answer). Scaling a Synapse workload inside scale-to-zero
// maintenance mode is refused (maintenance-scale-to-zero-scaling).
void add_maintenance_mode(PlanDraft& draft, const Desired& desired);

// The highest risk of any step in the draft.
Risk draft_risk(const PlanDraft& draft);

}  // namespace synops
