#include "workload_pods.h"

#include <algorithm>

namespace synops {

namespace {

bool expression_holds(const nlohmann::json& expression, const nlohmann::json& labels) {
  const std::string key = expression.value("key", "");
  const std::string op = expression.value("operator", "");
  const auto values = expression.value("values", nlohmann::json::array());
  const bool has = labels.contains(key);
  const bool listed = has && std::ranges::find(values, labels[key]) != values.end();
  if (op == "In") return listed;
  if (op == "NotIn") return !listed;
  if (op == "Exists") return has;
  if (op == "DoesNotExist") return !has;
  return false;  // an operator Kubernetes does not define selects nothing
}

bool selects(const nlohmann::json& selector, const nlohmann::json& labels) {
  const auto match_labels = selector.value("matchLabels", nlohmann::json::object());
  for (const auto& [key, value] : match_labels.items())
    if (!labels.contains(key) || labels[key] != value) return false;
  for (const auto& expression : selector.value("matchExpressions", nlohmann::json::array()))
    if (!expression_holds(expression, labels)) return false;
  return true;
}

}  // namespace

std::vector<const LiveObject*> pods_of(const LiveState& live, const LiveObject& workload) {
  const auto selector = workload.body.value("/spec/selector"_json_pointer, nlohmann::json::object());
  if (selector.empty()) return {};
  std::vector<const LiveObject*> pods;
  for (const LiveObject* pod : live.of_kind("Pod"))
    if (pod->ref.ns == workload.ref.ns &&
        selects(selector, pod->body.value("/metadata/labels"_json_pointer, nlohmann::json::object())))
      pods.push_back(pod);
  return pods;  // of_kind walks the identity-ordered map: already in name order
}

}  // namespace synops
