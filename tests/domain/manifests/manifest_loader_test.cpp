// Bad manifests: each case writes a few small files, loads them, and compares the exact
// diagnostics (FILE:LINE:COL: error: message), joined by newlines.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "domain/manifests/manifest_loader.h"
#include "support/diagnostics_text.h"

namespace synops {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "synops-manifests-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  void write(const std::string& name, std::string_view text) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name, std::ios::binary) << text;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

using Files = std::vector<std::pair<std::string, std::string>>;

// The diagnostics, with the temporary directory's varying path written "DIR".
std::string loader_errors_of(const Files& files) {
  TempDir dir;
  for (const auto& [name, text] : files) dir.write(name, text);
  auto desired = load_manifests(dir.path());
  std::string out = desired ? "" : testing::diagnostics_text(desired.error());
  for (auto at = out.find(dir.path().string()); at != std::string::npos; at = out.find(dir.path().string()))
    out.replace(at, dir.path().string().size(), "DIR");
  return out;
}

// synops.yaml with a namespace and `body`.
Files root(const std::string& body) { return {{"synops.yaml", "namespace: matrix\n" + body}}; }

struct Case {
  const char* name;
  Files files;
  std::string expected;
};

const std::string kPoolKeys =
    "(valid keys: kind, name, replicas, streams, federation_sender, hpa, container, serviceName, replicationPort, scaleDown, resources)";

const Case kCases[] = {
    {"unknown key, with a suggestion",
     root("synapse:\n  workers:\n    synchrotron: {kind: Deployment, name: s, replcas: 8}\n"),
     "synops.yaml:4:46: error: unknown key \"replcas\" in synapse.workers.synchrotron; did you mean \"replicas\"? " + kPoolKeys},
    {"unknown key at the top level, nothing close",
     root("frobnicate: 1\n"),
     "synops.yaml:2:1: error: unknown key \"frobnicate\" at the top level (valid keys: namespace, live, include, "
     "synapse, element, postgres, minio, redis, tls, drift, maintenance, monitoring)"},
    {"wrong type",
     root("synapse:\n  main: {kind: StatefulSet, name: synapse-main, image: {repo: x}}\n"),
     "synops.yaml:3:56: error: \"synapse.main.image\" must be a string, got a mapping"},
    {"missing required key",
     root("synapse:\n  workers:\n    generic: {kind: Deployment, replicas: 4}\n"),
     "synops.yaml:4:14: error: missing required key \"name\" in synapse.workers.generic"},
    {"negative replicas",
     root("synapse:\n  workers:\n    synchrotron: {kind: Deployment, name: s, replicas: -1}\n"),
     "synops.yaml:4:56: error: \"replicas\" in synapse.workers.synchrotron must be a non-negative integer, got \"-1\""},
    {"fractional replicas",
     root("synapse:\n  workers:\n    synchrotron: {kind: Deployment, name: s, replicas: 2.5}\n"),
     "synops.yaml:4:56: error: \"replicas\" in synapse.workers.synchrotron must be a non-negative integer, got \"2.5\""},
    {"quoted replicas",
     root("synapse:\n  workers:\n    synchrotron: {kind: Deployment, name: s, replicas: \"3\"}\n"),
     "synops.yaml:4:56: error: \"replicas\" in synapse.workers.synchrotron must be a non-negative integer, got the string \"3\""},
    {"replicas too large for 64 bits",
     root("synapse:\n  workers:\n    synchrotron: {kind: Deployment, name: s, replicas: 99999999999999999999}\n"),
     "synops.yaml:4:56: error: integer 99999999999999999999 is out of range (integers must fit in 64 bits; quote it to keep it as text)"},
    {"kind not Deployment or StatefulSet",
     root("synapse:\n  main: {kind: DaemonSet, name: synapse-main}\n"),
     "synops.yaml:3:16: error: \"kind\" in synapse.main must be one of Deployment, StatefulSet, got \"DaemonSet\""},
    {"invalid workload name",
     root("synapse:\n  main: {kind: StatefulSet, name: Synapse_Main}\n"),
     "synops.yaml:3:35: error: \"name\" in synapse.main must be a Kubernetes name (lowercase letters, digits, \"-\" and "
     "\".\", starting and ending with a letter or digit, at most 253 characters), got \"Synapse_Main\""},
    {"workload name used twice",
     {{"synops.yaml", "namespace: matrix\ninclude: [topology.yaml]\n"},
      {"topology.yaml",
       "synapse:\n  main: {kind: StatefulSet, name: synapse-main}\n  workers:\n"
       "    generic: {kind: Deployment, name: synapse-main, replicas: 1}\n"}},
     "topology.yaml:4:39: error: workload name \"synapse-main\" is used twice: also by synapse.main at topology.yaml:2:9"},
    {"unknown stream",
     root("synapse:\n  workers:\n    persister: {kind: StatefulSet, name: p, streams: [events, typnig]}\n"),
     "synops.yaml:4:63: error: unknown stream \"typnig\" in synapse.workers.persister.streams; did you mean \"typing\"? "
     "(valid streams: events, typing, to_device, account_data, receipts, presence, push_rules, device_lists, "
     "quarantined_media_changes, thread_subscriptions)"},
    {"stream writers must be StatefulSets",
     root("synapse:\n  workers:\n    persister: {kind: Deployment, name: p, streams: [events]}\n"),
     "synops.yaml:4:23: error: \"kind\" in synapse.workers.persister must be StatefulSet because the pool writes streams "
     "(its instance names must be stable), got \"Deployment\""},
    {"federation senders must be StatefulSets",
     root("synapse:\n  workers:\n    sender: {kind: Deployment, name: f, federation_sender: true}\n"),
     "synops.yaml:4:20: error: \"kind\" in synapse.workers.sender must be StatefulSet because the pool sends federation "
     "(its instance names must be stable), got \"Deployment\""},
    {"federation_sender is a boolean; yes stays a string",
     root("synapse:\n  workers:\n    sender: {kind: StatefulSet, name: f, federation_sender: yes}\n"),
     "synops.yaml:4:61: error: \"federation_sender\" in synapse.workers.sender must be true or false, got the string \"yes\""},
    {"derived homeserver keys are never written by hand",
     root("synapse:\n  homeserver:\n    instance_map: {main: {host: x}}\n    stream_writers: {events: [a]}\n"),
     "synops.yaml:4:5: error: \"instance_map\" in synapse.homeserver is derived from topology.yaml and never written by hand; remove it\n"
     "synops.yaml:5:5: error: \"stream_writers\" in synapse.homeserver is derived from topology.yaml and never written by hand; remove it"},
    {"hpa and replicas together, hpa bounds reversed",
     root("synapse:\n  workers:\n    s:\n      kind: Deployment\n      name: s\n      replicas: 2\n"
          "      hpa: {minReplicas: 3, maxReplicas: 2}\n"),
     "synops.yaml:8:7: error: synapse.workers.s sets both \"replicas\" and \"hpa\"; a HorizontalPodAutoscaler owns the "
     "replica count, so set only one\n"
     "synops.yaml:8:42: error: \"maxReplicas\" in synapse.workers.s.hpa must be at least minReplicas (3), got \"2\""},
    {"namespace missing",
     {{"synops.yaml", "live: {snapshot: live.json}\n"}},
     "synops.yaml:1:1: error: missing required key \"namespace\" at the top level"},
    {"namespace invalid",
     {{"synops.yaml", "namespace: Matrix_Prod\n"}},
     "synops.yaml:1:12: error: \"namespace\" must be a Kubernetes namespace (lowercase letters, digits and \"-\", "
     "starting and ending with a letter or digit, at most 63 characters), got \"Matrix_Prod\""},
    {"live source: both snapshot and kubernetes",
     root("live:\n  snapshot: live.json\n  kubernetes: {context: prod}\n"),
     "synops.yaml:4:3: error: \"live\" sets both \"snapshot\" and \"kubernetes\"; choose one"},
    {"MinIO pools: counts, size and duplicate names",
     root("minio:\n  tenant: t\n  pools:\n    - {name: p, servers: 0, volumesPerServer: four, size: 500GB}\n"
          "    - {name: p, servers: 4, volumesPerServer: 4, size: 1Ti}\n"),
     "synops.yaml:5:26: error: \"servers\" in minio.pools[0] must be a positive integer, got \"0\"\n"
     "synops.yaml:5:47: error: \"volumesPerServer\" in minio.pools[0] must be a positive integer, got the string \"four\"\n"
     "synops.yaml:5:59: error: \"size\" in minio.pools[0] must be a Kubernetes quantity such as 500Gi, got \"500GB\""},
    {"MinIO duplicate pool names",
     root("minio:\n  tenant: t\n  pools:\n    - {name: p, servers: 4, volumesPerServer: 4, size: 1Ti}\n"
          "    - {name: p, servers: 4, volumesPerServer: 4, size: 1Ti}\n"),
     "synops.yaml:6:14: error: pool name \"p\" is used twice in minio.pools: also at synops.yaml:5:7"},
    {"certificate DNS names",
     root("tls:\n  certificates:\n    a: {dnsNames: []}\n    b: {dnsNames: [x.org, \"\", ~, x.org]}\n"),
     "synops.yaml:4:19: error: \"tls.certificates.a.dnsNames\" must be a non-empty sequence of DNS names, got an empty sequence\n"
     "synops.yaml:5:27: error: \"tls.certificates.b.dnsNames[1]\" must be a non-empty string, got an empty string\n"
     "synops.yaml:5:31: error: \"tls.certificates.b.dnsNames[2]\" must be a non-empty string, got null\n"
     "synops.yaml:5:34: error: DNS name \"x.org\" is listed twice in tls.certificates.b.dnsNames"},
    {"postgres parameters are scalars, the cluster is required",
     root("postgres:\n  parameters: {shared_buffers: {size: 4GB}, max_connections: 500}\n"),
     "synops.yaml:3:3: error: missing required key \"cluster\" in postgres\n"
     "synops.yaml:3:32: error: \"postgres.parameters.shared_buffers\" must be a string, got a mapping"},
    {"postgres resources are quantities",
     root("postgres:\n  cluster: pg\n  resources: {requests: {memory: 8GB}, limts: {}}\n"),
     "synops.yaml:4:34: error: \"memory\" in postgres.resources.requests must be a Kubernetes quantity such as 8Gi, "
     "500m or 2, got \"8GB\"\n"
     "synops.yaml:4:40: error: unknown key \"limts\" in postgres.resources; did you mean \"limits\"? (valid keys: requests, limits)"},
    {"redis replicas",
     root("redis:\n  releases:\n    r: {imageTag: 7.4, replicas: -1}\n"),
     "synops.yaml:4:34: error: \"replicas\" in redis.releases.r must be a non-negative integer, got \"-1\""},
    {"a value set in two files",
     {{"synops.yaml", "namespace: matrix\ninclude: [values/images.yaml, topology.yaml]\n"},
      {"values/images.yaml", "synapse:\n  main:\n    image: matrixdotorg/synapse:v1.120.0\n"},
      {"topology.yaml", "synapse:\n  main: {kind: StatefulSet, name: m, image: matrixdotorg/synapse:v1.121.0}\n"}},
     "values/images.yaml:3:12: error: key \"synapse.main.image\" is set in topology.yaml:2:45 and again here"},
    {"duplicate key in one file",
     root("synapse:\n  main: {kind: StatefulSet, name: m}\n  main: {kind: StatefulSet, name: n}\n"),
     "synops.yaml:4:3: error: duplicate key \"main\" in synapse (first set at synops.yaml:3:3)"},
    {"missing include, with the chain",
     {{"synops.yaml", "namespace: matrix\ninclude: [a.yaml]\n"}, {"a.yaml", "include:\n  - values/missing.yaml\n"}},
     "a.yaml:2:5: error: cannot include \"values/missing.yaml\": no such file (include chain: synops.yaml -> a.yaml -> "
     "values/missing.yaml)"},
    {"include loop",
     {{"synops.yaml", "namespace: matrix\ninclude: [a.yaml]\n"},
      {"a.yaml", "include: [b.yaml]\n"},
      {"b.yaml", "include: [./a.yaml]\n"}},
     "b.yaml:1:11: error: include loop: synops.yaml -> a.yaml -> b.yaml -> a.yaml"},
    {"a file included twice",
     {{"synops.yaml", "namespace: matrix\ninclude: [a.yaml, b.yaml]\n"},
      {"a.yaml", "{}\n"},
      {"b.yaml", "include: [a.yaml]\n"}},
     "b.yaml:1:11: error: \"a.yaml\" is already included at synops.yaml:2:11; include each file once"},
    {"include paths stay inside the directory",
     root("include: [../secrets.yaml, /etc/passwd, 7]\n"),
     "synops.yaml:2:11: error: include \"../secrets.yaml\" leaves the manifest directory; write a path inside DIR\n"
     "synops.yaml:2:28: error: include \"/etc/passwd\" is not a relative path; write a path relative to the manifest "
     "directory, inside DIR\n"
     "synops.yaml:2:41: error: cannot include \"7\": no such file (include chain: synops.yaml -> 7)"},
    {"syntax errors in two files are both reported",
     {{"synops.yaml", "namespace: matrix\ninclude: [a.yaml, b.yaml]\n"},
      {"a.yaml", "synapse:\n\tmain: {}\n"},
      {"b.yaml", "postgres: [1, 2\n"}},
     "a.yaml:2:6: error: invalid YAML: illegal map value (YAML is indented with spaces, not tabs)\n"
     "b.yaml:2:1: error: invalid YAML: end of sequence flow not found"},
    {"an included file must hold a mapping",
     {{"synops.yaml", "namespace: matrix\ninclude: [a.yaml]\n"}, {"a.yaml", "- synapse\n"}},
     "a.yaml:1:1: error: a manifest file must hold a mapping, got a sequence"},
    {"synops.yaml missing",
     {{"other.yaml", "namespace: matrix\n"}},
     "synops.yaml: error: cannot read DIR/synops.yaml: no such file"},
};

TEST_CASE("bad manifests are refused with exact diagnostics") {
  for (const Case& c : kCases) {
    CAPTURE(c.name);
    CHECK(loader_errors_of(c.files) == c.expected);
  }
}

TEST_CASE("every problem of a load is reported at once, sorted by file, line and column") {
  const Files files = {
      {"synops.yaml", "namespace: matrix\ninclude: [topology.yaml, redis.yaml]\nliv: {}\n"},
      {"topology.yaml",
       "synapse:\n  main: {kind: Job, name: m}\n  workers:\n    a: {kind: Deployment, name: a, replicas: -2}\n"},
      {"redis.yaml", "redis:\n  releases:\n    r: {replicas: x}\n"},
  };
  CHECK(loader_errors_of(files) ==
        "redis.yaml:3:19: error: \"replicas\" in redis.releases.r must be a non-negative integer, got the string \"x\"\n"
        "synops.yaml:3:1: error: unknown key \"liv\" at the top level; did you mean \"live\"? (valid keys: namespace, "
        "live, include, synapse, element, postgres, minio, redis, tls, drift, maintenance, monitoring)\n"
        "topology.yaml:2:16: error: \"kind\" in synapse.main must be one of Deployment, StatefulSet, got \"Job\"\n"
        "topology.yaml:4:46: error: \"replicas\" in synapse.workers.a must be a non-negative integer, got \"-2\"");
}

TEST_CASE("YAML 1.1 booleans and octals in string fields stay as written") {
  TempDir dir;
  dir.write("synops.yaml",
            "namespace: matrix\nsynapse:\n  main: {kind: StatefulSet, name: m, container: on, image: yes}\n"
            "postgres:\n  cluster: pg\n  parameters: {fsync: off, port: 0777, max_connections: 500, jit: true, "
            "random_page_cost: 1.10}\n"
            "redis:\n  releases:\n    r: {imageTag: 7.40}\n");
  auto desired = load_manifests(dir.path());
  REQUIRE_MESSAGE(desired, testing::diagnostics_text(desired.error()));
  CHECK(desired->synapse.main->container == "on");
  CHECK(desired->synapse.main_image->value == "yes");
  CHECK(desired->postgres->parameters.value.dump() ==
        R"({"fsync":"off","jit":"true","max_connections":"500","port":"0777","random_page_cost":"1.10"})");
  CHECK(desired->redis[0].image_tag->value == "7.40");
}

TEST_CASE("a BOM and CRLF line endings load like plain LF") {
  const std::string lf =
      "namespace: matrix\nlive:\n  kubernetes: {kubeconfig: kube.conf, context: prod}\nsynapse:\n"
      "  homeserver:\n    motd: |\n      line one\n      line two\n";
  std::string crlf;
  for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  TempDir a, b;
  a.write("synops.yaml", lf);
  b.write("synops.yaml", "\xEF\xBB\xBF" + crlf);
  auto from_lf = load_manifests(a.path());
  auto from_crlf = load_manifests(b.path());
  REQUIRE_MESSAGE(from_lf, testing::diagnostics_text(from_lf.error()));
  REQUIRE_MESSAGE(from_crlf, testing::diagnostics_text(from_crlf.error()));
  CHECK(from_crlf->synapse.homeserver.value == from_lf->synapse.homeserver.value);
  CHECK(from_crlf->synapse.homeserver.value.dump() == R"({"motd":"line one\nline two\n"})");
  CHECK(from_crlf->synapse.homeserver.positions == from_lf->synapse.homeserver.positions);
  CHECK(from_crlf->live.kubeconfig->value == "kube.conf");
  CHECK(from_crlf->live.context->at.str() == "synops.yaml:3:48");
}

TEST_CASE("worker pools keep the order they are written in; across files, by file name") {
  TempDir dir;
  dir.write("synops.yaml", "namespace: matrix\ninclude: [z.yaml, a.yaml]\n");
  dir.write("z.yaml", "synapse:\n  workers:\n    zeta: {kind: Deployment, name: zeta}\n    alpha: {kind: Deployment, name: alpha}\n");
  dir.write("a.yaml", "synapse:\n  workers:\n    omega: {kind: Deployment, name: omega}\n    beta: {kind: Deployment, name: beta}\n");
  auto desired = load_manifests(dir.path());
  REQUIRE_MESSAGE(desired, testing::diagnostics_text(desired.error()));
  std::string roles;
  for (const auto& pool : desired->synapse.workers) roles += pool.role.value + " ";
  CHECK(roles == "omega beta zeta alpha ");
}

TEST_CASE("a 100 MB manifest is refused by its size, before it is read") {
  TempDir dir;
  dir.write("synops.yaml", "namespace: matrix\ninclude: [big.yaml]\n");
  dir.write("big.yaml", "a: 1\n");
  fs::resize_file(dir.path() / "big.yaml", 100u << 20);
  const auto start = std::chrono::steady_clock::now();
  auto desired = load_manifests(dir.path());
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 1.0);
  REQUIRE(!desired);
  CHECK(testing::diagnostics_text(desired.error()) == "big.yaml:1:1: error: file is 104857600 bytes, more than the limit of 8388608 bytes (8 MiB)");
}

}  // namespace
}  // namespace synops
