// A secret that `synops snapshot` took out of a value it writes (homeserver.yaml's
// form_secret, an OIDC client_secret, a container's DB_PASSWORD), replaced by a marker that
// still lets a plan tell whether the manifests' value is the same one:
//
//   synops-redacted:pbkdf2-sha256:100000:<salt, 32 hex>:<derived key, 64 hex>
//
// The derived key is PBKDF2-HMAC-SHA256 of the value's JSON text (so 5 and "5" differ), with
// a salt taken from where the value sits and 100,000 iterations: the snapshot, made to be
// read in pull requests, holds nothing a reader can turn back into the secret short of
// guessing it, and each guess costs what a password hash costs. The salt is derived, not
// random, so that the same cluster gives the same snapshot byte for byte.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace synops {

inline constexpr std::string_view kRedactedPrefix = "synops-redacted:";

// The marker for `value`; `where` names its place ("ConfigMap/matrix/synapse-config
// homeserver.yaml#/form_secret") and seeds the salt.
std::string redacted_marker(const nlohmann::json& value, std::string_view where);

bool is_redacted_marker(const nlohmann::json& value);

// `live` equals `desired`, where a marker anywhere inside `live` stands for the value it was
// made from (objects key by key, arrays element by element).
bool same_value_unless_redacted(const nlohmann::json& live, const nlohmann::json& desired);

}  // namespace synops
