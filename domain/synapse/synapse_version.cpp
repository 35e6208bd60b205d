#include "synapse_version.h"

#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "adapters/kubernetes/readiness.h"
#include "domain/apply_kit/object_update.h"
#include "domain/apply_kit/workload_pods.h"

namespace synops {

std::string version_of_image(const std::string& image) {
  std::string tag = image.substr(image.rfind(':') == std::string::npos ? image.size() : image.rfind(':') + 1);
  if (auto digest = tag.find('@'); digest != std::string::npos) tag.resize(digest);
  return tag.starts_with('v') ? tag.substr(1) : tag;
}

namespace {

// "1.120.0rc1" -> {1, 120, 0}: the numbers before the first character that is neither a
// digit nor a dot; nothing when it does not start with one.
std::vector<long> release_numbers(const std::string& version) {
  std::vector<long> numbers;
  size_t at = 0;
  while (at < version.size() && std::isdigit(static_cast<unsigned char>(version[at]))) {
    size_t end = at;
    while (end < version.size() && std::isdigit(static_cast<unsigned char>(version[end]))) ++end;
    numbers.push_back(std::stol(version.substr(at, std::min<size_t>(end - at, 9))));
    if (end >= version.size() || version[end] != '.') break;
    at = end + 1;
  }
  return numbers;
}

}  // namespace

bool older_release(const std::string& a, const std::string& b) {
  const auto left = release_numbers(a), right = release_numbers(b);
  if (left.empty() || right.empty()) return false;
  return left < right;
}

namespace apply {

namespace {

constexpr int kSynapseHttpPort = 8008;  // the port of Synapse's listeners in the chart and the guide
constexpr const char* kVersionPath = "_matrix/federation/v1/version";

// The template's first container: its image, and the port of its first containerPort.
struct Served {
  std::string image;
  int port = kSynapseHttpPort;
};

Served served_by(const nlohmann::json& workload) {
  Served served;
  const auto containers = workload.value("spec", nlohmann::json::object())
                              .value("template", nlohmann::json::object())
                              .value("spec", nlohmann::json::object())
                              .value("containers", nlohmann::json::array());
  if (!containers.is_array() || containers.empty() || !containers[0].is_object()) return served;
  served.image = containers[0].value("image", "");
  const auto ports = containers[0].value("ports", nlohmann::json::array());
  if (ports.is_array() && !ports.empty() && ports[0].is_object() && ports[0].value("containerPort", nlohmann::json()).is_number_integer())
    served.port = ports[0]["containerPort"].get<int>();
  return served;
}

// {"server": {"name": "Synapse", "version": "1.120.0"}} -> "1.120.0"; empty when not that shape.
std::string reported_version(const std::string& body) {
  const auto answer = nlohmann::json::parse(body, nullptr, false);
  if (!answer.is_object() || !answer.value("server", nlohmann::json()).is_object()) return "";
  const auto version = answer["server"].value("version", nlohmann::json());
  return version.is_string() ? version.get<std::string>() : "";
}

Result<bool> check_pod(ActuationContext& context, const LiveObject& pod, const LiveObject& workload, const Served& served,
                       const std::string& expected) {
  if (!runs_template(pod.body.json(), workload.body.json()))
    return fail(fmt::format("verification failed: pod {} of {} does not run {}", pod.ref.name, kube::describe(workload.ref), served.image));
  if (const auto ready = kube::pod_readiness(pod.body.json()); !ready.ready)
    return fail("verification failed: " + ready.message);
  auto body = context.client.pod_proxy_get(pod.ref, served.port, kVersionPath);
  if (!body) return fail("verification failed: " + body.error().front().message);
  const std::string reported = reported_version(*body);
  if (reported != expected)
    return fail(fmt::format("verification failed: pod {} reports Synapse {}, the plan upgraded {} to {}", pod.ref.name,
                            reported.empty() ? "(no version in its answer)" : reported, kube::describe(workload.ref), expected));
  return true;
}

}  // namespace

Result<int> check_reported_versions(ActuationContext& context, const ObjectRef& ref) {
  auto workload = read_live(context, ref);
  if (!workload) return std::unexpected(workload.error());
  const Served served = served_by(workload->body.json());
  const std::string expected = version_of_image(served.image);
  auto pods = pods_of(context, *workload);
  if (!pods) return std::unexpected(pods.error());
  int checked = 0;
  for (const auto& pod : *pods) {
    if (auto ok = check_pod(context, pod, *workload, served, expected); !ok) return std::unexpected(ok.error());
    ++checked;
  }
  return checked;
}

}  // namespace apply

}  // namespace synops
