#include "proxy.h"

#include "objects.h"
#include "pods.h"
#include "status.h"

namespace kube_test {

namespace {

using json = nlohmann::json;

struct Target {
  std::string pod, port;  // port empty: the first one the pod declares
};

Target target_of(const std::string& name) {
  const auto colon = name.rfind(':');
  if (colon == std::string::npos) return {name, ""};
  return {name.substr(0, colon), name.substr(colon + 1)};
}

// The ports the pod's containers declare (the proxy dials one of them; others refuse).
std::vector<std::string> declared_ports(const json& pod) {
  std::vector<std::string> ports;
  for (const auto& container : pod["spec"].value("containers", json::array()))
    for (const auto& port : container.value("ports", json::array()))
      if (port.contains("containerPort")) ports.push_back(std::to_string(port["containerPort"].get<long>()));
  return ports;
}

bool answers(const json& pod) {
  return pod.contains("status") && pod["status"].value("phase", "") == "Running" && pod_ready(pod);
}

std::string reported_version(const json& pod, const ProxyConfig& config, const std::optional<std::string>& version) {
  if (version) return *version;
  const auto& containers = pod["spec"].value("containers", json::array());
  const std::string image = containers.empty() ? "" : containers[0].value("image", "");
  for (const auto& [substring, reported] : config.reported_versions)
    if (image.find(substring) != std::string::npos) return reported;
  return version_from_image(image);
}

// What Synapse, listening in the pod, answers.
Response synapse(const std::string& path, const std::string& version) {
  if (path == "_matrix/federation/v1/version") return json_response(200, {{"server", {{"name", "Synapse"}, {"version", version}}}});
  if (path == "health") return Response{200, "OK", "text/plain; charset=utf-8", {}};
  return json_response(404, {{"errcode", "M_UNRECOGNIZED"}, {"error", "Unrecognized request"}});
}

}  // namespace

std::string version_from_image(const std::string& image) {
  std::string name = image.substr(0, image.find('@'));  // no digest
  const auto colon = name.rfind(':');
  if (colon == std::string::npos || name.find('/', colon) != std::string::npos) return "latest";
  std::string tag = name.substr(colon + 1);
  if (tag.size() > 1 && tag[0] == 'v') tag.erase(0, 1);
  return tag;
}

Response pod_proxy(const Store& store, const ProxyConfig& config, const Route& route, const std::string& method,
                   const std::optional<std::string>& version) {
  if (method != "GET") return status_response(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  const Target target = target_of(route.name);
  const Stored* stored = store.find(pod_resource(), route.ns, target.pod);
  if (stored == nullptr) return not_found(pod_resource(), target.pod);
  const json& pod = stored->body;
  const std::string ip = pod.contains("status") ? pod["status"].value("podIP", "") : "";
  if (ip.empty()) return status_response(400, "BadRequest", "address not allowed");
  const auto ports = declared_ports(pod);
  const std::string port = !target.port.empty() ? target.port : ports.empty() ? "80" : ports.front();
  const bool listening = ports.empty() || std::ranges::find(ports, port) != ports.end();
  if (!answers(pod) || !listening)
    return status_response(503, "ServiceUnavailable", "error trying to reach service: dial tcp " + ip + ":" + port + ": connect: connection refused");
  return synapse(route.subpath, reported_version(pod, config, version));
}

}  // namespace kube_test
