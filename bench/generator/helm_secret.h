// Helm 3 release storage: a Secret's data.release is base64 (the API's encoding) of
// base64 (Helm's) of gzip of the release JSON. This returns Helm's layer; the Secret's own
// base64 is added by whoever writes the Secret.
#pragma once
#include <cstdint>
#include <string>

#include "model.h"

namespace synops::bench {

std::string helm_release_payload(const std::string& name, const std::string& ns, int revision, bool deployed,
                                 const std::string& image_tag, std::int64_t replicas, Random& random);

}  // namespace synops::bench
