#include "readiness.h"

#include <fmt/format.h>

#include "json_fields.h"

namespace synops::kube {

namespace {

int64_t number(const nlohmann::json& object, std::initializer_list<const char*> path, int64_t fallback = 0) {
  return int_at(object, path).value_or(fallback);
}

Readiness waiting(std::string message) { return {false, false, std::move(message)}; }
Readiness done(std::string message) { return {true, false, std::move(message)}; }
Readiness failure(std::string message) { return {false, true, std::move(message)}; }

// The API server defaults an omitted StatefulSet updateStrategy to RollingUpdate with
// rollingUpdate.partition 0; snapshots written by hand may lack the defaults.
struct StatefulSetStrategy {
  std::string type;
  bool has_rolling_update = false;
  std::optional<int64_t> partition;
};

StatefulSetStrategy strategy_of(const nlohmann::json& statefulset) {
  const auto& strategy = field(statefulset, {"spec", "updateStrategy"});
  StatefulSetStrategy result{text_at(strategy, {"type"})};
  result.has_rolling_update = field(strategy, {"rollingUpdate"}).is_object();
  result.partition = int_at(strategy, {"rollingUpdate", "partition"});
  if (result.type.empty()) {
    result.type = "RollingUpdate";
    result.has_rolling_update = true;
  }
  if (result.type == "RollingUpdate" && result.has_rolling_update && !result.partition) result.partition = 0;
  return result;
}

}  // namespace

Readiness deployment_readiness(const nlohmann::json& deployment) {
  const std::string name = text_at(deployment, {"metadata", "name"});
  const auto& status = field(deployment, {"status"});
  if (number(deployment, {"metadata", "generation"}) > number(status, {"observedGeneration"}))
    return waiting(fmt::format("Waiting for deployment \"{}\" spec update to be observed...", name));
  if (text_at(condition(field(status, {"conditions"}), "Progressing"), {"reason"}) == "ProgressDeadlineExceeded")
    return failure(fmt::format("deployment \"{}\" exceeded its progress deadline", name));
  const int64_t replicas = number(deployment, {"spec", "replicas"}, 1);
  const int64_t updated = number(status, {"updatedReplicas"});
  if (updated < replicas)
    return waiting(fmt::format("Waiting for deployment \"{}\" rollout to finish: {} out of {} new replicas have been updated...",
                               name, updated, replicas));
  if (number(status, {"replicas"}) > updated)
    return waiting(fmt::format("Waiting for deployment \"{}\" rollout to finish: {} old replicas are pending termination...",
                               name, number(status, {"replicas"}) - updated));
  if (number(status, {"availableReplicas"}) < updated)
    return waiting(fmt::format("Waiting for deployment \"{}\" rollout to finish: {} of {} updated replicas are available...",
                               name, number(status, {"availableReplicas"}), updated));
  return done(fmt::format("deployment \"{}\" successfully rolled out", name));
}

Readiness statefulset_readiness(const nlohmann::json& statefulset) {
  const auto strategy = strategy_of(statefulset);
  if (strategy.type != "RollingUpdate") return failure("rollout status is only available for RollingUpdate strategy type");
  const auto& status = field(statefulset, {"status"});
  const int64_t observed = number(status, {"observedGeneration"});
  if (observed == 0 || number(statefulset, {"metadata", "generation"}) > observed)
    return waiting("Waiting for statefulset spec update to be observed...");
  const int64_t replicas = number(statefulset, {"spec", "replicas"}, 1);
  const int64_t ready = number(status, {"readyReplicas"});
  if (ready < replicas) return waiting(fmt::format("Waiting for {} pods to be ready...", replicas - ready));
  const int64_t updated = number(status, {"updatedReplicas"});
  if (strategy.has_rolling_update) {
    if (strategy.partition && updated < replicas - *strategy.partition)
      return waiting(fmt::format("Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...", updated,
                                 replicas - *strategy.partition));
    return done(fmt::format("partitioned roll out complete: {} new pods have been updated...", updated));
  }
  const std::string update_revision = text_at(status, {"updateRevision"});
  if (update_revision != text_at(status, {"currentRevision"}))
    return waiting(fmt::format("waiting for statefulset rolling update to complete {} pods at revision {}...", updated,
                               update_revision));
  return done(fmt::format("statefulset rolling update complete {} pods at revision {}...", number(status, {"currentReplicas"}),
                          text_at(status, {"currentRevision"})));
}

Readiness cnpg_cluster_readiness(const nlohmann::json& cluster) {
  const std::string name = text_at(cluster, {"metadata", "name"});
  const std::string phase = text_at(cluster, {"status", "phase"});
  const int64_t instances = number(cluster, {"spec", "instances"}, 1);
  const int64_t ready = number(cluster, {"status", "readyInstances"});
  const std::string state = fmt::format("Cluster \"{}\": phase \"{}\", {} of {} instances ready", name, phase, ready, instances);
  // Right after a change the status still describes the spec before it: the operator has seen
  // the change once the Ready condition reports this generation (when it reports one), and
  // has rolled it out once the cluster's image is the one asked for.
  const auto& ready_condition = condition(field(cluster, {"status", "conditions"}), "Ready");
  const int64_t generation = number(cluster, {"metadata", "generation"});
  if (ready_condition.contains("observedGeneration") && number(ready_condition, {"observedGeneration"}) < generation)
    return waiting(state + fmt::format("; the operator has not reported generation {} yet", generation));
  const std::string wanted = text_at(cluster, {"spec", "imageName"}), running = text_at(cluster, {"status", "image"});
  if (!wanted.empty() && !running.empty() && wanted != running)
    return waiting(state + fmt::format("; the instances run {}, not yet {}", running, wanted));
  if (ready_condition.contains("status") && text_at(ready_condition, {"status"}) != "True")
    return waiting(state + "; condition Ready is " + text_at(ready_condition, {"status"}));
  if (phase == "Cluster in healthy state" && ready == instances) return done(state);
  return waiting(state);
}

Readiness tenant_readiness(const nlohmann::json& tenant) {
  const std::string name = text_at(tenant, {"metadata", "name"});
  const std::string state = text_at(tenant, {"status", "currentState"});
  const std::string health = text_at(tenant, {"status", "healthStatus"});
  const std::string summary = fmt::format("Tenant \"{}\": state \"{}\", health \"{}\"", name, state, health);
  if (state == "Initialized" && health == "green") return done(summary);
  return waiting(summary);
}

Readiness certificate_readiness(const nlohmann::json& certificate) {
  const std::string name = text_at(certificate, {"metadata", "name"});
  const auto& conditions = field(certificate, {"status", "conditions"});
  const auto& ready = condition(conditions, "Ready");
  const auto& issuing = condition(conditions, "Issuing");
  if (text_at(issuing, {"status"}) == "False" && text_at(issuing, {"reason"}) == "Failed")
    return failure(fmt::format("Certificate \"{}\" failed to issue: {}", name, text_at(issuing, {"message"})));
  const bool current = number(ready, {"observedGeneration"}) >= number(certificate, {"metadata", "generation"});
  if (text_at(ready, {"status"}) == "True" && current) return done(fmt::format("Certificate \"{}\" is ready", name));
  if (!current) return waiting(fmt::format("Certificate \"{}\": waiting for cert-manager to observe the change", name));
  return waiting(fmt::format("Certificate \"{}\" is not ready: {}", name, text_at(ready, {"message"})));
}

Readiness pod_readiness(const nlohmann::json& pod) {
  const std::string name = text_at(pod, {"metadata", "name"});
  for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
    const auto& statuses = field(pod, {"status", list});
    if (!statuses.is_array()) continue;
    for (const auto& container : statuses) {
      const std::string reason = text_at(container, {"state", "waiting", "reason"});
      if (reason == "CrashLoopBackOff" || reason == "ImagePullBackOff" || reason == "ErrImagePull" ||
          reason == "CreateContainerConfigError" || reason == "InvalidImageName")
        return failure(fmt::format("pod \"{}\": container {} is in {}", name, text_at(container, {"name"}), reason));
    }
  }
  if (text_at(pod, {"status", "phase"}) == "Succeeded") return done(fmt::format("pod \"{}\" has completed", name));
  if (text_at(condition(field(pod, {"status", "conditions"}), "Ready"), {"status"}) != "True")
    return waiting(fmt::format("pod \"{}\" is not ready", name));
  return done(fmt::format("pod \"{}\" is ready", name));
}

