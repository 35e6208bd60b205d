// Secrets never leak (test matrix S1, S9, S12): canaries in a Secret's data, in a Redis Helm
// release's values, in homeserver.yaml, in the kubeconfig token and in the database passfile,
// then every command of the real binary, with and without -v, and every file it leaves. Each
// output is searched for every form of every canary (canary_forms.h).
//
// The rule for files: the journal records (*.journal) and every file name hold no secret;
// backups (the pg_dump, the object copies a rollback restores) hold what they copy, in the
// 0700 journal directory with mode 0600 (docs/journal.md).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <string>
#include <thread>

#include "support/canary_forms.h"
#include "support/cli_run.h"
#include "domain/synapse/config_hash.h"
#include "engine/base64.h"
#include "adapters/helm/helm_release.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

// A plan or drift JSON less what names its source and time (format 3.0 and drift 1.0 say where
// they were made from), so that the snapshot's and the cluster's can be compared.
std::string without_origin(const std::string& output) {
  static const std::regex source(R"(\n  "source": \{[^}]*\},)"), created(R"(\n  "created_at": "[^"]*",)");
  return std::regex_replace(std::regex_replace(output, source, ""), created, "");
}

const std::string kTokenCanary = "CANARYtok3n7f3a9c2e1b";            // the kubeconfig's bearer token
const std::string kHelmCanary = "CANARY-helm-pa55-5d1e8a";          // auth.password in the Redis Helm release values
const std::string kSecretCanary = "CANARY-secret-data-93c7";        // a Secret's data
const std::string kHomeserverCanary = "CANARY-form-secret-2b6f";    // form_secret in homeserver.yaml
const std::string kDatabaseCanary = "CANARY-db-passw0rd-e41d";      // the password in postgres.connection.passfile
const std::string kEnvCanary = "CANARY-env-value-7c1f";             // an env value of synapse-main's container
const std::vector<std::string> kCanaries = {kTokenCanary, kHelmCanary, kSecretCanary, kHomeserverCanary, kDatabaseCanary};


// Every canary form found in `text`, as "canary: form" lines; empty when clean.
std::string leaks_in(const std::string& text, const std::vector<std::string>& canaries = kCanaries) {
  std::string found;
  for (const auto& canary : canaries)
    for (const auto& form : canary_leaks(text, canary)) found += canary + ": " + form + "\n";
  return found;
}

void seed(const ApplyWorld& world, const nlohmann::json& object) { world.server.admin("POST", "/_test/objects", object.dump()); }

// Until the test server's controller has rolled a seeded workload out: a plan made before
// that would be stale by the time apply checks it.
// Rolled out, and settled: the controller writes the status a few more ticks after the counts
// first match (revisions, conditions), and an apply that read it before that would find it
// changed since its plan. So the object must stay the same for several reads.
void wait_rolled_out(const ApplyWorld& world, const ObjectRef& ref) {
  std::string settled_version;
  int unchanged = 0;
  for (int tries = 0; tries < 500; ++tries) {
    const nlohmann::json object = world.live_value(ref, "");
    const auto& status = object.value("status", nlohmann::json::object());
    const auto replicas = object["spec"].value("replicas", 1);
    const bool rolled_out = status.value("observedGeneration", -1) == object["metadata"].value("generation", 0) &&
                            status.value("updatedReplicas", -1) == replicas && status.value("readyReplicas", -1) == replicas;
    const std::string version = object["metadata"].value("resourceVersion", "");
    unchanged = rolled_out && version == settled_version ? unchanged + 1 : 0;
    settled_version = version;
    if (unchanged == 5) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL("the seeded " << ref.str() << " never rolled out");
}

void add_homeserver_secret(const ApplyWorld& world) {
  nlohmann::json config = world.live_value(kSynapseConfigMap, "");
  config["data"]["homeserver.yaml"] = config["data"]["homeserver.yaml"].get<std::string>() + "form_secret: \"" + kHomeserverCanary + "\"\n";
  seed(world, config);
}

// Both revisions of the redis-synapse release get a password in the user's values.
void add_helm_password(const ApplyWorld& world) {
  for (const std::string name : {"sh.helm.release.v1.redis-synapse.v1", "sh.helm.release.v1.redis-synapse.v2"}) {
    nlohmann::json secret = world.live_value({"Secret", "matrix", name}, "");
    auto release = decode_helm_release(secret["data"]["release"].get<std::string>(), name);
    REQUIRE(release);
    (*release)["config"]["auth"] = {{"enabled", true}, {"password", kHelmCanary}};
    secret["data"]["release"] = base64_encode(base64_encode(release->dump()));
    seed(world, secret);
  }
}

void add_plain_secret(const ApplyWorld& world) {
  seed(world, {{"apiVersion", "v1"}, {"kind", "Secret"}, {"type", "Opaque"},
               {"metadata", {{"name", "redis-synapse"}, {"namespace", "matrix"}}},
               {"data", {{"redis-password", base64_encode(kSecretCanary)}}}});
}

fs::path write_passfile(const ApplyWorld& world) {
  const fs::path file = world.scratch.path() / "pgpass";
  std::ofstream(file) << "*:*:*:*:" << kDatabaseCanary << "\n";
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  return file;
}

// The manifests also rewrite homeserver.yaml, so apply patches the ConfigMap holding the canary.
fs::path write_sweep_manifests(const ApplyWorld& world, const ApplyPostgres& postgres) {
  const fs::path dir = write_manifests(world, postgres, ", passfile: \"" + write_passfile(world).string() + "\"");
  std::ofstream(dir / "synapse.yaml") << "synapse:\n  configMap: synapse-config\n  homeserver:\n"
                                         "    rc_message: {per_second: 30, burst_count: 50}\n    database: {args: {cp_max: 10}}\n";
  return dir;
}

// Every file under `dir`, recursively: "name\n" then the contents, concatenated.
std::string tree_text(const fs::path& dir) {
  std::string text;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) text += entry.path().string() + "\n" + slurp(entry.path());
  return text;
}

}  // namespace

