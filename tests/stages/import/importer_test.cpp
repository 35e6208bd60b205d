// import on the example deployment: the manifests it writes load, and plan as "no changes"
// against the state they were imported from.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/scenario.h"
#include "stages/import/importer.h"
#include "domain/manifests/manifest_loader.h"
#include "adapters/yaml/yaml_tree.h"

namespace synops::testing {
namespace {

namespace fs = std::filesystem;

// Writes the files into a fresh directory, loads it, and plans it against `live`.
Plan plan_imported(const ImportResult& imported, const LiveState& live) {
  std::string pattern = (fs::temp_directory_path() / "synops-import-XXXXXX").string();
  const fs::path dir = mkdtemp(pattern.data());
  for (const auto& file : imported.files) {
    fs::create_directories((dir / file.path).parent_path());
    std::ofstream(dir / file.path) << file.text;
  }
  auto desired = load_manifests(dir);
  fs::remove_all(dir);
  REQUIRE_MESSAGE(desired, (desired ? "" : desired.error().front().format()));
  auto plan = plan_deployment(*desired, live, {});
  REQUIRE_MESSAGE(plan, (plan ? "" : plan.error().front().format()));
  return *plan;
}

ImportResult import_of(const LiveState& live, ImportOptions options = {}) {
  auto imported = import_manifests(live, options);
  REQUIRE_MESSAGE(imported, (imported ? "" : imported.error().front().format()));
  return *imported;
}

const ManifestFile& file(const ImportResult& imported, const std::string& path) {
  for (const auto& f : imported.files)
    if (f.path == path) return f;
  FAIL("no file " << path);
  throw std::logic_error("unreachable");
}

TEST_CASE("the example imports into the contract's files and plans as no changes") {
  const Scenario s = Scenario::example();
  const ImportResult imported = import_of(s.live, {"", "live/cluster.json", "live/cluster.json"});
  CHECK(imported.ns == "matrix");
  std::vector<std::string> paths;
  for (const auto& f : imported.files) paths.push_back(f.path);
  CHECK(paths == std::vector<std::string>{"synops.yaml", "values/images.yaml", "topology.yaml", "postgres.yaml",
                                          "synapse.yaml", "storage.yaml", "redis.yaml", "tls.yaml"});
  for (const auto& f : imported.files) {
    // The editor's modeline first, naming the file's schema by the $id it carries.
    CAPTURE(f.path);
    const fs::path schema = fs::path(SYNOPS_SOURCE_DIR) / "schemas" / (fs::path(f.path).stem().string() + ".schema.json");
    const std::string id = nlohmann::json::parse(std::ifstream(schema)).at("$id");
    CHECK(f.text.starts_with("# yaml-language-server: $schema=" + id + "\n# Imported by `synops import` from live/cluster.json"));
  }
  CHECK(imported.warnings.empty());
  const Plan plan = plan_imported(imported, s.live);
  CHECK(plan.empty());
  CHECK_FALSE(plan.refused());
}

TEST_CASE("the worker layout and owned keys are read back from the live homeserver.yaml") {
  const ImportResult imported = import_of(Scenario::example().live);
  const std::string& topology = file(imported, "topology.yaml").text;
  CHECK(topology.find("event-persister: {kind: StatefulSet, name: synapse-event-persister, replicas: 2, streams: [events]}") !=
        std::string::npos);
  CHECK(topology.find("federation-sender: {kind: StatefulSet, name: synapse-federation-sender, replicas: 4, "
                      "federation_sender: true}") != std::string::npos);
  const std::string& synapse = file(imported, "synapse.yaml").text;
  CHECK(synapse.find("configMap: synapse-config\n") != std::string::npos);
  CHECK(synapse.find("rc_message: {burst_count: 50, per_second: 10}") != std::string::npos);
  CHECK(synapse.find("args: {cp_max: 10}") != std::string::npos);
  // CNPG's fixed parameters are the operator's, never the manifests'.
  const std::string& postgres = file(imported, "postgres.yaml").text;
  CHECK(postgres.find("max_connections: \"500\"") != std::string::npos);
  CHECK(postgres.find("archive_mode") == std::string::npos);
  CHECK(postgres.find("shared_preload_libraries") == std::string::npos);
}

TEST_CASE("an HPA-owned pool is imported with its bounds, not its replicas") {
  Scenario s = Scenario::example();
  s.live.add(LiveObject{{"HorizontalPodAutoscaler", "matrix", "synchrotron"}, "autoscaling/v2", "7",
                        {{"kind", "HorizontalPodAutoscaler"},
                         {"metadata", {{"name", "synchrotron"}, {"namespace", "matrix"}}},
                         {"spec", {{"scaleTargetRef", {{"kind", "Deployment"}, {"name", "synapse-synchrotron"}}},
                                   {"minReplicas", 4}, {"maxReplicas", 12}}}}});
  const ImportResult imported = import_of(s.live);
  const std::string& topology = file(imported, "topology.yaml").text;
  CHECK(topology.find("    synchrotron:\n      kind: Deployment\n      name: synapse-synchrotron\n"
                      "      hpa: {minReplicas: 4, maxReplicas: 12}\n") != std::string::npos);
  CHECK(plan_imported(imported, s.live).empty());
}

TEST_CASE("workers on several images: the common one is imported, with a warning") {
  Scenario s = Scenario::example();
  s.edit_live("StatefulSet", "synapse-media-repository", [](nlohmann::json& body) {
    body["spec"]["template"]["spec"]["containers"][0]["image"] = "matrixdotorg/synapse:v1.118.0";
  });
  const ImportResult imported = import_of(s.live);
  CHECK(file(imported, "values/images.yaml").text.find("workers: {image: matrixdotorg/synapse:v1.119.0}") != std::string::npos);
  REQUIRE(imported.warnings.size() == 1);
  CHECK(imported.warnings[0].starts_with("the worker pools run 2 different images"));
}

TEST_CASE("the namespace comes from the Synapse workloads, or must be given") {
  CHECK(import_manifests(LiveState{}, {}).error().front().message ==
        "the live state has no Synapse workload (label app.kubernetes.io/name: synapse); pass --namespace");
  Scenario s = Scenario::example();
  LiveObject copy = *s.live.find({"StatefulSet", "matrix", "synapse-main"});
  copy.ref.ns = "staging";
  s.live.add(copy);
  CHECK(import_manifests(s.live, {}).error().front().message ==
        "Synapse workloads live in several namespaces (matrix, staging); choose one with --namespace");
  CHECK(import_manifests(s.live, {"matrix", "", ""}).has_value());
}

TEST_CASE("import is deterministic") {
  const LiveState live = Scenario::example().live;
  const ImportResult a = import_of(live), b = import_of(live);
  REQUIRE(a.files.size() == b.files.size());
  for (size_t i = 0; i < a.files.size(); ++i) CHECK(a.files[i].text == b.files[i].text);
}

}  // namespace
TEST_CASE("of several CNPG Clusters, the one homeserver.yaml's database host names is imported, however the file is written") {
  Scenario s = Scenario::example();
  const LiveObject* postgres = s.live.find({"Cluster", "matrix", "synapse-postgres"});
  REQUIRE(postgres != nullptr);
  LiveObject other = *postgres;  // sorts first: imported were the host not read
  other.ref.name = "archive-postgres";
  other.body.json()["metadata"]["name"] = "archive-postgres";
  s.live.add(std::move(other));
  SUBCASE("YAML, the host a cluster DNS name") {}
  SUBCASE("JSON, as a snapshot with redacted credentials may hold it") {
    for (const std::string config_map : {"synapse-config", "synapse-li-config"})
      s.edit_live("ConfigMap", config_map, [](nlohmann::json& body) {
        auto document = parse_yaml_tree(body["data"]["homeserver.yaml"].get<std::string>(), "homeserver.yaml");
        REQUIRE(document);
        body["data"]["homeserver.yaml"] = document->value.dump(2);
      });
  }
  const ImportResult imported = import_of(s.live);
  CHECK(file(imported, "postgres.yaml").text.find("cluster: synapse-postgres\n") != std::string::npos);
  CHECK(imported.warnings.empty());
}

}  // namespace synops::testing
