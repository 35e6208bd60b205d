#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "domain/apply_kit/backup_files.h"
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
#include "stages/apply/actuators.h"

using namespace synops;
using namespace synops::apply;

namespace {

Action action_of_type(ActionType type, const char* kind, const char* name = "x") {
  return Action{.id = "a1", .type = type, .target = {kind, "matrix", name}};
}

template <class Expected>
bool routes_to(const Action& action) {
  return dynamic_cast<const Expected*>(&actuator_for(action)) != nullptr;
}

}  // namespace

TEST_CASE("actuators: each step goes to the actuator of the folder that owns it") {
  CHECK(routes_to<WorkloadUpdate>(action_of_type(ActionType::update, "StatefulSet")));
  CHECK(routes_to<WorkloadUpdate>(action_of_type(ActionType::update, "Deployment")));
  CHECK(routes_to<HomeserverConfigUpdate>(action_of_type(ActionType::update, "ConfigMap")));
  CHECK(routes_to<HelmUpgrade>(action_of_type(ActionType::update, "HelmRelease")));
  CHECK(routes_to<ObjectUpdate>(action_of_type(ActionType::update, "Cluster")));
  CHECK(routes_to<SynapseRestart>(action_of_type(ActionType::restart, "StatefulSet")));
  CHECK(routes_to<ReadyWait>(action_of_type(ActionType::wait, "StatefulSet")));
  CHECK(routes_to<HelmReleaseWait>(action_of_type(ActionType::wait, "HelmRelease")));
  CHECK(routes_to<Pause>(action_of_type(ActionType::pause, "Deployment")));
  CHECK(routes_to<UpgradeVerify>(action_of_type(ActionType::verify, "Namespace")));
  CHECK(routes_to<MaintenanceMode>(action_of_type(ActionType::maintenance, "Namespace")));
  Action dump = action_of_type(ActionType::backup, "Cluster");
  dump.backup_method = BackupMethod::pg_dump;
  CHECK(routes_to<PgDumpBackup>(dump));
  Action copy = action_of_type(ActionType::backup, "ConfigMap");
  copy.backup_method = BackupMethod::object_copy;
  CHECK(routes_to<ObjectCopyBackup>(copy));
}

TEST_CASE("actuators: a step marked stop-start-together stops the set first, and always has an undo") {
  for (const ActionType type : {ActionType::update, ActionType::restart}) {
    Action senders = action_of_type(type, "StatefulSet", "synapse-federation-sender");
    senders.restart_mode = RestartMode::stop_start_together;
    CHECK(routes_to<StopStartTogether>(senders));
    CHECK_FALSE(actuator_for(senders).refusal(senders));
    CHECK(actuator_for(senders).has_undo());  // a restart cut short leaves the set at 0: undo starts it again
    CHECK(actuator_for(senders).settles(senders) == senders.target);
    senders.target.kind = "ConfigMap";
    CHECK(actuator_for(senders).refusal(senders) ==
          "apply can stop and start together only a Deployment or StatefulSet, not ConfigMap/matrix/synapse-federation-sender");
  }
  Action scaled = action_of_type(ActionType::update, "StatefulSet", "synapse-federation-sender");
  scaled.restart_mode = RestartMode::stop_start_together;
  scaled.changes.push_back(Change{{"/spec/replicas", ""}, 4, 6, false, "", {}});
  CHECK(actuator_for(scaled).refusal(scaled) == "apply cannot stop and start StatefulSet/matrix/synapse-federation-sender together "
                                                "in a step that also changes its replicas");
  Action wait = action_of_type(ActionType::wait, "StatefulSet", "synapse-federation-sender");
  wait.restart_mode = RestartMode::stop_start_together;
  CHECK(routes_to<ReadyWait>(wait));
}