TEST_CASE("canary forms are what base64 of a longer value holds, at every alignment") {
  const std::string canary = "CANARY-align-1234";
  const auto forms = canary_forms(canary);
  for (const std::string before : {"", "a", "ab", "abc", "abcd"})
    for (const std::string after : {"", "z", "zy"}) {
      CAPTURE(before);
      CAPTURE(after);
      const std::string once = base64_encode(before + canary + after);
      CHECK_FALSE(canary_leaks(once, canary).empty());
      CHECK_FALSE(canary_leaks(base64_encode(before + once + after), canary).empty());
      std::string url = once;
      std::ranges::replace(url, '+', '-');
      std::ranges::replace(url, '/', '_');
      CHECK_FALSE(canary_leaks(url, canary).empty());
    }
  CHECK(canary_leaks(base64_encode("nothing secret here, only text of the same length"), canary).empty());
}

TEST_CASE("secrets sweep: no canary in any output of any command, at any verbosity, nor in the journal or file names") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--token", kTokenCanary});
  add_homeserver_secret(world);
  add_helm_password(world);
  add_plain_secret(world);
  const fs::path manifests = write_sweep_manifests(world, postgres);
  const std::string dir = manifests.string();
  const auto kube = std::vector<std::string>{"--kubeconfig", (world.server.certs() / "kubeconfig-token.yaml").string()};
  const fs::path out = world.scratch.path() / "out";
  fs::create_directories(out);
  const std::string plan_file = (out / "plan.json").string();
  const std::string snapshot_file = (out / "live.json").string();

  std::vector<std::vector<std::string>> reads;
  for (const std::string format : {"text", "json", "markdown", "dot"}) reads.push_back(concat({"plan", dir, "--format", format}, kube));
  reads.push_back(concat({"plan", dir, "--explain"}, kube));
  reads.push_back(concat({"plan", dir, "--out", plan_file}, kube));
  for (const std::string format : {"text", "json", "markdown"}) reads.push_back({"show", plan_file, "--format", format});
  for (const std::string format : {"text", "json", "prometheus"}) reads.push_back(concat({"drift", dir, "--format", format}, kube));
  reads.push_back(concat({"snapshot", dir}, kube));
  reads.push_back(concat({"import", "--out", "-"}, kube));
  reads.push_back(concat({"snapshot", dir, "--out", snapshot_file}, kube));
  reads.push_back({"plan", dir, "--live", snapshot_file});
  for (const auto& args : reads)
    for (const bool verbose : {false, true}) {
      const auto run = run_cli(verbose ? concat(args, {"-v", "-v"}) : args);
      std::string line;
      for (const auto& arg : args) line += " " + arg;
      INFO("synops" << line << (verbose ? " -v -v" : "") << " exit " << run.code << "\n" << run.err);
      CHECK((run.code == 0 || run.code == 2));  // ran to the end: a failed command proves nothing
      CHECK(leaks_in(run.err) == "");
    }
  CHECK(leaks_in(slurp(plan_file)) == "");
  const auto imported = run_cli(concat({"import", "--out", (out / "imported").string(), "-v"}, kube));  // a new directory only
  CHECK_MESSAGE(imported.code == 0, imported.err);
  CHECK(leaks_in(imported.err + tree_text(out / "imported")) == "");
  // The snapshot is for pull requests: Helm release values are reduced to what planning
  // reads, homeserver.yaml's form_secret is a marker.
  CHECK(leaks_in(slurp(snapshot_file)) == "");

  // apply killed, rolled back; apply killed, resumed: every run verbose.
  const auto args = concat(kube, {"--timeout", "20", "--poll-ms", "20", "-v"});
  std::vector<Finished> runs;
  runs.push_back(run_cli(concat({"apply", dir, "--auto-approve"}, args), "[4/"));
  runs.push_back(run_cli(concat({"rollback", dir}, args)));
  CHECK_MESSAGE(runs.back().code == 0, runs.back().err);
  runs.push_back(run_cli(concat({"apply", dir, "--auto-approve"}, args), "[7/"));
  runs.push_back(run_cli(concat({"resume", dir}, args)));
  CHECK_MESSAGE(runs.back().code == 0, runs.back().err);
  runs.push_back(run_cli(concat({"plan", dir, "--detailed-exitcode", "-v"}, kube)));
  CHECK_MESSAGE(runs.back().code == 0, runs.back().err);  // applied: nothing left to do
  for (const auto& run : runs) CHECK_MESSAGE(leaks_in(run.err) == "", run.err);

  const fs::path journal_dir = state_journal_dir(world);
  std::string names;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(journal_dir)) {
    names += entry.path().filename().string() + "\n";
    ++files;
    struct stat info {};
    REQUIRE(::stat(entry.path().c_str(), &info) == 0);
    CHECK_MESSAGE((info.st_mode & 0777) == 0600, entry.path());
  }
  CHECK(files >= 4);  // two journals, a pg_dump, object copies
  CHECK(names.find(".pg_dump") != std::string::npos);
  CHECK(leaks_in(names) == "");
  CHECK(leaks_in(all_journals(journal_dir)) == "");
}

