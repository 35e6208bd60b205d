// redis.yaml from the Helm releases of the redis chart, read from Helm's release Secrets
// (the highest deployed revision, as helm itself does).
#include <set>

#include "import_sections.h"
#include "adapters/helm/helm_release.h"

namespace synops::importer {

namespace {

std::set<std::string> release_names(const Context& context) {
  std::set<std::string> names;
  for (const LiveObject* secret : context.live.of_kind("Secret"))
    if (secret->ref.ns == context.ns && label(*secret, "owner") == "helm" && !label(*secret, "name").empty())
      names.insert(label(*secret, "name"));
  return names;
}

}  // namespace

void import_redis(const Context& context, Manifests& out) {
  for (const auto& name : release_names(context)) {
    auto release = read_helm_release(context.live, context.ns, name);
    if (!release) {
      context.warnings.push_back("Helm release " + name + " cannot be read (" + release.error().front().message + "); left out");
      continue;
    }
    if (release->release.value("/chart/metadata/name"_json_pointer, std::string()) != "redis") continue;
    const nlohmann::json values = release->effective_values();
    nlohmann::ordered_json entry = nlohmann::ordered_json::object();
    const auto tag = values.value(nlohmann::json::json_pointer(kHelmImageTag), nlohmann::json());
    if (tag.is_string()) entry["imageTag"] = tag;
    const auto replicas = values.value(nlohmann::json::json_pointer(kHelmReplicas), nlohmann::json());
    if (replicas.is_number_integer()) entry["replicas"] = replicas;
    out.redis["redis"]["releases"][name] = entry;
  }
}

}  // namespace synops::importer
