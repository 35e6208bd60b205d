// The guide's Synapse procedures, planned on top of examples/matrix: order, risk, restarts.
#include <doctest/doctest.h>

#include <algorithm>

#include "domain/synapse/synapse_version.h"
#include "support/scenario.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;

namespace {

const std::string kBackupDatabase = "backup Cluster/matrix/synapse-postgres pg_dump";
const std::string kBackupConfig = "backup ConfigMap/matrix/synapse-config object-copy";
const std::string kBackupLiConfig = "backup ConfigMap/matrix/synapse-li-config object-copy";

// Restart (or update) and wait of every process that reads synapse-config, in the guide's order.
std::string rolls_of_readers(const std::string& verb) {
  std::string out;
  for (const char* w : {"StatefulSet/matrix/synapse-main", "Deployment/matrix/synapse-synchrotron",
                        "Deployment/matrix/synapse-generic-worker", "StatefulSet/matrix/synapse-event-persister",
                        "StatefulSet/matrix/synapse-federation-sender", "StatefulSet/matrix/synapse-media-repository"})
    out += verb + " " + w + "\nwait " + w + "\n";
  return out;
}

}  // namespace

TEST_CASE("Synapse upgrade: backup, main, wait, workers one at a time in the guide's order, LI last, verify") {
  const Plan plan = Scenario::example().plan();
  CHECK(steps_text(plan) == kBackupDatabase + "\n" + kBackupConfig + "\n" + kBackupLiConfig + "\n" + rolls_of_readers("update") +
                                "update StatefulSet/matrix/synapse-li\nwait StatefulSet/matrix/synapse-li\n"
                                "verify StatefulSet/matrix/synapse-main version\n");
  CHECK(plan.summary.risk == Risk::medium);
  CHECK(plan.summary.backup_required);
  CHECK_FALSE(plan.summary.maintenance_window);
  CHECK(plan.summary.restarts.size() == 7);
  CHECK(plan.summary.restarts.front() == "StatefulSet/matrix/synapse-main");
  CHECK(plan.summary.restarts.back() == "StatefulSet/matrix/synapse-li");
  const Action& main = step(plan, "update StatefulSet/matrix/synapse-main");
  REQUIRE(main.changes.size() == 1);
  CHECK(main.changes[0].path.str() == "/spec/template/spec/containers/0/image");
  CHECK(main.changes[0].before == "matrixdotorg/synapse:v1.119.0");
  CHECK(main.changes[0].after == "matrixdotorg/synapse:v1.120.0");
  CHECK(main.changes[0].reason == "synapse.main.image in values/images.yaml:4:20");
  CHECK_FALSE(main.reversible);
  CHECK(plan.notes.size() == 2);  // rollback past main's migration; the LI's database (examples/matrix does not say which)
  const Action& synchrotron = step(plan, "update Deployment/matrix/synapse-synchrotron");
  CHECK(synchrotron.depends_on == std::vector<Dependency>{{"a5", "main-before-workers"}});
  CHECK(plan.refusals.empty());
}

TEST_CASE("a plan of the deployment in sync is empty") {
  const Plan plan = Scenario::in_sync().plan();
  CHECK(plan.actions.empty());
  CHECK(plan.refusals.empty());
}

TEST_CASE("homeserver.yaml change: ConfigMap, then restarts of the processes that read it (not LI)") {
  Scenario s = Scenario::in_sync();
  s.desired.synapse.homeserver.value["rc_message"]["per_second"] = 20;
  const Plan plan = s.plan();
  CHECK(steps_text(plan) == kBackupDatabase + "\n" + kBackupConfig + "\n" + kUpdateSynapseConfig + "\n" + rolls_of_readers("restart"));
  const Action& config = step(plan, kUpdateSynapseConfig);
  REQUIRE(config.changes.size() == 1);
  CHECK(config.changes[0].path.str() == "/data/homeserver.yaml#/rc_message/per_second");
  CHECK(config.changes[0].before == 10);
  CHECK(config.changes[0].after == 20);
  CHECK(plan.summary.risk == Risk::medium);
  CHECK(step(plan, "restart StatefulSet/matrix/synapse-main").depends_on ==
        std::vector<Dependency>{{"a3", "config-before-restarts"}});
}

