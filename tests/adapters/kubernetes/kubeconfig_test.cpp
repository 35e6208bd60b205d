// Every way kubectl finds credentials, each proven against the real test API server over TLS.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "support/api_server.h"
#include "engine/redactor.h"
#include "engine/base64.h"
#include "adapters/kubernetes/exec_credential.h"
#include "support/slurp.h"

using namespace synops;
using namespace synops::kube;
using namespace synops::testing;

namespace {

// A kubeconfig with one cluster, user and context; `cluster` and `user` are the indented
// bodies of the cluster and user maps.
std::string kubeconfig(const std::string& cluster, const std::string& user, const std::string& ns = "matrix") {
  return "apiVersion: v1\nkind: Config\n"
         "clusters:\n- name: test\n  cluster:\n" + cluster +
         "users:\n- name: someone\n  user:\n" + user +
         "contexts:\n- name: test\n  context: {cluster: test, user: someone, namespace: " + ns + "}\n"
         "current-context: test\n";
}

std::string ca_lines(const TestApiServer& server) {
  return "    server: " + server.url() + "\n    certificate-authority-data: " + base64_encode(slurp(server.certs() / "ca.crt")) + "\n";
}

// A GET through a client built from `config`: the error text, or "" on success.
std::string try_get(const ClusterConfig& config) {
  auto client = KubeClient::connect(config, fast_retries());
  if (!client) return client.error().front().message;
  auto object = client->get(ObjectRef{"StatefulSet", "matrix", "synapse-main"});
  if (!object) return object.error().front().message;
  return *object ? "" : "not found";
}

// The exec plugins of these tests are all ./plugin.sh beside the kubeconfig, allowed here as an
// operator would allow theirs.
ClusterConfig load(const std::filesystem::path& file, const std::string& context = "") {
  const std::string plugin = (file.parent_path() / "plugin.sh").string();
  auto config = load_kubeconfig({.kubeconfig = file.string(), .context = context, .allowed_exec_commands = {plugin}});
  REQUIRE_MESSAGE(config, (config ? "" : config.error().front().message));
  return *config;
}


}  // namespace

TEST_CASE("kubeconfig: bearer token, current-context and namespace") {
  TestApiServer server(example_seed());
  const ClusterConfig config = server.token_config();
  CHECK(config.server == server.url());
  CHECK(config.namespace_name == "matrix");
  CHECK(config.context == "synops-test");
  CHECK(try_get(config) == "");
  CHECK(server.requests()["requests"][0]["authorization"] == true);
}

TEST_CASE("kubeconfig: client certificate and key, inline and as files relative to the kubeconfig") {
  TestApiServer server(example_seed());
  CHECK(try_get(server.cert_config()) == "");
  CHECK(server.requests()["requests"][0]["authorization"] == false);  // the certificate alone authenticated
  ScratchDir dir;
  dir.write("pki/client.crt", slurp(server.certs() / "client.crt"));
  dir.write("pki/client.key", slurp(server.certs() / "client.key"));
  dir.write("pki/ca.crt", slurp(server.certs() / "ca.crt"));
  const auto file = dir.write("config", kubeconfig("    server: " + server.url() + "\n    certificate-authority: pki/ca.crt\n",
                                                   "    client-certificate: pki/client.crt\n    client-key: pki/client.key\n"));
  CHECK(try_get(load(file)) == "");
}

TEST_CASE("kubeconfig: tokenFile is re-read when it changes") {
  TestApiServer server({"--seed", example_snapshot().string(), "--token", "first-token", "--token", "second-token"});
  const auto token_file = server.scratch() / "token-file";
  std::ofstream(token_file) << "first-token\n";
  std::ofstream(server.scratch() / "config") << kubeconfig(ca_lines(server), "    tokenFile: token-file\n");
  const ClusterConfig config = load(server.scratch() / "config");
  auto client = KubeClient::connect(config, fast_retries());
  REQUIRE(client);
  const ObjectRef main{"StatefulSet", "matrix", "synapse-main"};
  CHECK(client->get(main));
  std::ofstream(token_file) << "revoked-canary-token\n";
  auto refused = client->get(main);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().front().message.find("Unauthorized") != std::string::npos);
  CHECK(refused.error().front().message.find("revoked-canary-token") == std::string::npos);
  std::ofstream(token_file) << "second-token\n";
  CHECK(client->get(main));
}

