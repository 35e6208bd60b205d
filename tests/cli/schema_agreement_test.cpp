// The schemas and `synops validate` agree (issue #17: 5): an editor must not say "fine" on a
// manifest validate refuses, nor the other way round. Each mutation below is a small edit of
// examples/matrix, valid or not; a real JSON Schema validator (python3-jsonschema, through
// schema_verdict.py: each file against its modeline's schema, and the merged files against
// synops.schema.json) and the real binary must reach the same verdict on it.
//
// JSON Schema cannot compare two values or look across the objects of a list, so a few rules
// stay with validate alone. They are marked `known` with the reason; the test checks that the
// schema still accepts them (a schema that learned the rule must drop the mark).
#include <doctest/doctest.h>

#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/cli_run.h"
#include "support/run_synops.h"
#include "support/skip.h"
#include "support/shell.h"

namespace synops::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = SYNOPS_SOURCE_DIR;

// One edit of a copy of examples/matrix: the first `from` in `file` becomes `to`; an empty
// `from` appends `to` to the file, creating it.
struct Edit {
  const char* file;
  const char* from;
  const char* to;
};

struct Mutation {
  const char* name;
  std::vector<Edit> edits;
  bool valid;                  // what synops validate says, and the schemas should
  const char* known = nullptr;  // why the schemas cannot say it; they accept the manifest
};

// A monitoring.yaml, as the examples have none.
constexpr const char* kMonitoring =
    "# yaml-language-server: $schema=../../schemas/monitoring.schema.json\n"
    "monitoring:\n"
    "  releases:\n"
    "    kube-prometheus-stack: {chart: prometheus-community/kube-prometheus-stack, version: 65.1.0}\n"
    "  workloads:\n"
    "    grafana: {kind: Deployment, name: grafana, image: grafana/grafana:11.3.0}\n";
constexpr Edit kIncludeMonitoring{"synops.yaml", "  - tls.yaml\n", "  - tls.yaml\n  - monitoring.yaml\n"};

constexpr const char* kGeneric = "generic:           {kind: Deployment,  name: synapse-generic-worker,    replicas: 4}";
constexpr const char* kWriter = "event-persister:   {kind: StatefulSet, name: synapse-event-persister,   replicas: 2, streams: [events]}";