Readiness readiness(const nlohmann::json& object) {
  const std::string kind = text_at(object, {"kind"});
  if (kind == "Deployment") return deployment_readiness(object);
  if (kind == "StatefulSet") return statefulset_readiness(object);
  if (kind == "Cluster" && text_at(object, {"apiVersion"}).starts_with("postgresql.cnpg.io/")) return cnpg_cluster_readiness(object);
  if (kind == "Tenant") return tenant_readiness(object);
  if (kind == "Certificate") return certificate_readiness(object);
  if (kind == "Pod") return pod_readiness(object);
  return done(kind + " has no rollout");
}

std::string readiness_promise(std::string_view kind) {
  constexpr const char* stuck =
      "; a new pod that cannot start (a crash loop after 2 restarts, an image pull or container creation error) fails it at once";
  if (kind == "Deployment")
    return std::string("is rolled out and ready: the controller has seen the change, every replica runs the new template and is "
                       "available, no old replica is left") + stuck;
  if (kind == "StatefulSet")
    return std::string("is rolled out and ready: the controller has seen the change, every replica is ready, and every pod is "
                       "updated to the new revision") + stuck;
  if (kind == "Cluster")
    return "is healthy: the operator reports this generation, every instance runs the new image, condition Ready is True, and "
           "phase is \"Cluster in healthy state\" with every instance ready";
  if (kind == "Tenant") return "is healthy: currentState \"Initialized\" and healthStatus green";
  if (kind == "Certificate") return "is issued: condition Ready is True for this generation; a failed issuance fails it at once";
  return "exists (it has no rollout)";
}

bool has_rollout(std::string_view kind) {
  return kind == "Deployment" || kind == "StatefulSet" || kind == "Cluster" || kind == "Tenant" || kind == "Certificate";
}

}  // namespace synops::kube
