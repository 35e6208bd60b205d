// PostgreSQL versions from CNPG image references ("ghcr.io/cloudnative-pg/postgresql:16.3",
// "...:17.6-system-trixie", "...:16@sha256:..."): the tag must start with the major version.
#pragma once
#include <optional>
#include <string_view>

namespace synops {

std::optional<int> postgres_major_version(std::string_view image);

}  // namespace synops