TEST_CASE("kubeconfig: exec plugin (v1) gives a token, receives KUBERNETES_EXEC_INFO, runs once while valid") {
  TestApiServer server({"--seed", example_snapshot().string(), "--token", "exec-token"});
  const auto dir = server.scratch();
  std::ofstream(dir / "plugin.sh") << "#!/bin/sh\n"
                                      "echo run >> \"$(dirname \"$0\")/runs\"\n"
                                      "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$(dirname \"$0\")/exec-info\"\n"
                                      "printf '%s' \"$PLUGIN_FLAVOUR\" > \"$(dirname \"$0\")/flavour\"\n"
                                      "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                                      "\"status\":{\"token\":\"exec-token\",\"expirationTimestamp\":\"2999-01-01T00:00:00Z\"}}'\n";
  std::filesystem::permissions(dir / "plugin.sh", std::filesystem::perms::owner_all);
  std::ofstream(dir / "config") << kubeconfig(ca_lines(server),
                                              "    exec:\n"
                                              "      apiVersion: client.authentication.k8s.io/v1\n"
                                              "      command: ./plugin.sh\n"
                                              "      args: [get-token]\n"
                                              "      env: [{name: PLUGIN_FLAVOUR, value: vanilla}]\n"
                                              "      interactiveMode: Never\n"
                                              "      provideClusterInfo: true\n");
  auto client = KubeClient::connect(load(dir / "config"), fast_retries());
  REQUIRE(client);
  CHECK(client->get(ObjectRef{"StatefulSet", "matrix", "synapse-main"}));
  CHECK(client->get(ObjectRef{"Deployment", "matrix", "element-web"}));
  CHECK(slurp(dir / "runs") == "run\n");  // cached until it expires
  CHECK(slurp(dir / "flavour") == "vanilla");
  const auto info = nlohmann::json::parse(slurp(dir / "exec-info"));
  CHECK(info["kind"] == "ExecCredential");
  CHECK(info["apiVersion"] == "client.authentication.k8s.io/v1");
  CHECK(info["spec"]["interactive"] == false);
  CHECK(info["spec"]["cluster"]["server"] == server.url());
}

TEST_CASE("kubeconfig: exec plugin (v1beta1) gives a client certificate") {
  TestApiServer server(example_seed());
  const auto dir = server.scratch();
  const nlohmann::json credential = {{"apiVersion", "client.authentication.k8s.io/v1beta1"},
                                     {"kind", "ExecCredential"},
                                     {"status",
                                      {{"clientCertificateData", slurp(server.certs() / "client.crt")},
                                       {"clientKeyData", slurp(server.certs() / "client.key")}}}};
  std::ofstream(dir / "credential.json") << credential.dump();
  std::ofstream(dir / "plugin.sh") << "#!/bin/sh\ncat \"$(dirname \"$0\")/credential.json\"\n";
  std::filesystem::permissions(dir / "plugin.sh", std::filesystem::perms::owner_all);
  std::ofstream(dir / "config") << kubeconfig(ca_lines(server), "    exec:\n"
                                                                "      apiVersion: client.authentication.k8s.io/v1beta1\n"
                                                                "      command: ./plugin.sh\n");
  CHECK(try_get(load(dir / "config")) == "");
  CHECK(server.requests()["requests"][0]["authorization"] == false);
}

namespace {

// dir/plugin.sh: an exec plugin whose first answer is `stale` and every later one `fresh`;
// dir/runs counts its runs.
void write_rotating_plugin(const std::filesystem::path& dir, const std::string& stale, const std::string& fresh) {
  std::ofstream(dir / "plugin.sh")
      << "#!/bin/sh\n"
         "cd \"$(dirname \"$0\")\"\n"
         "echo run >> runs\n"
         "if [ \"$(wc -l < runs)\" -eq 1 ]; then T=" << stale << "; else T=" << fresh << "; fi\n"
         "echo \"{\\\"apiVersion\\\":\\\"client.authentication.k8s.io/v1\\\",\\\"kind\\\":\\\"ExecCredential\\\",\\\"status\\\":{\\\"token\\\":\\\"$T\\\"}}\"\n";
  std::filesystem::permissions(dir / "plugin.sh", std::filesystem::perms::owner_all);
}

}  // namespace