std::vector<Mutation> corpus() {
  return {
      {"the example as it is", {}, true},
      // synops.yaml
      {"namespace in capitals", {{"synops.yaml", "namespace: matrix", "namespace: Matrix"}}, false},
      {"namespace missing", {{"synops.yaml", "namespace: matrix\n", ""}}, false},
      {"unknown root key", {{"synops.yaml", "namespace: matrix\n", "namespace: matrix\nnamespaces: matrix\n"}}, false},
      {"live with snapshot and kubernetes",
       {{"synops.yaml", "  snapshot: live/cluster.json\n", "  snapshot: live/cluster.json\n  kubernetes: {context: prod}\n"}}, false},
      {"live from kubernetes only", {{"synops.yaml", "  snapshot: live/cluster.json\n", "  kubernetes: {context: prod}\n"}}, true},
      {"live kubernetes with no keys", {{"synops.yaml", "  snapshot: live/cluster.json\n", "  kubernetes:\n"}}, true},
      {"unknown key under live", {{"synops.yaml", "  snapshot: live", "  snapshots: live"}}, false},
      {"include not a list", {{"synops.yaml", "include:\n  - values/images.yaml\n", "include: values/images.yaml\n"}}, false},
      {"maintenance page with mode page", {{"synops.yaml", "", "maintenance: {mode: page, page: {ingress: matrix}}\n"}}, true},
      {"maintenance page without mode page", {{"synops.yaml", "", "maintenance: {page: {ingress: matrix}}\n"}}, false},
      {"maintenance mode page without page", {{"synops.yaml", "", "maintenance: {mode: page}\n"}}, false},
      {"maintenance when not an enum value", {{"synops.yaml", "", "maintenance: {when: sometimes}\n"}}, false},
      {"drift ignore rule", {{"synops.yaml", "", "drift: {ignore: [{kind: StatefulSet, path: /spec/replicas}]}\n"}}, true},
      {"drift ignore path not a pointer", {{"synops.yaml", "", "drift: {ignore: [{kind: StatefulSet, path: spec}]}\n"}}, false},
      // values/images.yaml
      {"image a list", {{"values/images.yaml", "{image: vectorim/element-web:v1.11.50}", "{image: [vectorim/element-web]}"}}, false},
      {"image a number", {{"values/images.yaml", "ghcr.io/cloudnative-pg/postgresql:16.3", "16"}}, true},
      {"unknown key beside an image", {{"values/images.yaml", "v1.11.50}", "v1.11.50, tag: x}"}}, false},
      {"workers image other than main's",
       {{"values/images.yaml", "{image: matrixdotorg/synapse:v1.120.0}   # must match main\n  li",
         "{image: matrixdotorg/synapse:v1.119.0}   # must match main\n  li"}},
       false,
       "two values compared (rule synapse-images-match)"},
      // topology.yaml
      {"replicas negative", {{"topology.yaml", "replicas: 8}", "replicas: -1}"}}, false},
      {"replicas a string", {{"topology.yaml", "replicas: 8}", "replicas: \"8\"}"}}, false},
      {"kind not an enum value", {{"topology.yaml", "{kind: Deployment,  name: synapse-synchrotron", "{kind: ReplicaSet, name: synapse-synchrotron"}}, false},
      {"pool without a name", {{"topology.yaml", "name: synapse-synchrotron,       ", ""}}, false},
      {"main without a kind", {{"topology.yaml", "{kind: StatefulSet, name: synapse-main}", "{name: synapse-main}"}}, false},
      {"unknown key in a pool", {{"topology.yaml", "replicas: 8}", "replicas: 8, replica: 8}"}}, false},
      {"streams on a Deployment", {{"topology.yaml", "replicas: 8}", "replicas: 8, streams: [typing]}"}}, false},
      {"no streams on a Deployment", {{"topology.yaml", "replicas: 8}", "replicas: 8, streams: []}"}}, true},
      {"federation sender a Deployment", {{"topology.yaml", "replicas: 8}", "replicas: 8, federation_sender: true}"}}, false},
      {"federation_sender false on a Deployment", {{"topology.yaml", "replicas: 8}", "replicas: 8, federation_sender: false}"}}, true},
      {"unknown stream", {{"topology.yaml", "streams: [events]", "streams: [event]"}}, false},
      {"stream listed twice", {{"topology.yaml", "streams: [events]", "streams: [events, events]"}}, false},
      {"hpa instead of replicas",
       {{"topology.yaml", kGeneric, "generic: {kind: Deployment, name: synapse-generic-worker, hpa: {minReplicas: 2, maxReplicas: 8}}"}}, true},
      {"hpa with replicas", {{"topology.yaml", "replicas: 4}", "replicas: 4, hpa: {minReplicas: 2, maxReplicas: 8}}"}}, false},
      {"hpa on a stream writer",
       {{"topology.yaml", kWriter,
         "event-persister: {kind: StatefulSet, name: synapse-event-persister, streams: [events], hpa: {minReplicas: 1, maxReplicas: 2}}"}},
       false},
      {"hpa on a federation sender",
       {{"topology.yaml", "replicas: 4, federation_sender: true}", "federation_sender: true, hpa: {minReplicas: 1, maxReplicas: 4}}"}}, false},
      {"hpa minReplicas above maxReplicas",
       {{"topology.yaml", kGeneric, "generic: {kind: Deployment, name: synapse-generic-worker, hpa: {minReplicas: 8, maxReplicas: 2}}"}},
       false,
       "two values compared (minReplicas <= maxReplicas)"},
      {"hpa minReplicas zero",
       {{"topology.yaml", kGeneric, "generic: {kind: Deployment, name: synapse-generic-worker, hpa: {minReplicas: 0, maxReplicas: 2}}"}}, false},
      {"hpa without maxReplicas",
       {{"topology.yaml", kGeneric, "generic: {kind: Deployment, name: synapse-generic-worker, hpa: {minReplicas: 2}}"}}, false},
      {"main resources", {{"topology.yaml", "name: synapse-main}", "name: synapse-main, resources: {requests: {memory: 4Gi}, limits: {memory: 8Gi}}}"}}, true},
      {"main resources not a quantity", {{"topology.yaml", "name: synapse-main}", "name: synapse-main, resources: {requests: {memory: lots}}}"}}, false},
      {"serviceName not a Kubernetes name", {{"topology.yaml", "replicas: 2}", "replicas: 2, serviceName: Media_Repo}"}}, false},
      {"replicationPort out of range", {{"topology.yaml", "replicas: 2}", "replicas: 2, replicationPort: 70000}"}}, false},
      {"pool scaleDown step zero", {{"topology.yaml", "replicas: 8}", "replicas: 8, scaleDown: {step: 0}}"}}, false},
      {"a workload name used twice",
       {{"topology.yaml", "name: synapse-generic-worker,", "name: synapse-synchrotron,"}},
       false,
       "two objects compared (workload names are unique across main, li, the pools and element)"},
      // postgres.yaml
      {"instances zero", {{"postgres.yaml", "instances: 3", "instances: 0"}}, false},
      {"instances a string", {{"postgres.yaml", "instances: 3", "instances: \"3\""}}, false},
      {"cluster missing", {{"postgres.yaml", "  cluster: synapse-postgres\n", ""}}, false},
      {"parameter a mapping", {{"postgres.yaml", "work_mem: 16MB", "work_mem: {mb: 16}"}}, false},
      {"connectionHeadroom negative", {{"postgres.yaml", "", "  connectionHeadroom: -1\n"}}, false},
      {"connection", {{"postgres.yaml", "", "  connection: {host: db.example.org, port: 5432, sslmode: require}\n"}}, true},
      {"connection without host", {{"postgres.yaml", "", "  connection: {port: 5432}\n"}}, false},
      {"connection sslmode not an enum value", {{"postgres.yaml", "", "  connection: {host: db, sslmode: always}\n"}}, false},
      {"connection with a password", {{"postgres.yaml", "", "  connection: {host: db, password: hunter2}\n"}}, false},
      {"connection li with synapse.li", {{"postgres.yaml", "", "  connection: {host: db, li: {dbname: synapse_li}}\n"}}, true},
      {"connection li without synapse.li",
       {{"postgres.yaml", "", "  connection: {host: db, li: {dbname: synapse_li}}\n"},
        {"topology.yaml", "  li:   {kind: StatefulSet, name: synapse-li}\n", ""},
        {"values/images.yaml", "  li:      {image: matrixdotorg/synapse:v1.120.0}   # must match main\n", ""}},
       false},
      // synapse.yaml
      {"homeserver stream_writers by hand", {{"synapse.yaml", "  homeserver:\n", "  homeserver:\n    stream_writers: {events: [a]}\n"}}, false},
      {"configKey with a space", {{"synapse.yaml", "", "  configKey: home server.yaml\n"}}, false},
      {"baseUrl https", {{"synapse.yaml", "", "  baseUrl: https://matrix.example.org\n"}}, true},
      {"baseUrl not http", {{"synapse.yaml", "", "  baseUrl: ftp://matrix.example.org\n"}}, false},
      {"scaleDown pauseSeconds negative", {{"synapse.yaml", "", "  scaleDown: {pauseSeconds: -5}\n"}}, false},
      {"mainReplicationPort zero", {{"synapse.yaml", "", "  mainReplicationPort: 0\n"}}, false},
      {"unknown key under synapse", {{"synapse.yaml", "  configMap:", "  configmap:"}}, false},
      // storage.yaml
      {"minio pool servers zero", {{"storage.yaml", "servers: 4", "servers: 0"}}, false},
      {"minio pool without size", {{"storage.yaml", ", size: 500Gi", ""}}, false},
      {"minio pool size not a quantity", {{"storage.yaml", "size: 500Gi", "size: big"}}, false},
      {"minio pool storageClassName", {{"storage.yaml", "size: 500Gi", "size: 500Gi, storageClassName: fast"}}, true},
      {"minio namespace in capitals", {{"storage.yaml", "namespace: minio-tenant", "namespace: Minio"}}, false},
      {"minio without tenant", {{"storage.yaml", "  tenant: synapse-storage\n", ""}}, false},
      // redis.yaml
      {"redis chart and version", {{"redis.yaml", "{imageTag: 7.4.1-debian-12-r2, replicas: 1}", "{chart: bitnami/redis, version: 20.3.0}"}}, true},
      {"redis version without chart", {{"redis.yaml", "{imageTag: 7.4.1-debian-12-r2, replicas: 1}", "{version: 20.3.0}"}}, false},
      {"redis chart starting with -", {{"redis.yaml", "{imageTag: 7.4.1-debian-12-r2, replicas: 1}", "{chart: \"--debug\"}"}}, false},
      {"redis replicas negative", {{"redis.yaml", "replicas: 3", "replicas: -3"}}, false},
      {"redis release name in capitals", {{"redis.yaml", "redis-livekit:", "Redis_LiveKit:"}}, false},
      // tls.yaml
      {"dnsNames empty", {{"tls.yaml", "[matrix.example.org, example.org, element.example.org]", "[]"}}, false},
      {"a DNS name twice", {{"tls.yaml", "[matrix.example.org, example.org,", "[matrix.example.org, matrix.example.org,"}}, false},
      {"certificate name in capitals", {{"tls.yaml", "synapse-tls:", "Synapse_TLS:"}}, false},
      {"unknown key in a certificate", {{"tls.yaml", "      dnsNames:", "      secretName: x\n      dnsNames:"}}, false},
      // monitoring.yaml (a new file)
      {"monitoring", {kIncludeMonitoring, {"monitoring.yaml", "", kMonitoring}}, true},
      {"monitoring release without version", {kIncludeMonitoring, {"monitoring.yaml", "", kMonitoring}, {"monitoring.yaml", ", version: 65.1.0", ""}}, false},
      {"monitoring workload without image",
       {kIncludeMonitoring, {"monitoring.yaml", "", kMonitoring}, {"monitoring.yaml", ", image: grafana/grafana:11.3.0", ""}}, false},
      {"monitoring namespace in capitals",
       {kIncludeMonitoring, {"monitoring.yaml", "", kMonitoring}, {"monitoring.yaml", "monitoring:\n", "monitoring:\n  namespace: Monitoring\n"}}, false},
      {"monitoring release name in capitals",
       {kIncludeMonitoring, {"monitoring.yaml", "", kMonitoring}, {"monitoring.yaml", "kube-prometheus-stack:", "KPS:"}}, false},
  };
}

