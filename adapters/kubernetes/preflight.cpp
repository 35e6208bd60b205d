#include "preflight.h"

#include "json_fields.h"
#include "readiness.h"

namespace synops::kube {

namespace {

// An OnDelete StatefulSet has no rollout kubectl can follow; it is mid-update while its pods
// are at an older revision than its template.
std::optional<std::string> on_delete_problem(const nlohmann::json& statefulset) {
  const auto& status = field(statefulset, {"status"});
  const std::string update = text_at(status, {"updateRevision"});
  if (!update.empty() && update != text_at(status, {"currentRevision"}))
    return "pods still run an old revision (OnDelete: they update only when deleted)";
  const int64_t replicas = int_at(statefulset, {"spec", "replicas"}).value_or(1);
  if (int_at(status, {"readyReplicas"}).value_or(0) < replicas) return "not all pods are ready";
  return std::nullopt;
}

std::optional<std::string> problem_of(const std::string& kind, const nlohmann::json& body) {
  if (kind == "StatefulSet" && text_at(body, {"spec", "updateStrategy", "type"}) == "OnDelete") return on_delete_problem(body);
  const Readiness state = readiness(body);
  if (state.ready) return std::nullopt;
  if (kind == "Pod" || state.failed) return state.message;
  // An operator's resource may be unready for reasons other than a rollout: a CloudNativePG
  // Cluster failing over or switching over, a MinIO Tenant whose drives are healing.
  if (kind == "Deployment" || kind == "StatefulSet") return "mid-rollout: " + state.message;
  return "not ready: " + state.message;
}

bool checked(const std::string& kind) {
  return kind == "Pod" || kind == "Deployment" || kind == "StatefulSet" || kind == "Cluster" || kind == "Tenant" ||
         kind == "Certificate";
}

}  // namespace

std::vector<PreflightProblem> preflight_problems(const LiveState& live) {
  std::vector<PreflightProblem> problems;
  for (const auto& [ref, object] : live.objects()) {
    if (!checked(ref.kind)) continue;
    // Every Pod is read once here: its JSON is not kept (of 10,000 objects, most are Pods).
    auto problem = object.body.read_once([&](const nlohmann::json& body) { return problem_of(ref.kind, body); });
    if (problem) problems.push_back({ref, *problem});
  }
  return problems;
}

}  // namespace synops::kube