TEST_CASE("kubeconfig: an exec credential refused with 401 is fetched again once") {
  TestApiServer server({"--seed", example_snapshot().string(), "--token", "fresh-token"});
  const auto dir = server.scratch();
  write_rotating_plugin(dir, "stale-token", "fresh-token");
  std::ofstream(dir / "config") << kubeconfig(ca_lines(server), "    exec:\n"
                                                                "      apiVersion: client.authentication.k8s.io/v1\n"
                                                                "      command: ./plugin.sh\n"
                                                                "      interactiveMode: IfAvailable\n");
  CHECK(try_get(load(dir / "config")) == "");
  CHECK(slurp(dir / "runs") == "run\nrun\n");
}

TEST_CASE("kubeconfig: every token an exec plugin handed out reaches the redactor, the refused one too") {
  TestApiServer server({"--seed", example_snapshot().string(), "--token", "fresh-token-9d1e"});
  const auto dir = server.scratch();
  write_rotating_plugin(dir, "stale-token-4c7a", "fresh-token-9d1e");
  std::ofstream(dir / "config") << kubeconfig(ca_lines(server), "    exec:\n"
                                                                "      apiVersion: client.authentication.k8s.io/v1\n"
                                                                "      command: ./plugin.sh\n"
                                                                "      interactiveMode: Never\n");
  auto client = KubeClient::connect(load(dir / "config"), fast_retries());
  REQUIRE(client);
  Redactor redactor;
  redactor.add_source([http = client->shared_http()] { return http->credentials_seen(); });
  CHECK(redactor.redact("stale-token-4c7a fresh-token-9d1e") == "stale-token-4c7a fresh-token-9d1e");  // none run yet
  CHECK(client->get(ObjectRef{"StatefulSet", "matrix", "synapse-main"}));
  CHECK(redactor.redact("sent stale-token-4c7a, then fresh-token-9d1e") == "sent (redacted), then (redacted)");
  CHECK(redactor.redact_strings(nlohmann::json{{"note", "Bearer fresh-token-9d1e"}}) == nlohmann::json{{"note", "Bearer (redacted)"}});
}

