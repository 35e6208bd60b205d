// The checks that make the API answer 422 Invalid: malformed fields synops might send
// (replicas that are not a number, a container without an image) and the fields Kubernetes
// refuses to change (StatefulSet spec outside replicas/template/updateStrategy/...,
// Deployment selector).
#pragma once
#include <optional>

#include <nlohmann/json.hpp>

#include "http_types.h"
#include "resources.h"

namespace kube_test {

// `old` is null for a creation. A 422 Status response when the object is refused.
std::optional<Response> validate(const Resource& resource, const nlohmann::json* old, const nlohmann::json& updated);

}  // namespace kube_test
