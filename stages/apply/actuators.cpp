#include "actuators.h"

#include "domain/apply_kit/backup_files.h"
#include "domain/apply_kit/object_create.h"
#include "domain/apply_kit/object_update.h"
#include "domain/apply_kit/stop_start.h"
#include "domain/apply_kit/wait_steps.h"
#include "domain/postgres/pg_dump_backup.h"
#include "domain/redis/helm_release_wait.h"
#include "domain/redis/helm_upgrade.h"
#include "domain/synapse/homeserver_config_update.h"
#include "domain/synapse/maintenance_mode.h"
#include "domain/synapse/synapse_restart.h"
#include "domain/synapse/upgrade_verify.h"

namespace synops::apply {

namespace {

const Actuator& update_of(const std::string& kind) {
  static const ObjectUpdate object;
  static const WorkloadUpdate workload;
  static const HomeserverConfigUpdate config;
  static const HelmUpgrade helm;
  if (kind == "Deployment" || kind == "StatefulSet") return workload;
  if (kind == "ConfigMap") return config;
  if (kind == "HelmRelease") return helm;
  return object;
}

const Actuator& restart_of() {
  static const SynapseRestart restart;
  return restart;
}

// A step the plan marks stop-start-together (federation senders): the same update or
// restart, with every pod stopped before it and the recorded count started after.
const Actuator& stopping_first(const Action& action) {
  static const StopStartTogether workload(update_of("StatefulSet"));
  static const StopStartTogether restart(restart_of());
  return action.type == ActionType::restart ? restart : workload;
}

const Actuator& backup_of(const Action& action) {
  static const PgDumpBackup pg_dump;
  static const ObjectCopyBackup object_copy;
  return action.backup_method == BackupMethod::pg_dump ? static_cast<const Actuator&>(pg_dump) : object_copy;
}

}  // namespace

const Actuator& actuator_for(const Action& action) {
  static const ReadyWait wait;
  static const HelmReleaseWait helm_wait;
  static const Pause pause;
  static const UpgradeVerify verify;
  static const MaintenanceMode maintenance;
  static const ObjectCreate create;
  const bool restarts = action.type == ActionType::update || action.type == ActionType::restart;
  if (restarts && action.restart_mode == RestartMode::stop_start_together) return stopping_first(action);
  switch (action.type) {
    case ActionType::backup: return backup_of(action);
    case ActionType::update: return update_of(action.target.kind);
    case ActionType::restart: return restart_of();
    case ActionType::wait: return action.target.kind == "HelmRelease" ? static_cast<const Actuator&>(helm_wait) : wait;
    case ActionType::pause: return pause;
    case ActionType::verify: return verify;
    case ActionType::maintenance: return maintenance;
    case ActionType::create: return create;
  }
  return maintenance;  // not reached: every type is listed above
}

}  // namespace synops::apply