TEST_CASE("an API error quoting the request is redacted: apply rolls back with exit 4, no secret on stderr or in the journal") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--token", kTokenCanary});
  add_homeserver_secret(world);
  const fs::path manifests = write_sweep_manifests(world, postgres);
  // The ConfigMap's PATCH carries the whole homeserver.yaml; the server answers 422 quoting it.
  world.server.inject({{"rules", {{{"type", "echo"}, {"verb", "patch"}, {"path", "/api/v1/namespaces/matrix/configmaps/synapse-config"}}}}});
  const auto failed = run_cli(concat({"apply", manifests.string(), "--auto-approve", "-v"}, cluster_args(world)));
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(failed.err.find("is invalid: Invalid value: ") != std::string::npos);  // the echo reached synops
  CHECK(failed.err.find("form_secret: \\\"(redacted)\\\"") != std::string::npos);
  CHECK_MESSAGE(leaks_in(failed.err) == "", failed.err);
  const std::string journal = all_journals(world.journal_dir());
  CHECK(journal.find("\"record\":\"step-failed\"") != std::string::npos);
  CHECK(journal.find("(redacted)") != std::string::npos);
  CHECK(leaks_in(journal) == "");
}

// An image change patches the whole containers array, env values and all; the server answers
// 422 quoting the request. The env value is not under a credential's name: every env value of
// an object the plan writes is taken out.
TEST_CASE("an API error quoting an image patch is redacted: the containers' env values never reach stderr or the journal") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  nlohmann::json main = world.live_value({"StatefulSet", "matrix", "synapse-main"}, "");
  main["spec"]["template"]["spec"]["containers"][0]["env"] = {{{"name", "SYNAPSE_EXTRA_SETTING"}, {"value", kEnvCanary}}};
  seed(world, main);
  wait_rolled_out(world, {"StatefulSet", "matrix", "synapse-main"});
  const fs::path manifests = write_manifests(world, postgres);
  world.server.inject({{"rules", {{{"type", "echo"}, {"verb", "patch"}, {"path", "/apis/apps/v1/namespaces/matrix/statefulsets/synapse-main"}}}}});
  const auto failed = run_cli(concat({"apply", manifests.string(), "--auto-approve", "-v"}, cluster_args(world)));
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(failed.err.find("is invalid: Invalid value: ") != std::string::npos);  // the echo reached synops
  CHECK_MESSAGE(leaks_in(failed.err, {kEnvCanary}) == "", failed.err);
  const std::string journal = all_journals(world.journal_dir());
  CHECK(journal.find("\"record\":\"step-failed\"") != std::string::npos);
  CHECK(leaks_in(journal, {kEnvCanary}) == "");
}