// What the schemas say about `dir`: 0 valid, 1 invalid (2: the validator could not judge).
std::pair<int, std::string> schema_verdict(const fs::path& dir) {
  const ShellRun run = run_shell("python3 " + quoted(kSource / "tests/cli/schema_verdict.py") + " " + quoted(dir));
  return {run.exit_code, run.output};
}

// The same for every directory of `dirs`, from one python3 process.
std::map<std::string, std::pair<int, std::string>> schema_verdicts(const std::vector<fs::path>& dirs) {
  std::string command = "python3 " + quoted(kSource / "tests/cli/schema_verdict.py") + " --batch";
  for (const auto& dir : dirs) command += " " + quoted(dir);
  const auto [code, output] = run_shell(command);
  REQUIRE_MESSAGE(code == 0, output);
  std::map<std::string, std::pair<int, std::string>> verdicts;
  const nlohmann::json parsed = nlohmann::json::parse(output);
  for (auto entry = parsed.begin(); entry != parsed.end(); ++entry)
    verdicts[entry.key()] = {entry.value().at(0).get<int>(), entry.value().at(1).get<std::string>()};
  return verdicts;
}

void require_validator() {
  if (run_shell("python3 -c 'import jsonschema, yaml'").exit_code != 0)
    skip_test("python3 with jsonschema and yaml is not installed (Debian: python3-jsonschema python3-yaml)");
}

