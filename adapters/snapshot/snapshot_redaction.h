// What `synops snapshot` takes out of the objects it writes, besides Helm release values
// (adapters/snapshot/helm_snapshot_release.h). A snapshot is made to be committed and read in pull
// requests; live sources already drop Secret data, managedFields and last-applied
// annotations (engine/live_state.h), but two places still hold secrets in plain text:
//   - ConfigMap data: homeserver.yaml's form_secret, macaroon_secret_key,
//     registration_shared_secret, database.args.password, oidc_providers[].client_secret ...
//     Every data value that reads as a YAML (or JSON) document gets each value at a
//     credential key (engine/sensitivity.h) replaced, and a data key that is itself named
//     like a credential gets its whole value replaced;
//   - container env entries whose name is a credential's (DB_PASSWORD: value).
// Each value becomes a marker (engine/redacted_value.h) that plans still compare with the
// manifests, so a plan from the snapshot is the plan from the cluster. The document's text
// is edited in place when it can be (the rest stays byte for byte, readable in review), else
// re-written as JSON. Since drift compares the sha256 of homeserver.yaml's text with the one
// stamped on pods, the ConfigMap keeps the sha256 of each original text in the annotation
// kRedactedTextHashes.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "engine/live_state.h"

namespace synops {

// Annotation on a redacted ConfigMap: a JSON object, data key -> sha256 hex of its original text.
inline constexpr std::string_view kRedactedTextHashes = "synops.io/redacted-text-sha256";

LiveState with_secrets_redacted(const LiveState& live);

// The sha256 of the original text of `data_key` that the snapshot recorded when it redacted
// it; none when the ConfigMap was not redacted (the text is the original).
std::optional<std::string> redacted_text_hash(const nlohmann::json& config_map, const std::string& data_key);

}  // namespace synops
