#include "synops_yaml_only.h"

#include "api_server.h"
#include "domain/manifests/manifest_loader.h"

namespace synops::testing {

Result<Desired> load_synops_yaml(const std::string& body) {
  const ScratchDir dir;
  dir.write("synops.yaml", "namespace: matrix\n" + body);
  return load_manifests(dir.path());
}

std::string synops_yaml_errors(const std::string& body) {
  auto desired = load_synops_yaml(body);
  std::string out;
  if (!desired)
    for (const auto& problem : desired.error()) out += (out.empty() ? "" : "\n") + problem.format();
  return out;
}

}  // namespace synops::testing
