#include "workload_pods.h"

#include <algorithm>

namespace synops {

namespace {

const nlohmann::json& member(const nlohmann::json& object, const char* key) {
  static const nlohmann::json none = nlohmann::json::object();
  if (!object.is_object()) return none;
  const auto it = object.find(key);
  return it == object.end() ? none : *it;
}

bool expression_holds(const nlohmann::json& expression, const nlohmann::json& labels) {
  const std::string key = expression.value("key", "");
  const std::string op = expression.value("operator", "");
  const auto values = expression.value("values", nlohmann::json::array());
  const auto label = labels.find(key);
  const bool has = label != labels.end();
  const bool listed = has && std::ranges::find(values, *label) != values.end();
  if (op == "In") return listed;
  if (op == "NotIn") return !listed;
  if (op == "Exists") return has;
  if (op == "DoesNotExist") return !has;
  return false;  // an operator Kubernetes does not define selects nothing
}

// Labels are read in place: a deployment has thousands of pods, each checked against every workload.
bool selects(const nlohmann::json& selector, const nlohmann::json& labels) {
  if (!labels.is_object()) return false;
  for (const auto& [key, value] : member(selector, "matchLabels").items()) {
    const auto label = labels.find(key);
    if (label == labels.end() || *label != value) return false;
  }
  return std::ranges::all_of(member(selector, "matchExpressions"), [&](const nlohmann::json& e) { return expression_holds(e, labels); });
}

}  // namespace

const nlohmann::json& labels_of(const LiveObject& pod) {
  const nlohmann::json& body = pod.body;
  return member(member(body, "metadata"), "labels");
}

WorkloadPods::WorkloadPods(const LiveState& live) {
  for (const LiveObject* pod : live.of_kind("Pod")) {
    by_namespace_[pod->ref.ns].push_back(pod);
    for (const auto& [key, value] : labels_of(*pod).items())
      if (value.is_string()) by_label_[{pod->ref.ns, key, value.get<std::string>()}].push_back(pod);
  }
}

std::vector<const LiveObject*> WorkloadPods::of(const LiveObject& workload) const {
  static const std::vector<const LiveObject*> none;
  const nlohmann::json& selector = member(member(workload.body, "spec"), "selector");
  if (selector.empty()) return {};
  // Candidates: the pods carrying the selector's first matchLabels pair, else the namespace's.
  const auto& match_labels = member(selector, "matchLabels");
  const std::vector<const LiveObject*>* candidates = &none;
  if (!match_labels.empty() && match_labels.begin()->is_string()) {
    const auto it = by_label_.find({workload.ref.ns, match_labels.begin().key(), match_labels.begin()->get<std::string>()});
    if (it != by_label_.end()) candidates = &it->second;
  } else if (const auto it = by_namespace_.find(workload.ref.ns); it != by_namespace_.end()) {
    candidates = &it->second;
  }
  std::vector<const LiveObject*> out;
  for (const LiveObject* pod : *candidates)
    if (selects(selector, labels_of(*pod))) out.push_back(pod);
  return out;  // of_kind walks the identity-ordered map: candidates are in name order
}

}  // namespace synops
