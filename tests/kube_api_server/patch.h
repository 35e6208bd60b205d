// The PATCH body formats the server understands:
// - JSON merge patch (RFC 7386): objects merge recursively, null deletes, lists are replaced;
// - strategic merge patch (built-in kinds only): like a merge patch, but lists of named
//   things (containers, env, volumes...) merge element by element by their key, and
//   `$patch: delete` removes an element;
// - server-side apply, simplified: the applied configuration merges like a strategic patch,
//   without field ownership (no conflicts are ever reported).
#pragma once
#include <nlohmann/json.hpp>

namespace kube_test {

nlohmann::json merge_patch(nlohmann::json target, const nlohmann::json& patch);
nlohmann::json strategic_merge_patch(nlohmann::json target, const nlohmann::json& patch);
nlohmann::json apply_configuration(nlohmann::json target, const nlohmann::json& applied);

}  // namespace kube_test