TEST_CASE("snapshot keeps of a Helm release only what planning reads: the same plan, a Redis change included") {
  ApplyWorld world({"--token", kTokenCanary});
  add_helm_password(world);
  const fs::path manifests = world.scratch.path() / "manifests";
  fs::copy(fs::path(SYNOPS_SOURCE_DIR) / "examples/matrix", manifests, fs::copy_options::recursive);
  std::ofstream(manifests / "redis.yaml") << "redis:\n  releases:\n    redis-synapse: {imageTag: 7.4.2-debian-12-r0, replicas: 4}\n"
                                            "    redis-livekit: {imageTag: 7.4.1-debian-12-r2, replicas: 1}\n";
  const auto kube = std::vector<std::string>{"--kubeconfig", (world.server.certs() / "kubeconfig-token.yaml").string()};
  const std::string snapshot = (world.scratch.path() / "live.json").string();
  const auto written = run_cli(concat({"snapshot", manifests.string(), "--out", snapshot}, kube));
  REQUIRE_MESSAGE(written.code == 0, written.err);
  CHECK(leaks_in(slurp(snapshot), {kHelmCanary}) == "");
  const auto from_cluster = run_cli(concat({"plan", manifests.string(), "--format", "json"}, kube));
  const auto from_snapshot = run_cli({"plan", manifests.string(), "--format", "json", "--live", snapshot});
  REQUIRE_MESSAGE(from_cluster.code == 0, from_cluster.err);
  CHECK(without_origin(from_snapshot.err) == without_origin(from_cluster.err));
  CHECK(from_cluster.err.find("/values/replica/replicaCount") != std::string::npos);
  CHECK(from_cluster.err.find("/values/image/tag") != std::string::npos);
  // import reads the same release values from the reduced snapshot.
  const auto imported = run_cli({"import", "--out", "-", "--live", snapshot});
  CHECK_MESSAGE(imported.code == 0, imported.err);
  CHECK(imported.err.find("    redis-livekit: {imageTag: 7.4.1-debian-12-r2, replicas: 1}\n"
                          "    redis-synapse: {imageTag: 7.4.1-debian-12-r2, replicas: 3}\n") != std::string::npos);
}

