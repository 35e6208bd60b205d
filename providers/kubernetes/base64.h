// Base64 as Kubernetes uses it (RFC 4648, standard alphabet, padded): kubeconfig's *-data
// fields and Secret values. Decoding tolerates line breaks, which kubeconfig files written by
// hand sometimes carry.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace synops::kube {

std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

}  // namespace synops::kube
