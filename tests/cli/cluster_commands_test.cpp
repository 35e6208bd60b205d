// plan, snapshot and import against a real cluster API (the test server over HTTPS, seeded
// with the example's snapshot), through the real binary: what a user gets with --kubeconfig
// must be what a reviewer gets from a snapshot of the same objects.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/api_server.h"
#include "support/run_synops.h"

namespace synops::testing {
namespace {


std::string token_kubeconfig(const TestApiServer& server) { return quoted(server.certs() / "kubeconfig-token.yaml"); }

// The fingerprint covers every object read. The cluster reader lists only Helm release
// Secrets, while the example's hand-made snapshot also holds two other Secrets, so only the
// fingerprint may differ, and the source the plan names (a context or a snapshot); `synops
// snapshot` output matches to the byte but for the source (below).
std::string without_fingerprint(const std::string& plan_json) {
  auto plan = nlohmann::json::parse(plan_json);
  plan.erase("live_fingerprint");
  plan.erase("source");
  return plan.dump(2);
}

// The markdown without its second paragraph, the header that names the source and fingerprint.
std::string without_header(const std::string& markdown) {
  const auto start = markdown.find("<sub>"), end = markdown.find("</sub>");
  return start == std::string::npos || end == std::string::npos ? markdown : markdown.substr(0, start) + markdown.substr(end);
}

TEST_CASE("plan --kubeconfig against the cluster prints the plan the snapshot gives") {
  TestApiServer server({"--seed", example_snapshot().string()});
  for (const std::string format : {"text", "markdown", "dot"}) {
    INFO("format " << format);
    const auto from_snapshot = run_synops("plan " + kExampleManifests + " --format " + format);
    const auto from_cluster = run_synops("plan " + kExampleManifests + " --format " + format + " --kubeconfig " +
                                         token_kubeconfig(server));
    REQUIRE_MESSAGE(from_cluster.exit_code == 0, from_cluster.err);
    CHECK(without_header(from_cluster.out) == without_header(from_snapshot.out));
    if (format == "markdown") CHECK(from_cluster.out.find("<sub>Planned from context `") != std::string::npos);
  }
  const auto json_from_snapshot = run_synops("plan " + kExampleManifests + " --format json");
  const auto json_from_cluster = run_synops("plan " + kExampleManifests + " --format json --kubeconfig " + token_kubeconfig(server));
  REQUIRE_MESSAGE(json_from_cluster.exit_code == 0, json_from_cluster.err);
  CHECK(without_fingerprint(json_from_cluster.out) == without_fingerprint(json_from_snapshot.out));
  const auto source = nlohmann::json::parse(json_from_cluster.out)["source"];
  CHECK(source["server"].get<std::string>().starts_with("https://127.0.0.1:"));
  CHECK(source["context"].is_string());
  CHECK(nlohmann::json::parse(json_from_snapshot.out)["source"] == nlohmann::json{{"snapshot", "examples/matrix/live/cluster.json"}});
}

TEST_CASE("plan reads with one LIST per kind, never a GET per object") {
  TestApiServer server({"--seed", example_snapshot().string()});
  server.clear_requests();
  const auto planned = run_synops("plan " + kExampleManifests + " --kubeconfig " + quoted(server.certs() / "kubeconfig-cert.yaml"));
  REQUIRE_MESSAGE(planned.exit_code == 0, planned.err);
  // counts: {"LIST /api/v1/namespaces/matrix/pods": 1, ...}
  const auto counts = server.requests().at("counts");
  int lists = 0;
  for (const auto& [request, count] : counts.items()) {
    INFO(request);
    CHECK(request.starts_with("LIST "));  // no GET, and no write, while planning
    CHECK(count.get<int>() == 1);         // the example fits one page per kind
    lists += count.get<int>();
  }
  CHECK(lists >= 8);  // Deployments, StatefulSets, ConfigMaps, HPAs, Pods, Secrets, and the custom resources
  // Each request names synops and its version, so the API server's audit log can tell who called.
  const std::string version = run_synops("--version").out;  // "synops 0.4.0 (commit 74c19a0, built with GCC 12.2)\n"
  REQUIRE(version.starts_with("synops "));
  const std::string release = version.substr(7, version.find(' ', 7) - 7);
  const nlohmann::json log = server.requests();
  for (const auto& request : log["requests"]) CHECK(request["user_agent"] == "synops/" + release);
}

TEST_CASE("-v prints one line per API request: method, path, answer, time and the retry that follows; never the token") {
  TestApiServer server({"--seed", example_snapshot().string()});
  const std::string plan = "plan " + kExampleManifests + " --kubeconfig " + token_kubeconfig(server);
  const auto quiet = run_synops(plan);
  REQUIRE_MESSAGE(quiet.exit_code == 0, quiet.err);
  CHECK(quiet.err.find("synops: GET ") == std::string::npos);
  server.inject({{"rules", {{{"type", "status"}, {"status", 503}, {"path", "/apis/apps/v1/namespaces/matrix/statefulsets"}}}}});
  const auto verbose = run_synops(plan + " -v");
  REQUIRE_MESSAGE(verbose.exit_code == 0, verbose.err);
  CHECK(verbose.out == quiet.out);  // the plan itself is unchanged
  CHECK(verbose.err.find("synops: GET /apis/apps/v1/namespaces/matrix/deployments?limit=500 -> 200 in ") != std::string::npos);
  CHECK(verbose.err.find("synops: GET /apis/apps/v1/namespaces/matrix/statefulsets?limit=500 -> 503 ServiceUnavailable in ") !=
        std::string::npos);
  CHECK(verbose.err.find(" ms, attempt 1 of 5, next in ") != std::string::npos);
  CHECK(verbose.err.find(server.token()) == std::string::npos);
}

TEST_CASE("snapshot writes a private kubectl-style List that plans like the cluster") {
  TestApiServer server({"--seed", example_snapshot().string()});
  const auto out = server.scratch() / "cluster.json";
  const auto written = run_synops("snapshot " + kExampleManifests + " --out " + quoted(out) + " --kubeconfig " + token_kubeconfig(server));
  REQUIRE_MESSAGE(written.exit_code == 0, written.err);
  CHECK(written.out.empty());
  struct stat info {};
  REQUIRE(::stat(out.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  const auto from_file = run_synops("plan " + kExampleManifests + " --format json --live " + quoted(out));
  const auto from_cluster = run_synops("plan " + kExampleManifests + " --format json --kubeconfig " + token_kubeconfig(server));
  REQUIRE_MESSAGE(from_file.exit_code == 0, from_file.err);
  CHECK(without_fingerprint(from_file.out) == without_fingerprint(from_cluster.out));
  CHECK(nlohmann::json::parse(from_file.out)["live_fingerprint"] == nlohmann::json::parse(from_cluster.out)["live_fingerprint"]);
}

TEST_CASE("import from the cluster, then plan against it: no changes") {
  TestApiServer server({"--seed", example_snapshot().string()});
  const auto dir = server.scratch() / "imported";
  const auto imported = run_synops("import --namespace matrix --out " + quoted(dir) + " --kubeconfig " + token_kubeconfig(server));
  REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
  const auto planned = run_synops("plan " + quoted(dir) + " --detailed-exitcode --kubeconfig " + token_kubeconfig(server));
  INFO(planned.err);
  CHECK(planned.exit_code == 0);
  CHECK(planned.out == "No changes. The live state matches the manifests.\n");
}

TEST_CASE("an unreachable cluster is one sentence naming the server, and the way to plan without one") {
  ScratchDir scratch;
  const auto kubeconfig = scratch.write("kubeconfig.yaml", R"(apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: u, user: {token: sekrit-canary-token}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: matrix}}]
current-context: x
)");
  const auto planned = run_synops("plan " + kExampleManifests + " --kubeconfig " + quoted(kubeconfig));
  CHECK(planned.exit_code == 1);
  CHECK(planned.out.empty());
  CHECK(planned.err.find("127.0.0.1:9") != std::string::npos);
  CHECK(planned.err.find("sekrit-canary-token") == std::string::npos);
}

TEST_CASE("insecure-skip-tls-verify is honoured only with --allow-insecure-tls, and then with a warning") {
  TestApiServer server({"--seed", example_snapshot().string()});
  ScratchDir scratch;
  std::string token;
  std::ifstream(server.certs() / "token") >> token;
  const auto kubeconfig = scratch.write("kubeconfig.yaml", "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: \"" +
                                                               server.url() + "\", insecure-skip-tls-verify: true}}]\n"
                                                               "users: [{name: u, user: {token: " + token + "}}]\n"
                                                               "contexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n");
  const auto refused = run_synops("plan " + kExampleManifests + " --kubeconfig " + quoted(kubeconfig));
  CHECK(refused.exit_code == 1);
  CHECK(refused.out.empty());
  CHECK(refused.err.find("synops does not turn TLS verification off unless --allow-insecure-tls is given") != std::string::npos);
  const auto allowed = run_synops("plan " + kExampleManifests + " --allow-insecure-tls --kubeconfig " + quoted(kubeconfig));
  CHECK_MESSAGE(allowed.exit_code == 0, allowed.err);
  CHECK(allowed.err.find("warning: TLS verification is off for " + server.url()) == 0);
  CHECK(allowed.out.find("Plan: ") == 0);
  for (const auto* text : {&refused.err, &allowed.err, &allowed.out}) CHECK(text->find(token) == std::string::npos);
}

TEST_CASE("a missing kubeconfig says which file and how to plan from a snapshot instead") {
  const auto planned = run_synops("plan " + kExampleManifests + " --kubeconfig /nonexistent/kubeconfig");
  CHECK(planned.exit_code == 1);
  CHECK(planned.err.find("/nonexistent/kubeconfig") != std::string::npos);
  CHECK(planned.err.find("--live FILE") != std::string::npos);
}

TEST_CASE("apply --parallelism other than 1 is refused, not ignored; nothing is read or written") {
  for (const char* value : {"4", "0"}) {
    const auto refused = run_synops(std::string("apply ") + kExampleManifests + " --auto-approve --parallelism " + value +
                                    " --kubeconfig /nonexistent/kubeconfig");
    CHECK(refused.exit_code == 1);
    CHECK(refused.out.empty());
    CHECK(refused.err == std::string("error: --parallelism ") + value +
                             ": apply runs one step at a time (the journal, the lock and rollback are built on that order); leave "
                             "the option out or pass --parallelism 1\n");
  }
}

}  // namespace
}  // namespace synops::testing
