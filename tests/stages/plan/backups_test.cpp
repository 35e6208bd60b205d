// The backups a plan begins with (§2.1, §5): a pg_dump of every database a changed workload
// uses (the LI instance's included) and a copy of homeserver.yaml before any Synapse upgrade.
#include <doctest/doctest.h>

#include <algorithm>

#include "support/scenario.h"

using namespace synops;
using namespace synops::testing;

namespace {

const std::string kDumpSynapse = "backup Cluster/matrix/synapse-postgres pg_dump";
const std::string kDumpLi = "backup Cluster/matrix/synapse-postgres pg_dump li";
const std::string kCopyConfig = "backup ConfigMap/matrix/synapse-config object-copy";
// The LI instance's own homeserver.yaml: the manifests do not name it, its pod template mounts it.
const std::string kCopyLiConfig = "backup ConfigMap/matrix/synapse-li-config object-copy";

// postgres.connection with the LI instance's database, as an operator writes it.
void say_where_the_li_database_is(Scenario& s) {
  PostgresConnection connection;
  connection.host.value = "synapse-postgres-rw.matrix.svc";
  connection.dbname = "synapse";
  connection.user = "synapse";
  connection.password_secret = SecretKeyRef{.name = {"synapse-postgres-app", {}}};
  PostgresConnection li = connection;
  li.dbname = "synapse_li";
  li.user = "synapse_li";
  li.password_secret = SecretKeyRef{.name = {"synapse-li-postgres", {}}, .key = "pw"};
  s.desired.postgres->connection = connection;
  s.desired.postgres->li_connection = li;
}

bool has_step(const Plan& plan, const std::string& key) {
  for (const auto& action : plan.actions)
    if (action.key == key) return true;
  return false;
}

bool has_note_starting(const Plan& plan, const std::string& start) {
  for (const auto& note : plan.notes)
    if (note.starts_with(start)) return true;
  return false;
}

// The backup comes before every step that is not a backup.
void check_first(const Plan& plan, const std::string& backup) {
  for (const auto& action : plan.actions)
    if (action.type != ActionType::backup) CHECK_MESSAGE(position(plan, backup) < position(plan, action.key), action.key);
}

}  // namespace

TEST_CASE("a Synapse upgrade dumps the LI instance's database too, and copies homeserver.yaml, before any change") {
  Scenario s = Scenario::example();
  say_where_the_li_database_is(s);
  const Plan plan = s.plan();
  CHECK(steps_text(plan).starts_with(kDumpSynapse + "\n" + kDumpLi + "\n" + kCopyConfig + "\n" + kCopyLiConfig +
                                     "\nupdate StatefulSet/matrix/synapse-main\n"));
  const Action& li = step(plan, kDumpLi);
  CHECK(li.type == ActionType::backup);
  CHECK(li.backup_method == BackupMethod::pg_dump);
  CHECK(li.database == "li");
  CHECK(li.reason == "pg_dump of the LI instance's database synapse_li, verified with pg_restore --list, before a medium-risk "
                     "change (§1.1, §5)");
  CHECK(step(plan, kDumpSynapse).database.empty());
  const Action& copy = step(plan, kCopyConfig);
  CHECK(copy.backup_method == BackupMethod::object_copy);
  CHECK(copy.reason.find("before the Synapse upgrade") != std::string::npos);
  CHECK(step(plan, kCopyLiConfig).reason ==
        "copy of ConfigMap/matrix/synapse-li-config (the LI instance's own config) as it is now, before its image changes, to "
        "restore from (§2.1)");
  // The first change waits for every backup (rule backups-first).
  const Action& main = step(plan, "update StatefulSet/matrix/synapse-main");
  for (const auto& backup : {kDumpSynapse, kDumpLi, kCopyConfig, kCopyLiConfig}) {
    CAPTURE(backup);
    const std::string id = step(plan, backup).id;
    CHECK(std::ranges::count(main.depends_on, Dependency{id, "backups-first"}) == 1);
  }
  CHECK_FALSE(has_note_starting(plan, "The database of the LI instance"));
  check_first(plan, kDumpLi);
}

TEST_CASE("without postgres.connection.li the plan says the LI instance's database is not dumped") {
  const Plan plan = Scenario::example().plan();
  CHECK_FALSE(has_step(plan, kDumpLi));
  CHECK(has_step(plan, kCopyConfig));
  CHECK(has_note_starting(plan, "The database of the LI instance is not dumped before the plan changes it: the manifests do not "
                                "say which database it is (set postgres.connection.li, §2.1, §5)."));
}

TEST_CASE("a change the LI instance does not take part in dumps only the Synapse database") {
  Scenario s = Scenario::in_sync();
  say_where_the_li_database_is(s);
  s.desired.synapse.homeserver.value["rc_message"]["per_second"] = 20;  // synapse-config: the LI has a config of its own
  const Plan plan = s.plan();
  CHECK(has_step(plan, kDumpSynapse));
  CHECK_FALSE(has_step(plan, kDumpLi));
  CHECK(has_step(plan, kCopyConfig));  // the ConfigMap itself changes
  CHECK_FALSE(has_step(plan, kCopyLiConfig));  // the LI's image stays: its own config is not at risk
  CHECK(plan.notes.empty());
}

TEST_CASE("a change of the Cluster dumps both databases it holds") {
  Scenario s = Scenario::in_sync();
  say_where_the_li_database_is(s);
  s.desired.postgres->image->value = "ghcr.io/cloudnative-pg/postgresql:16.4";
  const Plan plan = s.plan();
  CHECK(has_step(plan, kDumpSynapse));
  CHECK(has_step(plan, kDumpLi));
  CHECK_FALSE(has_step(plan, kCopyConfig));  // no Synapse upgrade, no ConfigMap change
}

TEST_CASE("a low-risk plan takes no backup, whatever it changes") {
  Scenario s = Scenario::in_sync();
  say_where_the_li_database_is(s);
  s.set_replicas("synchrotron", 10);
  const Plan plan = s.plan();
  CHECK_FALSE(plan.summary.backup_required);
  for (const auto& action : plan.actions) CHECK(action.type != ActionType::backup);
}
