// Container image references as people write them and as container runtimes report them:
// the runtime spells out Docker Hub's implicit parts ("matrixdotorg/synapse:v1" runs as
// "docker.io/matrixdotorg/synapse:v1", "busybox" as "docker.io/library/busybox:latest").
#pragma once
#include <string>
#include <string_view>

namespace synops {

// The reference without Docker Hub's default registry and "library/" namespace, with the
// implicit ":latest" tag written out: equal results mean the same image reference.
std::string normalize_image(std::string_view reference);

// The "sha256:..." digest of a reference pinned by digest ("repo@sha256:..."), else empty.
std::string image_digest(std::string_view reference);

}  // namespace synops