TEST_CASE("actuators: what apply refuses, what writes, what undoes, what a rollback waits for") {
  const Action update = action_of_type(ActionType::update, "StatefulSet", "synapse-main");
  CHECK_FALSE(actuator_for(update).refusal(update));
  CHECK(actuator_for(update).writes_cluster());
  CHECK(actuator_for(update).has_undo());
  CHECK(actuator_for(update).settles(update) == update.target);

  const Action config = action_of_type(ActionType::update, "ConfigMap", "synapse-config");
  CHECK(actuator_for(config).has_undo());
  CHECK_FALSE(actuator_for(config).settles(config));  // a ConfigMap has no rollout

  const Action restart = action_of_type(ActionType::restart, "StatefulSet", "synapse-main");
  CHECK(actuator_for(restart).writes_cluster());
  CHECK_FALSE(actuator_for(restart).has_undo());  // the restore restarts it again
  CHECK(actuator_for(restart).settles(restart) == restart.target);

  const Action helm = action_of_type(ActionType::update, "HelmRelease", "redis-synapse");
  CHECK(actuator_for(helm).refusal(helm) == "HelmRelease/matrix/redis-synapse: the plan step names no release revision; make the plan again");
  Action planned_helm = helm;
  planned_helm.helm = HelmRevision{2, "redis"};
  CHECK_FALSE(actuator_for(planned_helm).refusal(planned_helm));  // helm upgrade, run by apply (stages/apply/helm_release_cli_test.cpp)
  CHECK(actuator_for(planned_helm).writes_cluster());
  CHECK(actuator_for(planned_helm).has_undo());  // helm rollback
  ApplyOptions no_helm;
  no_helm.helm.binary = "/nonexistent/helm";
  CHECK(actuator_for(planned_helm).missing_program(no_helm)->find("install helm 3") != std::string::npos);
  CHECK_FALSE(actuator_for(update).missing_program(no_helm));
  const Action unknown = action_of_type(ActionType::update, "Gadget");
  CHECK(actuator_for(unknown).refusal(unknown) == "apply cannot change Gadget/matrix/x yet (unknown kind)");
  Action maintenance = action_of_type(ActionType::maintenance, "Namespace");
  CHECK(actuator_for(maintenance).refusal(maintenance)->find("does not say how to enter maintenance mode") != std::string::npos);
  maintenance.maintenance_on = true;
  maintenance.maintenance_method = MaintenanceMethod::scale_to_zero;
  maintenance.workloads = {{"StatefulSet", "matrix", "synapse-main"}, {"Deployment", "matrix", "synapse-synchrotron"}};
  CHECK_FALSE(actuator_for(maintenance).refusal(maintenance));  // scale to 0 and back (stages/apply/maintenance_cli_test.cpp)
  CHECK(actuator_for(maintenance).has_undo());
  maintenance.workloads.push_back({"Tenant", "matrix", "synapse-storage"});
  CHECK(actuator_for(maintenance).refusal(maintenance) ==
        "maintenance mode scales Deployments and StatefulSets only, not Tenant/matrix/synapse-storage");
  Action pause = action_of_type(ActionType::pause, "Deployment");
  CHECK(actuator_for(pause).refusal(pause));  // a pause without its length
  pause.pause = std::chrono::seconds(60);
  CHECK_FALSE(actuator_for(pause).refusal(pause));
  CHECK_FALSE(actuator_for(pause).writes_cluster());
  const Action backup = action_of_type(ActionType::backup, "Cluster");  // no method
  CHECK(actuator_for(backup).refusal(backup));
}

// The executor, journal, lock, rollback, resume and steps know steps only through the
// actuator seam: a kind named there would be a rule that bypasses its folder.
TEST_CASE("actuators: the generic parts of apply name no kind") {
  const std::filesystem::path dir = std::filesystem::path(SYNOPS_SOURCE_DIR) / "stages/apply";
  const std::regex kinds(R"re("(Deployment|StatefulSet|ConfigMap|Cluster|Tenant|Certificate|HelmRelease|HorizontalPodAutoscaler|Secret)")re");
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("actuators.")) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    CHECK_MESSAGE(!std::regex_search(text.str(), kinds), name << " names a kind");
    ++files;
  }
  CHECK(files >= 15);
}
