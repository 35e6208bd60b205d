// The defaults the API server fills in on every write, for the fields clients read back:
// a StatefulSet's replicas, updateStrategy and podManagementPolicy (helm's --wait only waits
// for a RollingUpdate StatefulSet), a Service's type and its allocated clusterIP (helm waits
// for one). `old` is the stored object on an update, null on a creation: an allocated
// clusterIP is kept when the update leaves it out, as the API does.
#pragma once
#include <nlohmann/json.hpp>

#include "resources.h"

namespace kube_test {

void apply_defaults(const Resource& resource, const nlohmann::json* old, nlohmann::json& object);

}  // namespace kube_test