TEST_CASE("event persisters up: scale, wait, config, restart all") {
  Scenario s = Scenario::in_sync();
  s.set_replicas("event-persister", 3);
  const Plan plan = s.plan();
  CHECK(steps_text(plan) == kBackupDatabase + "\n" + kBackupConfig +
                                "\nupdate StatefulSet/matrix/synapse-event-persister replicas 3"
                                "\nwait StatefulSet/matrix/synapse-event-persister replicas 3\n" +
                                kUpdateSynapseConfig + "\n" + rolls_of_readers("restart"));
  CHECK(plan.summary.risk == Risk::high);
  CHECK(plan.summary.maintenance_window);
  std::string paths;
  for (const auto& change : step(plan, kUpdateSynapseConfig).changes) paths += change.path.embedded + "\n";
  CHECK(paths == "/instance_map/synapse-event-persister-2\n/stream_writers/events\n");
  CHECK(step(plan, kUpdateSynapseConfig).changes[0].after ==
        nlohmann::json{{"host", "synapse-event-persister-2.synapse-event-persister.matrix.svc.cluster.local"}, {"port", 9093}});
}

TEST_CASE("event persisters down: config, restart all, then scale") {
  Scenario s = Scenario::in_sync();
  s.set_replicas("event-persister", 1);
  const Plan plan = s.plan();
  CHECK(steps_text(plan) == kBackupDatabase + "\n" + kBackupConfig + "\n" + kUpdateSynapseConfig + "\n" + rolls_of_readers("restart") +
                                "update StatefulSet/matrix/synapse-event-persister replicas 1"
                                "\nwait StatefulSet/matrix/synapse-event-persister replicas 1\n");
  CHECK(plan.summary.risk == Risk::high);
}

TEST_CASE("federation senders up and down: the senders stop and start together") {
  for (std::int64_t replicas : {6, 2}) {
    CAPTURE(replicas);
    Scenario s = Scenario::in_sync();
    s.set_replicas("federation-sender", replicas);
    const Plan plan = s.plan();
    const std::string scale = "update StatefulSet/matrix/synapse-federation-sender replicas " + std::to_string(replicas);
    const size_t config = position(plan, kUpdateSynapseConfig), restart = position(plan, "restart StatefulSet/matrix/synapse-federation-sender");
    if (replicas > 4) CHECK(position(plan, scale) < config);
    else CHECK(position(plan, scale) > restart);
    CHECK(config < restart);
    CHECK(step(plan, "restart StatefulSet/matrix/synapse-federation-sender").restart_mode == RestartMode::stop_start_together);
    CHECK(step(plan, "restart StatefulSet/matrix/synapse-main").restart_mode == RestartMode::rolling);
    CHECK(step(plan, kUpdateSynapseConfig).changes.size() == 1);
    CHECK(step(plan, kUpdateSynapseConfig).changes[0].path.embedded == "/federation_sender_instances");
    CHECK(plan.summary.risk == Risk::high);
  }
}

TEST_CASE("stateless workers up: one step, low risk, no backup") {
  Scenario s = Scenario::in_sync();
  s.set_replicas("synchrotron", 10);
  const Plan plan = s.plan();
  CHECK(steps_text(plan) == "update Deployment/matrix/synapse-synchrotron replicas 10\n"
                            "wait Deployment/matrix/synapse-synchrotron replicas 10\n");
  CHECK(plan.summary.risk == Risk::low);
  CHECK_FALSE(plan.summary.backup_required);
}

TEST_CASE("stateless workers down: at most two a step, with a pause between steps") {
  Scenario s = Scenario::in_sync();
  s.set_replicas("synchrotron", 3);
  const Plan plan = s.plan();
  const std::string w = "Deployment/matrix/synapse-synchrotron";
  CHECK(steps_text(plan) == "update " + w + " replicas 6\nwait " + w + " replicas 6\npause " + w + " before replicas 4\n" +
                                "update " + w + " replicas 4\nwait " + w + " replicas 4\npause " + w + " before replicas 3\n" +
                                "update " + w + " replicas 3\nwait " + w + " replicas 3\n");
  CHECK(step(plan, "pause " + w + " before replicas 4").type == ActionType::pause);
  CHECK(step(plan, "pause " + w + " before replicas 4").pause == std::chrono::seconds(600));  // the guide's 10 minutes
  CHECK(step(plan, "update " + w + " replicas 6").changes[0].before == 8);
  CHECK(step(plan, "update " + w + " replicas 6").changes[0].after == 6);
}