void apply(const Edit& edit, const fs::path& dir) {
  const fs::path file = dir / edit.file;
  if (std::string(edit.from).empty()) {
    std::ofstream(file, std::ios::app) << edit.to;
  } else {
    replace_in(file, edit.from, edit.to);
  }
}

// A scratch root holding schemas/ (a link to the source's) and the mutated copies two levels
// below it, so that the examples' relative modelines (../../schemas/...) still resolve.
struct Scratch {
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "synops-schemas-XXXXXX").string();
    root = ::mkdtemp(pattern.data());
    fs::create_directory_symlink(kSource / "schemas", root / "schemas");
    fs::create_directory(root / "corpus");
  }
  ~Scratch() { fs::remove_all(root); }
  fs::path root;
};

}  // namespace

TEST_CASE("every manifest of examples/matrix names its schema in a yaml-language-server modeline") {
  for (const auto& entry : fs::recursive_directory_iterator(kSource / "examples/matrix")) {
    if (entry.path().extension() != ".yaml") continue;
    CAPTURE(entry.path());
    std::ifstream in(entry.path());
    std::string first;
    std::getline(in, first);
    const std::string prefix = "# yaml-language-server: $schema=";
    REQUIRE(first.starts_with(prefix));
    const fs::path schema = entry.path().parent_path() / first.substr(prefix.size());
    CHECK(fs::is_regular_file(schema));
  }
}

