// Standard base64 with padding: kubeconfig *-data fields, and bytes fields of objects
// decoded from protobuf (Secret data), which JSON carries as base64.
#pragma once
#include <string>

namespace kube_test {

std::string base64(const std::string& bytes);

}  // namespace kube_test