TEST_CASE("a pool's own scaleDown sets its pace; each key it leaves out is synapse.scaleDown's") {
  Scenario s = Scenario::in_sync();
  s.desired.synapse.scale_down_step = 3;
  s.pool("synchrotron").scale_down_pause_seconds = 120;
  s.set_replicas("synchrotron", 3);
  s.set_replicas("generic", 2);
  const Plan plan = s.plan();
  const std::string sync = "Deployment/matrix/synapse-synchrotron", generic = "Deployment/matrix/synapse-generic-worker";
  CHECK(step(plan, "update " + sync + " replicas 5").changes[0].after == 5);  // step 3 from synapse.scaleDown
  CHECK(step(plan, "pause " + sync + " before replicas 3").pause == std::chrono::seconds(120));
  CHECK(step(plan, "update " + generic + " replicas 2").changes[0].before == 4);  // 4 -> 2 in one step of at most 3
  s.pool("synchrotron").scale_down_step = 1;
  CHECK(step(s.plan(), "pause " + sync + " before replicas 6").pause == std::chrono::seconds(120));
}

TEST_CASE("several procedures in one plan: one order, no repeated restarts") {
  Scenario s = Scenario::example();  // the upgrade
  s.set_replicas("event-persister", 3);
  s.desired.synapse.homeserver.value["rc_message"]["burst_count"] = 100;
  const Plan plan = s.plan();
  CHECK(steps_text(plan) == kBackupDatabase + "\n" + kBackupConfig + "\n" + kBackupLiConfig +
                                "\nupdate StatefulSet/matrix/synapse-event-persister replicas 3"
                                "\nwait StatefulSet/matrix/synapse-event-persister replicas 3\n" +
                                kUpdateSynapseConfig + "\n" + rolls_of_readers("update") +
                                "update StatefulSet/matrix/synapse-li\nwait StatefulSet/matrix/synapse-li\n"
                                "verify StatefulSet/matrix/synapse-main version\n");
  for (const auto& action : plan.actions) CHECK(action.type != ActionType::restart);
  CHECK(plan.summary.risk == Risk::high);
}

TEST_CASE("Synapse downgrade: critical, refused unless allowed, with the schema risk and the backup to go back to") {
  Scenario s = Scenario::in_sync();  // live and manifests at v1.120.0
  for (auto* image : {&s.desired.synapse.main_image, &s.desired.synapse.workers_image, &s.desired.synapse.li_image})
    (*image)->value = "matrixdotorg/synapse:v1.119.0";
  const Plan refused = s.plan();
  REQUIRE(refused.refusals.size() == 1);
  CHECK(refused.refusals[0].rule == "synapse-downgrade");
  CHECK(refused.refusals[0].message ==
        "synapse.main.image goes from 1.120.0 down to 1.119.0: Synapse refuses to start on a database schema newer than it "
        "supports, and 1.120.0 may have migrated it (§8.1); check the release notes of every version in between, then plan "
        "with --allow-critical");
  CHECK(refused.refusals[0].where.str() == "values/images.yaml:4:20");
  CHECK(refused.summary.risk == Risk::critical);

  const Plan allowed = s.plan({.allow_critical = true});
  CHECK(allowed.refusals.empty());
  const Action& main = step(allowed, "update StatefulSet/matrix/synapse-main");
  CHECK(main.risk == Risk::critical);
  CHECK(main.reversible);  // the older release migrates nothing: going forward again is safe
  CHECK(main.reason.starts_with("downgrade main first"));
  CHECK(step(allowed, "update StatefulSet/matrix/synapse-li").reason == "downgrade the LI instance last (§2.1)");
  CHECK(position(allowed, "update StatefulSet/matrix/synapse-main") < position(allowed, "update StatefulSet/matrix/synapse-li"));
  CHECK(position(allowed, "backup Cluster/matrix/synapse-postgres pg_dump") < position(allowed, "update StatefulSet/matrix/synapse-main"));
  CHECK(std::ranges::any_of(allowed.notes, [](const std::string& note) {
    return note.starts_with("Downgrade: synapse.main.image goes from 1.120.0 down to 1.119.0") &&
           note.find("the database backup this plan takes first") != std::string::npos;
  }));
}

TEST_CASE("Synapse versions: releases compare by their numbers; a tag that is no release orders nothing") {
  CHECK(older_release("1.119.0", "1.120.0"));
  CHECK(older_release("1.99.5", "1.100.0"));  // not by text
  CHECK_FALSE(older_release("1.120.0", "1.120.0"));
  CHECK_FALSE(older_release("1.120.1", "1.120.0"));
  CHECK_FALSE(older_release("latest", "1.120.0"));
  CHECK_FALSE(older_release("1.120.0", ""));
}
