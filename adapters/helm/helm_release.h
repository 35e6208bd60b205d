// Reads a Helm release from the Secrets Helm stores it in (type helm.sh/release.v1,
// labels owner=helm,name=<release>): no helm binary needed. The deployed revision with
// the highest version wins. data.release is base64 (the API's encoding) of base64 of
// gzip of the release JSON.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "engine/live_state.h"
#include "engine/result.h"

namespace synops {

// The release values synops reads (redis.yaml's imageTag and replicas), as JSON Pointers
// into the effective values. Nothing else of a release is planned from, so a snapshot keeps
// only these (adapters/snapshot/helm_snapshot_release.h).
inline constexpr const char* kHelmImageTag = "/image/tag";
inline constexpr const char* kHelmReplicas = "/replica/replicaCount";

struct HelmRelease {
  const LiveObject* secret = nullptr;  // the Secret holding the deployed revision
  int revision = 0;
  nlohmann::json release;  // the decoded release document
  // The chart's default values with the user's overrides (`config`) merged over them.
  nlohmann::json effective_values() const;
};

Result<HelmRelease> read_helm_release(const LiveState& live, const std::string& ns, const std::string& name);

// Decodes one Secret's data.release into the release JSON.
Result<nlohmann::json> decode_helm_release(const std::string& wire_value, const std::string& source);

}  // namespace synops
