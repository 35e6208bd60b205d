// The shapes Kubernetes accepts for names and quantities, checked at load time so that a
// typo fails in `synops validate` instead of as a 422 halfway through an apply.
#pragma once
#include <string_view>

namespace synops {

// RFC 1123 label: 1-63 of [a-z0-9-], starting and ending alphanumeric (namespaces).
bool is_dns1123_label(std::string_view name);
// RFC 1123 subdomain: 1-253 characters, dot-separated labels (most object names).
bool is_dns1123_subdomain(std::string_view name);
// A key of a ConfigMap's or Secret's data: letters, digits, "-", "_" and ".".
bool is_config_map_key(std::string_view key);
// A resource quantity such as 500Gi, 8Gi, 2, 1.5, 100m or 1e3.
bool is_quantity(std::string_view text);

}  // namespace synops