TEST_CASE("snapshot replaces homeserver.yaml's credentials with markers: plan and drift from it are the cluster's") {
  ApplyWorld world({"--token", kTokenCanary});
  add_homeserver_secret(world);
  std::string oidc_secret;  // none: form_secret is edited in the text; set: the text becomes JSON
  SUBCASE("a credential at a key: edited in place") {}
  SUBCASE("a credential inside a list: the document is rewritten as JSON") {
    oidc_secret = "CANARY-oidc-client-7a41";
    nlohmann::json config = world.live_value(kSynapseConfigMap, "");
    config["data"]["homeserver.yaml"] = config["data"]["homeserver.yaml"].get<std::string>() +
                                        "oidc_providers:\n  - idp_id: sso\n    client_secret: " + oidc_secret + "\n";
    seed(world, config);
  }
  // main's pods run this very text: drift must find no config out of effect, from either source.
  nlohmann::json main = world.live_value({"StatefulSet", "matrix", "synapse-main"}, "");
  main["spec"]["template"]["metadata"]["annotations"]["synops.io/config-hash"] =
      config_hash(world.live_value(kSynapseConfigMap, "/data/homeserver.yaml").get<std::string>());
  seed(world, main);
  // The new template rolls main's pods; both sources must see the same, settled, state.
  const ObjectRef main_ref{"StatefulSet", "matrix", "synapse-main"};
  // Settled: the rollout finished and the controller has not written main for 20 polls.
  std::string last_version;
  for (int tick = 0, unchanged = 0; tick < 1000 && unchanged < 20; ++tick) {
    const auto status = world.live_value(main_ref, "/status");
    const std::string version = world.live_value(main_ref, "/metadata/resourceVersion").get<std::string>();
    const bool done = status.value("updateRevision", "") == status.value("currentRevision", "x") &&
                      status.value("readyReplicas", -1) == world.live_value(main_ref, "/spec/replicas");
    unchanged = done && version == last_version ? unchanged + 1 : 0;
    last_version = version;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const fs::path manifests = world.scratch.path() / "manifests";
  fs::copy(fs::path(SYNOPS_SOURCE_DIR) / "examples/matrix", manifests, fs::copy_options::recursive);
  const auto kube = std::vector<std::string>{"--kubeconfig", (world.server.certs() / "kubeconfig-token.yaml").string()};
  const std::string snapshot = (world.scratch.path() / "live.json").string();
  const auto written = run_cli(concat({"snapshot", manifests.string(), "--out", snapshot}, kube));
  REQUIRE_MESSAGE(written.code == 0, written.err);
  const std::string snapshot_text = slurp(snapshot);
  CHECK(leaks_in(snapshot_text, {kHomeserverCanary}) == "");
  if (!oidc_secret.empty()) CHECK(leaks_in(snapshot_text, {oidc_secret}) == "");
  CHECK(snapshot_text.find("synops-redacted:pbkdf2-sha256:100000:") != std::string::npos);
  CHECK(snapshot_text.find("rc_message") != std::string::npos);  // the rest of homeserver.yaml is there

  auto same_from_both = [&](const std::vector<std::string>& command) {
    const auto from_cluster = run_cli(concat(command, kube));
    const auto from_snapshot = run_cli(concat(command, {"--live", snapshot}));
    CHECK_MESSAGE(from_snapshot.code == from_cluster.code, from_snapshot.err);
    CHECK(without_origin(from_snapshot.err) == without_origin(from_cluster.err));
    CHECK(leaks_in(from_snapshot.err, {kHomeserverCanary}) == "");
    return from_cluster;
  };
  // The manifests own form_secret with the live value: no change from either source.
  std::ofstream(manifests / "synapse.yaml") << "synapse:\n  configMap: synapse-config\n  homeserver:\n"
                                               "    form_secret: \"" << kHomeserverCanary << "\"\n";
  const auto unchanged = same_from_both({"plan", manifests.string(), "--format", "json"});
  CHECK_MESSAGE(unchanged.code == 0, unchanged.err);
  CHECK(unchanged.err.find("form_secret") == std::string::npos);
  const auto drift = same_from_both({"drift", manifests.string(), "--format", "json"});
  CHECK_MESSAGE((drift.code == 0 || drift.code == 2), drift.err);  // ran to its report
  CHECK(drift.err.find("config-not-in-effect") == std::string::npos);
  // ... with a new value: the same sensitive change from either source.
  std::ofstream(manifests / "synapse.yaml") << "synapse:\n  configMap: synapse-config\n  homeserver:\n"
                                               "    form_secret: \"CANARY-new-form-secret-11\"\n";
  const auto changed = same_from_both({"plan", manifests.string(), "--format", "json"});
  CHECK_MESSAGE(changed.code == 0, changed.err);
  CHECK(changed.err.find("homeserver.yaml#/form_secret") != std::string::npos);
  CHECK(changed.err.find("CANARY-new-form-secret-11") == std::string::npos);
}
