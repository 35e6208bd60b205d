#include "kubeconfig.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "engine/base64.h"
#include "adapters/yaml/yaml_tree.h"

namespace synops::kube {

namespace fs = std::filesystem;

namespace {

// A named entry of clusters/users/contexts and the file that defined it: relative paths
// inside an entry are resolved against that file's directory, as kubectl does.
struct Entry {
  YAML::Node node;
  fs::path file;
};

struct MergedConfig {
  std::vector<fs::path> files;
  std::map<std::string, Entry> clusters, users, contexts;
  std::string current_context;
};

// "users[alice].client-key" in "FILE: users[alice].client-key: message".
struct Where {
  fs::path file;
  std::string key;
  std::string at(const std::string& field) const { return file.string() + ": " + key + "." + field; }
};

std::string joined(const std::vector<fs::path>& files) {
  std::string text;
  for (const auto& file : files) text += (text.empty() ? "" : ":") + file.string();
  return text;
}

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Result<std::string> read_text(const fs::path& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(what + ": cannot read " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

fs::path resolve(const fs::path& path, const fs::path& relative_to_file) {
  if (path.is_absolute() || path.empty()) return path;
  return relative_to_file.parent_path() / path;
}

// nullopt when the key is absent or null; throws YAML::Exception when it is not a scalar,
// which the caller turns into a located error.
std::optional<std::string> text(const YAML::Node& map, const char* key) {
  const YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  if (!node.IsScalar()) throw YAML::Exception(node.Mark(), std::string(key) + " must be a string");
  return node.as<std::string>();
}

// Kubeconfigs are small (a few KB per cluster); a bigger file is a mistake or an attack.
constexpr std::uintmax_t kMaxKubeconfigBytes = 4u << 20;

// The text rules and limits of manifests (yaml_tree.h: UTF-8, depth, aliases, duplicate and
// merge keys) before yaml-cpp sees the file: yaml-cpp alone takes a duplicate key silently,
// NUL and invalid UTF-8 into a namespace, and memory in proportion to any nesting.
Result<bool> check_text(const std::string& content, const fs::path& file) {
  auto tree = parse_yaml_tree(content, file.string(), YamlLimits{.max_bytes = kMaxKubeconfigBytes});
  if (tree) return true;
  const Diagnostic& problem = tree.error().front();
  std::string message = problem.message;  // the text rules are worded for manifests
  if (const auto at = message.find("manifests must be"); at != std::string::npos) message.replace(at, 9, "a kubeconfig");
  return fail(problem.where.str() + ": not a valid kubeconfig: " + message);
}

Result<YAML::Node> parse_file(const fs::path& file) {
  std::error_code error;
  if (const auto size = fs::file_size(file, error); !error && size > kMaxKubeconfigBytes)
    return fail(fmt::format("{}: not a valid kubeconfig: the file is {} bytes, more than the limit of {} bytes", file.string(), size,
                            kMaxKubeconfigBytes));
  auto content = read_text(file, file.string());
  if (!content) return std::unexpected(content.error());
  if (auto checked = check_text(*content, file); !checked) return std::unexpected(checked.error());
  try {
    YAML::Node document = YAML::Load(*content);
    if (document.IsNull()) return YAML::Node(YAML::NodeType::Map);  // an empty file is an empty config
    if (!document.IsMap()) return fail(file.string() + ": a kubeconfig must be a map (kind: Config)");
    return document;
  } catch (const YAML::Exception& error) {
    return fail(file.string() + ":" + std::to_string(error.mark.line + 1) + ":" + std::to_string(error.mark.column + 1) +
                ": not a valid kubeconfig: " + error.msg);
  }
}

// Adds clusters/users/contexts of one file; an earlier file's entry of the same name wins.
Diagnostics add_entries(const YAML::Node& document, const char* list_key, const char* body_key, const fs::path& file,
                        std::map<std::string, Entry>& entries) {
  const YAML::Node list = document[list_key];
  if (!list.IsDefined() || list.IsNull()) return {};
  if (!list.IsSequence()) return {Diagnostic{{}, file.string() + ": " + list_key + " must be a list"}};
  Diagnostics problems;
  for (const auto& item : list) {
    const auto name = item.IsMap() ? text(item, "name") : std::nullopt;
    if (!name || name->empty()) {
      problems.push_back(Diagnostic{{}, file.string() + ": an entry of " + list_key + " has no name"});
      continue;
    }
    entries.try_emplace(*name, Entry{item[body_key], file});
  }
  return problems;
}

Result<MergedConfig> merge_files(const std::vector<fs::path>& files) {
  MergedConfig merged;
  merged.files = files;
  Diagnostics problems;
  for (const auto& file : files) {
    auto document = parse_file(file);
    if (!document) {
      problems.insert(problems.end(), document.error().begin(), document.error().end());
      continue;
    }
    try {
      for (auto found : {add_entries(*document, "clusters", "cluster", file, merged.clusters),
                         add_entries(*document, "users", "user", file, merged.users),
                         add_entries(*document, "contexts", "context", file, merged.contexts)})
        problems.insert(problems.end(), found.begin(), found.end());
      const auto current = text(*document, "current-context");
      if (merged.current_context.empty() && current) merged.current_context = *current;
    } catch (const YAML::Exception& error) {
      problems.push_back(Diagnostic{{}, file.string() + ":" + std::to_string(error.mark.line + 1) + ": " + error.msg});
    }
  }
  if (!problems.empty()) return fail(std::move(problems));
  return merged;
}

// "<field>-data" (base64 of PEM) or "<field>" (a file); empty when neither is set.
Result<std::string> data_or_file(const YAML::Node& node, const std::string& field, const Where& where) {
  if (const auto data = text(node, (field + "-data").c_str())) {
    auto decoded = base64_decode(*data);
    if (!decoded) return fail(where.at(field + "-data") + ": not valid base64");
    return *decoded;
  }
  if (const auto path = text(node, field.c_str())) return read_text(resolve(*path, where.file), where.at(field));
  return std::string();
}

Result<ExecPlugin> read_exec(const YAML::Node& node, const Where& where) {
  ExecPlugin plugin;
  plugin.source = where.at("exec");
  plugin.api_version = text(node, "apiVersion").value_or("");
  if (plugin.api_version != "client.authentication.k8s.io/v1" && plugin.api_version != "client.authentication.k8s.io/v1beta1")
    return fail(where.at("exec.apiVersion") + ": expected client.authentication.k8s.io/v1 or v1beta1, found \"" +
                plugin.api_version + "\"");
  plugin.command = text(node, "command").value_or("");
  if (plugin.command.empty()) return fail(where.at("exec.command") + ": missing");
  if (plugin.command.find('/') != std::string::npos) plugin.command = resolve(plugin.command, where.file).string();
  // A missing key reads as an invalid node, which throws on anything but IsDefined().
  if (node["args"].IsDefined() && node["args"].IsSequence())
    for (const auto& arg : node["args"]) plugin.args.push_back(arg.as<std::string>());
  if (node["env"].IsDefined() && node["env"].IsSequence())
    for (const auto& variable : node["env"])
      plugin.env.emplace_back(text(variable, "name").value_or(""), text(variable, "value").value_or(""));
  plugin.interactive_mode = text(node, "interactiveMode").value_or(plugin.api_version.ends_with("/v1") ? "" : "IfAvailable");
  if (plugin.interactive_mode.empty()) return fail(where.at("exec.interactiveMode") + ": required for client.authentication.k8s.io/v1");
  if (plugin.interactive_mode == "Always")
    return fail(where.at("exec.interactiveMode") + ": \"Always\" needs a terminal; synops never prompts");
  plugin.provide_cluster_info = node["provideClusterInfo"].IsDefined() && node["provideClusterInfo"].as<bool>();
  plugin.install_hint = text(node, "installHint").value_or("");
  return plugin;
}

Result<void> read_cluster_entry(const Entry& entry, const std::string& name, ClusterConfig& config) {
  const Where where{entry.file, "clusters[" + name + "]"};
  const YAML::Node& node = entry.node;
  if (!node.IsMap()) return fail(where.file.string() + ": clusters[" + name + "] has no cluster map");
  config.server = text(node, "server").value_or("");
  if (config.server.empty()) return fail(where.at("server") + ": missing");
  // Over plain http the bearer token and every Secret read would cross the network in clear.
  if (!config.server.starts_with("https://"))
    return fail(where.at("server") + ": \"" + config.server + "\" is not an https:// address; synops talks to API servers only over TLS");
  auto ca = data_or_file(node, "certificate-authority", where);
  if (!ca) return std::unexpected(ca.error());
  config.ca_pem = *ca;
  config.insecure_skip_tls_verify = node["insecure-skip-tls-verify"].IsDefined() && node["insecure-skip-tls-verify"].as<bool>();
  if (config.insecure_skip_tls_verify && !config.ca_pem.empty())
    return fail(where.at("insecure-skip-tls-verify") + ": cannot be combined with a certificate authority (kubectl refuses too)");
  // curl would only find out when connecting, after retrying a failure that cannot heal.
  if (!config.ca_pem.empty() && config.ca_pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
    return fail(where.at(node["certificate-authority-data"].IsDefined() ? "certificate-authority-data" : "certificate-authority") +
                ": not a PEM certificate");
  config.tls_server_name = text(node, "tls-server-name").value_or("");
  config.proxy_url = text(node, "proxy-url").value_or("");
  return {};
}

Result<void> read_user_entry(const Entry& entry, const std::string& name, ClusterConfig& config) {
  const Where where{entry.file, "users[" + name + "]"};
  const YAML::Node& node = entry.node;
  if (!node.IsDefined() || node.IsNull()) return {};  // anonymous access
  if (!node.IsMap()) return fail(where.file.string() + ": users[" + name + "].user must be a map");
  auto cert = data_or_file(node, "client-certificate", where);
  if (!cert) return std::unexpected(cert.error());
  auto key = data_or_file(node, "client-key", where);
  if (!key) return std::unexpected(key.error());
  if (cert->empty() != key->empty())
    return fail(where.at(cert->empty() ? "client-key" : "client-certificate") + ": set without its " +
                (cert->empty() ? "certificate" : "key"));
  config.client_cert_pem = std::move(*cert);
  config.client_key_pem = std::move(*key);
  config.token = text(node, "token").value_or("");
  if (const auto file = text(node, "tokenFile")) {
    config.token_file = resolve(*file, where.file);
    auto readable = read_text(config.token_file, where.at("tokenFile"));
    if (!readable) return std::unexpected(readable.error());
  }
  if (node["auth-provider"].IsDefined())
    return fail(where.at("auth-provider") + ": auth providers were removed from kubectl; use an exec credential plugin");
  if (node["exec"].IsDefined()) {
    auto plugin = read_exec(node["exec"], where);
    if (!plugin) return std::unexpected(plugin.error());
    config.exec = std::move(*plugin);
  }
  return {};
}

// A context that is not there, with the ones that are, so that a typo is seen at once.
std::string context_not_found(const MergedConfig& merged, const std::string& name) {
  std::string there;
  for (const auto& [known, entry] : merged.contexts) there += (there.empty() ? "" : ", ") + known;
  return "context \"" + name + "\" not found in " + joined(merged.files) +
         (there.empty() ? "; it defines none" : "; contexts there: " + there);
}

Result<ClusterConfig> resolve_context(const MergedConfig& merged, const std::string& requested) {
  const std::string where_files = joined(merged.files);
  const std::string name = requested.empty() ? merged.current_context : requested;
  if (name.empty()) return fail(where_files + ": no current-context is set; pass --context");
  const auto context = merged.contexts.find(name);
  if (context == merged.contexts.end()) return fail(context_not_found(merged, name));
  const Where where{context->second.file, "contexts[" + name + "]"};
  const YAML::Node& node = context->second.node;
  if (!node.IsMap()) return fail(where.file.string() + ": contexts[" + name + "].context must be a map");
  const std::string cluster_name = text(node, "cluster").value_or("");
  const std::string user_name = text(node, "user").value_or("");
  const auto cluster = merged.clusters.find(cluster_name);
  if (cluster == merged.clusters.end()) return fail(where.at("cluster") + ": no cluster named \"" + cluster_name + "\"");
  ClusterConfig config;
  config.context = name;
  config.source = "kubeconfig " + where_files + ", context " + name;
  config.namespace_name = text(node, "namespace").value_or("default");
  if (auto read = read_cluster_entry(cluster->second, cluster_name, config); !read) return std::unexpected(read.error());
  if (user_name.empty()) return config;
  const auto user = merged.users.find(user_name);
  if (user == merged.users.end()) return fail(where.at("user") + ": no user named \"" + user_name + "\"");
  if (auto read = read_user_entry(user->second, user_name, config); !read) return std::unexpected(read.error());
  return config;
}

std::string normal(const std::string& command) { return std::filesystem::path(command).lexically_normal().string(); }

bool exec_allowed(const std::string& command, const std::vector<std::string>& allowed) {
  return std::ranges::any_of(allowed, [&command](const std::string& entry) { return normal(entry) == normal(command); });
}

}  // namespace

Result<std::vector<fs::path>> kubeconfig_files(const KubeconfigOptions& options) {
  if (!options.kubeconfig.empty()) {
    if (!fs::exists(options.kubeconfig)) return fail(options.kubeconfig + ": the kubeconfig given with --kubeconfig does not exist");
    return std::vector<fs::path>{options.kubeconfig};
  }
  const auto list = options.kubeconfig_env ? options.kubeconfig_env : env("KUBECONFIG");
  std::vector<fs::path> files;
  if (list && !list->empty()) {
    std::stringstream entries(*list);
    for (std::string entry; std::getline(entries, entry, ':');)
      if (!entry.empty() && fs::exists(entry) && std::ranges::find(files, fs::path(entry)) == files.end())
        files.emplace_back(entry);
    return files;  // kubectl does not fall back to ~/.kube/config when $KUBECONFIG is set
  }
  const auto home = options.home ? std::optional<std::string>(options.home->string()) : env("HOME");
  if (home && fs::exists(fs::path(*home) / ".kube" / "config")) files.push_back(fs::path(*home) / ".kube" / "config");
  return files;
}

Result<ClusterConfig> load_kubeconfig(const KubeconfigOptions& options) {
  auto files = kubeconfig_files(options);
  if (!files) return std::unexpected(files.error());
  if (files->empty()) return fail("no kubeconfig found: none of the files in $KUBECONFIG exist, and there is no ~/.kube/config");
  auto merged = merge_files(*files);
  if (!merged) return std::unexpected(merged.error());
  try {
    auto config = resolve_context(*merged, options.context);
    if (config && config->exec && !exec_allowed(config->exec->command, options.allowed_exec_commands))
      return fail(config->exec->source + ".command: \"" + normal(config->exec->command) +
                  "\" is a credential plugin synops was not allowed to run; allow it with --allow-exec '" +
                  normal(config->exec->command) + "' (or SYNOPS_ALLOW_EXEC)");
    return config;
  } catch (const YAML::Exception& error) {
    return fail(joined(*files) + ":" + std::to_string(error.mark.line + 1) + ": " + error.msg);
  }
}

Result<ClusterConfig> load_in_cluster(const InClusterOptions& options) {
  const auto host = options.host ? options.host : env("KUBERNETES_SERVICE_HOST");
  const auto port = options.port ? options.port : env("KUBERNETES_SERVICE_PORT");
  if (!host || host->empty() || !port || port->empty())
    return fail("not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set");
  ClusterConfig config;
  config.source = "in-cluster service account " + options.root.string();
  const bool ipv6 = host->find(':') != std::string::npos;
  config.server = "https://" + (ipv6 ? "[" + *host + "]" : *host) + ":" + *port;
  config.token_file = options.root / "token";
  if (auto token = read_text(config.token_file, "in-cluster service account"); !token) return std::unexpected(token.error());
  auto ca = read_text(options.root / "ca.crt", "in-cluster service account");
  if (!ca) return std::unexpected(ca.error());
  config.ca_pem = std::move(*ca);
  if (auto ns = read_text(options.root / "namespace", "in-cluster service account"); ns && !ns->empty()) {
    config.namespace_name = *ns;
    while (!config.namespace_name.empty() && std::isspace(static_cast<unsigned char>(config.namespace_name.back())))
      config.namespace_name.pop_back();
  }
  return config;
}

Result<ClusterConfig> load_cluster_config(const KubeconfigOptions& kubeconfig, const InClusterOptions& in_cluster) {
  auto files = kubeconfig_files(kubeconfig);
  if (!files) return std::unexpected(files.error());
  if (!files->empty()) return load_kubeconfig(kubeconfig);
  auto in_pod = load_in_cluster(in_cluster);
  if (in_pod) return in_pod;
  return fail("no kubeconfig found ($KUBECONFIG, ~/.kube/config) and " + in_pod.error().front().message);
}

}  // namespace synops::kube