TEST_SUITE("needs python3-jsonschema") {
  TEST_CASE("the schemas, loaded as a set by $id, accept examples/matrix as its modelines name them") {
    require_validator();
    const auto [code, output] = schema_verdict(kSource / "examples/matrix");
    CHECK_MESSAGE(code == 0, output);
  }

  TEST_CASE("python3-jsonschema and synops validate reach the same verdict on every mutation of examples/matrix") {
    require_validator();
    const Scratch scratch;
    const auto mutations = corpus();
    std::vector<fs::path> dirs;
    for (const Mutation& mutation : mutations) {
      dirs.push_back(scratch.root / "corpus" / std::to_string(dirs.size()));
      fs::copy(kSource / "examples/matrix", dirs.back(), fs::copy_options::recursive);
      for (const Edit& edit : mutation.edits) apply(edit, dirs.back());
    }
    const auto verdicts = schema_verdicts(dirs);
    for (std::size_t index = 0; index < mutations.size(); ++index) {
      const Mutation& mutation = mutations[index];
      const std::string name = mutation.name;  // doctest prints a const char* as a pointer
      CAPTURE(name);
      const fs::path& dir = dirs[index];
      const RunResult synops = run_synops("validate " + quoted(dir));
      REQUIRE(verdicts.contains(dir.string()));
      const auto& [schema_code, schema_output] = verdicts.at(dir.string());
      REQUIRE_MESSAGE(schema_code != 2, (name + ": " + schema_output));
      REQUIRE_MESSAGE((synops.exit_code == 0 || synops.exit_code == 1), (name + ": synops validate exited " + std::to_string(synops.exit_code)));
      const bool synops_valid = synops.exit_code == 0, schema_valid = schema_code == 0;
      const auto verdict = [](bool valid) { return std::string(valid ? "valid" : "invalid"); };
      // The mutation does what it says: validate's verdict is the one written down.
      CHECK_MESSAGE(synops_valid == mutation.valid, (name + ": synops validate says " + verdict(synops_valid) + "\n" + synops.err));
      if (mutation.known != nullptr) {
        CHECK_MESSAGE(schema_valid, (name + ": the schemas now refuse it (" + mutation.known + "); drop its `known` mark:\n" + schema_output));
      } else {
        CHECK_MESSAGE(schema_valid == synops_valid, (name + ": python3-jsonschema says " + verdict(schema_valid) + ", synops validate says " +
                                                        verdict(synops_valid) + "\n--- schema:\n" + schema_output + "--- synops:\n" + synops.err));
      }
    }
  }
}

}  // namespace synops::testing
