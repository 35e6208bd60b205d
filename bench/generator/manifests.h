// The desired side of a generated deployment: a manifest directory in the format of
// examples/matrix (synops.yaml and the seven files it includes).
#pragma once
#include <filesystem>

#include "model.h"

namespace synops::bench {

void write_manifests(const Model& model, const std::filesystem::path& dir);

}  // namespace synops::bench
