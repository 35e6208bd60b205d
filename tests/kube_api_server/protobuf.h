// Request bodies in the Kubernetes protobuf encoding (application/vnd.kubernetes.protobuf):
// the magic "k8s\0", then a runtime.Unknown whose raw bytes are the object's message. Typed
// Go clients send built-in objects so (helm stores its releases in Secrets this way). This
// server knows the message layout of the kinds such clients write here, Secret and ConfigMap
// (field numbers from k8s.io/api/core/v1/generated.proto); any other kind is refused with
// 415, as a server refuses a media type it cannot decode.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace kube_test {

inline constexpr const char* kProtobufMediaType = "application/vnd.kubernetes.protobuf";

// The object as the JSON encoding would carry it; nullopt when the body is malformed or of a
// kind whose layout is not known.
std::optional<nlohmann::json> decode_protobuf_object(const std::string& body);

}  // namespace kube_test