TEST_CASE("kubeconfig: a failing exec plugin names the kubeconfig entry, never its output") {
  ScratchDir dir;
  dir.write("plugin.sh", "#!/bin/sh\necho '{\"status\":{\"token\":\"canary-secret\"}}'\nexit 3\n", true);
  const auto file = dir.write("config", kubeconfig("    server: https://127.0.0.1:1\n",
                                                   "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                                   "      command: ./plugin.sh\n      interactiveMode: Never\n"));
  const ClusterConfig config = load(file);
  auto credential = run_exec_plugin(*config.exec, config);
  REQUIRE_FALSE(credential);
  const std::string message = credential.error().front().message;
  CHECK(message.find(file.string() + ": users[someone].exec") == 0);
  CHECK(message.find("exit status 3") != std::string::npos);
  CHECK(message.find("canary-secret") == std::string::npos);
  CHECK(try_get(config).find("exit status 3") != std::string::npos);
}

TEST_CASE("kubeconfig: an exec plugin the operator did not allow is never run") {
  ScratchDir dir;
  dir.write("plugin.sh", "#!/bin/sh\ntouch \"$(dirname \"$0\")/ran\"\nexit 1\n", true);
  const auto file = dir.write("config", kubeconfig("    server: https://127.0.0.1:1\n",
                                                   "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                                   "      command: ./plugin.sh\n      interactiveMode: Never\n"));
  const std::string plugin = (dir.path() / "plugin.sh").string();
  // Only the resolved program counts: the name as written would let any repository's
  // kubeconfig bring its own ./plugin.sh.
  for (const std::vector<std::string>& allowed : {std::vector<std::string>{}, {"./plugin.sh", "plugin.sh", "/usr/bin/aws"}}) {
    auto config = load_kubeconfig({.kubeconfig = file.string(), .allowed_exec_commands = allowed});
    REQUIRE_FALSE(config);
    CHECK(config.error().front().message ==
          file.string() + ": users[someone].exec.command: \"" + plugin + "\" is a credential plugin synops was not allowed to run; " +
              "allow it with --allow-exec '" + plugin + "' (or SYNOPS_ALLOW_EXEC)");
  }
  CHECK(load_kubeconfig({.kubeconfig = file.string(), .allowed_exec_commands = {plugin}}));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "ran"));
}

TEST_CASE("kubeconfig: in-cluster service account from an injected root directory") {
  TestApiServer server({"--seed", example_snapshot().string(), "--token", "pod-token"});
  ScratchDir root;
  root.write("token", "pod-token\n");
  root.write("ca.crt", slurp(server.certs() / "ca.crt"));
  root.write("namespace", "matrix");
  const std::string port = server.url().substr(server.url().rfind(':') + 1);
  auto config = load_in_cluster({root.path(), "127.0.0.1", port});
  REQUIRE(config);
  CHECK(config->namespace_name == "matrix");
  CHECK(config->server == server.url());
  CHECK(config->token.empty());  // read from the file on every use, so rotation is seen
  CHECK(try_get(*config) == "");

  auto outside = load_in_cluster({root.path(), "", ""});
  REQUIRE_FALSE(outside);
  CHECK(outside.error().front().message.find("not running in a cluster") != std::string::npos);
  // With no kubeconfig anywhere, the service account is the fallback.
  auto fallback = load_cluster_config({"", "", std::string(), root.path()}, {root.path(), "127.0.0.1", port});
  REQUIRE(fallback);
  CHECK(fallback->source.find("in-cluster") == 0);
}

TEST_CASE("kubeconfig: KUBECONFIG merges files, the first to set a key wins") {
  TestApiServer server(example_seed());
  ScratchDir dir;
  // The first file has the real cluster and the user; the second a conflicting cluster of the
  // same name, the context, and current-context.
  const auto first = dir.write("first", "apiVersion: v1\nkind: Config\nclusters:\n- name: shared\n  cluster:\n" + ca_lines(server) +
                                            "users:\n- name: me\n  user:\n    token: " + server.token() + "\n");
  const auto second = dir.write("second", "apiVersion: v1\nkind: Config\n"
                                          "clusters:\n- name: shared\n  cluster: {server: 'https://127.0.0.1:1'}\n"
                                          "contexts:\n- name: merged\n  context: {cluster: shared, user: me, namespace: elsewhere}\n"
                                          "- name: other\n  context: {cluster: shared, user: me}\n"
                                          "current-context: merged\n");
  const std::string missing = (dir.path() / "missing").string();
  auto config = load_kubeconfig({"", "", first.string() + ":" + missing + ":" + second.string()});
  REQUIRE(config);
  CHECK(config->server == server.url());
  CHECK(config->context == "merged");
  CHECK(config->namespace_name == "elsewhere");
  CHECK(try_get(*config) == "");
  auto other = load_kubeconfig({"", "other", first.string() + ":" + second.string()});
  REQUIRE(other);
  CHECK(other->namespace_name == "default");
  // --kubeconfig wins over $KUBECONFIG.
  auto flag = load_kubeconfig({(server.certs() / "kubeconfig-cert.yaml").string(), "", first.string()});
  REQUIRE(flag);
  CHECK(flag->context == "synops-test");
}

TEST_CASE("kubeconfig: errors name the file and the key, never a credential") {
  ScratchDir dir;
  const std::string token = "    token: canary-token-value\n";
  auto message_of = [&](const std::string& name, const std::string& text, const std::string& context = "") {
    const auto file = dir.write(name, text);
    auto config = load_kubeconfig({file.string(), context});
    REQUIRE_FALSE(config);
    const std::string message = config.error().front().message;
    CHECK(message.find("canary-token-value") == std::string::npos);
    return message;
  };
  const auto missing_key = message_of("a", kubeconfig("    server: https://x\n", token + "    client-certificate: c.pem\n"));
  CHECK(missing_key == (dir.path() / "a").string() + ": users[someone].client-certificate: cannot read " + (dir.path() / "c.pem").string());
  const auto bad_base64 = message_of("b", kubeconfig("    server: https://x\n    certificate-authority-data: '***'\n", token));
  CHECK(bad_base64 == (dir.path() / "b").string() + ": clusters[test].certificate-authority-data: not valid base64");
  const auto no_context = message_of("c", kubeconfig("    server: https://x\n", token), "prod");
  CHECK(no_context == "context \"prod\" not found in " + (dir.path() / "c").string() + "; contexts there: test");
  const auto no_server = message_of("d", kubeconfig("    insecure-skip-tls-verify: true\n", token));
  CHECK(no_server == (dir.path() / "d").string() + ": clusters[test].server: missing");
  const auto both = message_of("e", kubeconfig("    server: https://x\n    insecure-skip-tls-verify: true\n"
                                               "    certificate-authority-data: " + base64_encode("pem") + "\n", token));
  CHECK(both.find("clusters[test].insecure-skip-tls-verify: cannot be combined") != std::string::npos);
  const auto plain_http = message_of("h", kubeconfig("    server: http://10.0.0.1:8080\n", token));
  CHECK(plain_http == (dir.path() / "h").string() +
                          ": clusters[test].server: \"http://10.0.0.1:8080\" is not an https:// address; synops talks to API "
                          "servers only over TLS");
  const auto not_yaml = message_of("f", "clusters: [\n");
  CHECK(not_yaml.find((dir.path() / "f").string() + ":") == 0);
  const auto old_v1 = message_of("g", kubeconfig("    server: https://x\n", "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                                                           "      command: x\n"));
  CHECK(old_v1.find("users[someone].exec.interactiveMode: required") != std::string::npos);
  auto absent = load_kubeconfig({(dir.path() / "nope").string()});
  REQUIRE_FALSE(absent);
}

TEST_CASE("TLS: the server's certificate is verified; a wrong CA is refused; insecure only when asked") {
  TestApiServer server(example_seed());
  ClusterConfig wrong = server.token_config();
  wrong.ca_pem = slurp(server.certs() / "wrong-ca.crt");
  const std::string refused = try_get(wrong);
  CHECK(refused.find("TLSVerificationFailed") != std::string::npos);
  ClusterConfig system_roots = server.token_config();
  system_roots.ca_pem.clear();
  CHECK(try_get(system_roots).find("TLSVerificationFailed") != std::string::npos);
  CHECK(server.requests()["requests"].empty());  // nothing reached the API, no token left the process

  ScratchDir dir;
  const auto file = dir.write("config", kubeconfig("    server: " + server.url() + "\n    insecure-skip-tls-verify: true\n",
                                                   "    token: " + server.token() + "\n"));
  const ClusterConfig insecure = load(file);
  CHECK(insecure.insecure_skip_tls_verify);
  CHECK(try_get(insecure) == "");
}

TEST_CASE("TLS: a certificate valid for another host name is refused; nothing reaches the server") {
  TestApiServer server(example_seed());
  // The server's certificate names 127.0.0.1 and localhost, signed by the kubeconfig's CA.
  // Connecting to the same address while expecting another name must fail verification.
  ClusterConfig other_name = server.token_config();
  other_name.tls_server_name = "matrix.example.org";
  const std::string refused = try_get(other_name);
  CHECK(refused.find("TLSVerificationFailed") != std::string::npos);
  CHECK(refused.find(server.token()) == std::string::npos);
  CHECK(server.requests()["requests"].empty());  // the token never left the process
  ClusterConfig right_name = server.token_config();
  right_name.tls_server_name = "localhost";  // the control: a name the certificate holds
  CHECK(try_get(right_name) == "");
}

TEST_CASE("TLS: a client certificate from another CA is refused; no credential at all is 401") {
  TestApiServer server(example_seed());
  ClusterConfig anonymous = server.token_config();
  anonymous.token.clear();
  const std::string unauthorized = try_get(anonymous);
  CHECK(unauthorized.find("Unauthorized") != std::string::npos);
  CHECK(unauthorized.find("401") != std::string::npos);
  TestApiServer other;
  ClusterConfig foreign = server.cert_config();
  foreign.client_cert_pem = slurp(other.certs() / "client.crt");
  foreign.client_key_pem = slurp(other.certs() / "client.key");
  CHECK(try_get(foreign) != "");
}
