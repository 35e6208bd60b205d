#include "helm_history.h"

#include <algorithm>

namespace synops {

namespace {

std::string label(const LiveObject& object, const char* key) {
  const auto& labels = object.body.value("/metadata/labels"_json_pointer, nlohmann::json::object());
  return labels.is_object() ? labels.value(key, "") : "";
}

}  // namespace

Result<std::vector<HelmRevisionSecret>> read_release_history(const kube::KubeClient& client, const std::string& ns,
                                                             const std::string& name) {
  const kube::KindInfo* secrets = kube::find_kind("Secret");
  auto listed = client.list(*secrets, ns, "owner=helm,name=" + name);
  if (!listed) return std::unexpected(listed.error());
  std::vector<HelmRevisionSecret> history;
  for (auto& secret : *listed) {
    int revision = 0;
    try {
      revision = std::stoi(label(secret, "version"));
    } catch (const std::exception&) {
      continue;  // not a release Helm wrote
    }
    history.push_back({revision, label(secret, "status"), std::move(secret)});
  }
  std::ranges::sort(history, {}, &HelmRevisionSecret::revision);
  return history;
}

int newest_revision(const std::vector<HelmRevisionSecret>& history) { return history.empty() ? 0 : history.back().revision; }

}  // namespace synops
