// How apply carries out one step of a plan. The executor, journal, lock, rollback and resume
// know steps only through this interface; the folder that owns a kind implements the
// actuators of its steps (domain/synapse: restarts, the upgrade check; domain/postgres: the
// pg_dump backup; this folder: the steps every kind shares), and stages/apply/actuators.cpp
// picks the actuator of each step.
//
// A run asks, for each step: refusal (before anything is written), before_image (journalled
// in the step-begin record), act (its result goes to the step-done record). A rollback asks,
// for each step that began, newest first: undo, then after_undo once per actuator, then waits
// until every object that settles is ready again; before that, crossed_point_of_no_return of
// each irreversible step decides where the undos stop (stages/apply/rollback.cpp). The verify step asks verify of every step.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actuation_context.h"
#include "engine/action.h"
#include "engine/plan.h"
#include "engine/result.h"

namespace synops::apply {

class Actuator;
using ActuatorLookup = std::function<const Actuator&(const Action&)>;

// One step being carried out.
struct StepRun {
  const Plan& plan;
  const Action& action;
  const nlohmann::json& before;   // the before-image of the step-begin record
  const std::string& label;       // "[3/12] update StatefulSet/matrix/synapse-main", for progress lines
  const ActuatorLookup& actuators;  // the actuators of the plan's other steps (the verify step asks them)
};

// A step a rollback undoes: its action and the before-image the journal kept.
struct BegunStep {
  const Action& action;
  const nlohmann::json& before;
};

// An object a rollback waits for once the undos are done (an actuator's `settles`), and how
// its processes restart when a restored config needs them to: the way the run's steps
// restarted them, and for a stop-start the count recorded before the stop (from the journal,
// so a rollback run again after dying mid-restart starts the recorded count, not the 0 live).
struct Touched {
  ObjectRef ref;
  RestartMode restart = RestartMode::rolling;
  std::optional<std::int64_t> replicas;
};

class Actuator {
 public:
  virtual ~Actuator() = default;

  // Why apply cannot carry out `action`, or nothing.
  virtual std::optional<std::string> refusal(const Action& action) const;
  // Why a program the step runs (helm) cannot be run with these options, with how to get it;
  // asked before anything is written, by apply, resume and rollback alike.
  virtual std::optional<std::string> missing_program(const ApplyOptions& options) const;
  // Whether acting writes to the cluster: a run that began such a step changed the cluster.
  virtual bool writes_cluster() const;
  // The before-image to journal: what undo needs, read from live and checked against the plan.
  virtual Result<nlohmann::json> before_image(ActuationContext& context, const Action& action) const;
  // The guarded act.
  virtual Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const = 0;

  // Whether the step has an undo of its own (a restart has none: the restore restarts again).
  virtual bool has_undo() const;
  // Restores the before-image; an error names the object and what stands in the way.
  virtual Result<bool> undo(ActuationContext& context, const BegunStep& step) const;
  // For a step the plan marks irreversible (a point of no return): whether its irreversible
  // effect may have happened, so that rollback must not undo it. True unless the actuator
  // can show otherwise (an upgraded image that never started migrated nothing).
  virtual Result<bool> crossed_point_of_no_return(ActuationContext& context, const BegunStep& step) const;
  // Once every undo of a rollback succeeded, for this actuator's steps (`mine`): work that
  // needs the restored state. `touched`: the objects the rollback then waits for (settles),
  // newest first. Returns what it could not do.
  virtual std::vector<std::string> after_undo(ActuationContext& context, const std::vector<BegunStep>& mine,
                                              const std::vector<Touched>& touched) const;
  // Readiness: the object that rolls out again after the step or its undo, which a rollback
  // waits for; nothing when the target has no rollout.
  virtual std::optional<ObjectRef> settles(const Action& action) const;

  // Verification of a finished run: true when this step's result is live and healthy,
  // false when the step has nothing to verify, an error when the check fails.
  virtual Result<bool> verify(ActuationContext& context, const Action& action) const;
};

}  // namespace synops::apply
