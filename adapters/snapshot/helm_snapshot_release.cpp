#include "helm_snapshot_release.h"

#include "adapters/helm/helm_release.h"
#include "engine/base64.h"

namespace synops {

namespace {

bool is_helm_release_secret(const LiveObject& object) {
  return object.ref.kind == "Secret" &&
         object.body.value("/metadata/labels/owner"_json_pointer, std::string()) == "helm" &&
         object.body.contains("data") && object.body["data"].is_object() && object.body["data"].contains("release");
}

// Copies the value at `pointer` from `from` into `to`, when there is one.
void keep(const nlohmann::json& from, nlohmann::json& to, const char* pointer) {
  const nlohmann::json::json_pointer at(pointer);
  if (from.contains(at)) to[at] = from.at(at);
}

// The release as planning reads it: the effective values at the keys synops reads become the
// chart's values, and `config` (the user's values) is left empty.
nlohmann::json reduced_release(const HelmRelease& full) {
  nlohmann::json release = nlohmann::json::object();
  for (const char* key : {"/name", "/namespace", "/version", "/info/status", "/chart/metadata/name", "/chart/metadata/version"})
    keep(full.release, release, key);
  const nlohmann::json values = full.effective_values();
  nlohmann::json kept = nlohmann::json::object();
  for (const char* key : {kHelmImageTag, kHelmReplicas}) keep(values, kept, key);
  release["chart"]["values"] = std::move(kept);
  release["config"] = nlohmann::json::object();
  return release;
}

nlohmann::json reduced_secret(const LiveObject& secret) {
  nlohmann::json body = secret.body.json();
  auto decoded = decode_helm_release(body["data"]["release"].get<std::string>(), secret.ref.str());
  if (!decoded) {
    body["data"].erase("release");
    return body;
  }
  HelmRelease full{&secret, 0, std::move(*decoded)};
  body["data"]["release"] = base64_encode(base64_encode(reduced_release(full).dump()));
  return body;
}

}  // namespace

LiveState with_reduced_helm_releases(const LiveState& live) {
  LiveState reduced;
  for (const auto& [ref, object] : live.objects()) {
    LiveObject copy = object;
    if (is_helm_release_secret(object) && object.body["data"]["release"].is_string()) copy.body = LiveBody(reduced_secret(object));
    reduced.add(std::move(copy));
  }
  return reduced;
}

}  // namespace synops
