// schemas/*.schema.json and the loader agree on the keys of every section. (Validating
// the examples against the schemas needs a JSON Schema validator, which the C++ build
// does not have; the schemas are checked for the keys the loader accepts, and for
// references that resolve.)
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/manifests/manifest_keys.h"

namespace synops {
namespace {

namespace fs = std::filesystem;
namespace keys = manifest_keys;

const fs::path kSchemas = fs::path(SYNOPS_SOURCE_DIR) / "schemas";

nlohmann::json schema(const std::string& kind) {
  std::ifstream in(kSchemas / (kind + ".schema.json"));
  REQUIRE_MESSAGE(in, kind);
  return nlohmann::json::parse(in);
}

std::set<std::string> names_of(const nlohmann::json& properties_or_enum) {
  std::set<std::string> out;
  if (properties_or_enum.is_array()) {
    for (const auto& value : properties_or_enum) out.insert(value.get<std::string>());
  } else {
    for (const auto& [key, value] : properties_or_enum.items()) out.insert(key);
  }
  return out;
}

template <std::size_t N>
std::set<std::string> names_of(const std::array<std::string_view, N>& list) {
  return {list.begin(), list.end()};
}

void collect_refs(const nlohmann::json& node, std::set<std::string>& refs) {
  if (node.is_object()) {
    if (auto ref = node.find("$ref"); ref != node.end()) refs.insert(ref->get<std::string>());
    for (const auto& [key, value] : node.items()) collect_refs(value, refs);
  } else if (node.is_array()) {
    for (const auto& value : node) collect_refs(value, refs);
  }
}

const char* const kKinds[] = {"synops", "images", "topology", "postgres", "synapse", "storage", "redis", "tls", "monitoring"};

TEST_CASE("synops.schema.json lists exactly the keys the loader accepts") {
  const nlohmann::json s = schema("synops");
  CHECK(s.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
  const auto at = [&](const char* pointer) { return names_of(s.at(nlohmann::json::json_pointer(pointer))); };
  CHECK(at("/properties") == names_of(keys::root));
  CHECK(at("/$defs/live/properties") == names_of(keys::live));
  CHECK(at("/$defs/live/properties/kubernetes/properties") == names_of(keys::kubernetes));
  CHECK(at("/$defs/synapse/properties") == names_of(keys::synapse));
  CHECK(at("/$defs/workload/properties") == names_of(keys::workload));
  CHECK(at("/$defs/workerPool/properties") == names_of(keys::worker_pool));
  CHECK(at("/$defs/hpa/properties") == names_of(keys::hpa));
  CHECK(at("/$defs/scaleDown/properties") == names_of(keys::scale_down));
  CHECK(at("/$defs/postgres/properties") == names_of(keys::postgres));
  CHECK(at("/$defs/resources/properties") == names_of(keys::resources));
  CHECK(at("/$defs/postgresConnection/properties") == names_of(keys::postgres_connection));
  CHECK(at("/$defs/postgresConnection/properties/sslmode/enum") == names_of(keys::sslmodes));
  CHECK(at("/$defs/liDatabase/properties") == names_of(keys::li_database));
  CHECK(at("/$defs/passwordSecret/properties") == names_of(keys::secret_key_ref));
  CHECK(at("/$defs/minio/properties") == names_of(keys::minio));
  CHECK(at("/$defs/minioPool/properties") == names_of(keys::minio_pool));
  CHECK(at("/$defs/redis/properties") == names_of(keys::redis));
  CHECK(at("/$defs/redisRelease/properties") == names_of(keys::redis_release));
  CHECK(at("/$defs/monitoring/properties") == names_of(keys::monitoring));
  CHECK(at("/$defs/monitoringRelease/properties") == names_of(keys::monitoring_release));
  CHECK(at("/$defs/monitoringWorkload/properties") == names_of(keys::workload));
  CHECK(at("/$defs/tls/properties") == names_of(keys::tls));
  CHECK(at("/$defs/certificate/properties") == names_of(keys::certificate));
  CHECK(at("/$defs/drift/properties") == names_of(keys::drift));
  CHECK(at("/$defs/driftIgnoreRule/properties") == names_of(keys::drift_ignore_rule));
  CHECK(at("/$defs/stream/enum") == names_of(keys::streams));
  CHECK(at("/$defs/kind/enum") == names_of(keys::workload_kinds));
}

TEST_CASE("each file's schema is closed and uses only keys the loader accepts") {
  const auto root_keys = names_of(keys::root);
  for (const char* kind : kKinds) {
    CAPTURE(kind);
    const nlohmann::json s = schema(kind);
    CHECK(s.at("additionalProperties") == false);
    for (const auto& key : names_of(s.at("properties"))) CHECK(root_keys.contains(key));
  }
  const auto topology = schema("topology").at("/properties/synapse/properties"_json_pointer);
  for (const auto& key : names_of(topology)) CHECK(names_of(keys::synapse).contains(key));
  const auto synapse = schema("synapse").at("/properties/synapse/properties"_json_pointer);
  for (const auto& key : names_of(synapse)) CHECK(names_of(keys::synapse).contains(key));
}

TEST_CASE("every schema has the $id its cross-file $refs resolve against") {
  for (const char* kind : kKinds) {
    CAPTURE(kind);
    CHECK(schema(kind).at("$id") == "https://synops.dev/schemas/" + std::string(kind) + ".schema.json");
  }
}

TEST_CASE("every $ref of every schema resolves") {
  const nlohmann::json defs = schema("synops").at("$defs");
  for (const char* kind : kKinds) {
    std::set<std::string> refs;
    collect_refs(schema(kind), refs);
    for (const std::string& ref : refs) {
      CAPTURE(kind);
      CAPTURE(ref);
      const auto hash = ref.find("#/$defs/");
      REQUIRE(hash != std::string::npos);
      const std::string file = ref.substr(0, hash);
      CHECK((file.empty() ? std::string(kind) == "synops" : file == "synops.schema.json"));
      CHECK(defs.contains(ref.substr(hash + 8)));
    }
  }
}

}  // namespace
}  // namespace synops
