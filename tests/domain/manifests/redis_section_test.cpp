// Test matrix S10: a Redis release name is what a Helm command line would carry, so a name a
// shell would act on is refused by validation, with the name and the rule in the message.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "domain/manifests/manifest_loader.h"

namespace fs = std::filesystem;

namespace {

std::string errors_for_release(const std::string& name, const std::string& values = "replicas: 1") {
  std::string pattern = (fs::temp_directory_path() / "synops-redis-names-XXXXXX").string();
  const fs::path dir = mkdtemp(pattern.data());
  std::ofstream(dir / "synops.yaml") << "namespace: matrix\nredis:\n  releases:\n    '" << name << "': {" << values << "}\n";
  auto desired = synops::load_manifests(dir);
  fs::remove_all(dir);
  std::string text;
  if (!desired)
    for (const auto& problem : desired.error()) text += problem.format() + "\n";
  return text;
}

}  // namespace

TEST_CASE("redis release names a shell would act on are refused by validation") {
  for (const std::string name : {"x; touch /tmp/pwned", "$(touch /tmp/pwned)", "`id`", "--post-renderer=/tmp/evil", "a b", "x|y", "X"}) {
    CAPTURE(name);
    const std::string errors = errors_for_release(name);
    CHECK(errors.starts_with("synops.yaml:4:"));
    CHECK(errors.find("error: release name \"" + name + "\"") != std::string::npos);
    CHECK(errors.find("must be a Kubernetes name") != std::string::npos);
  }
  CHECK(errors_for_release("redis-synapse") == "");
  CHECK_FALSE(fs::exists("/tmp/pwned"));
}

// chart and version go to helm upgrade as arguments of their own: one helm would read as a flag
// is refused, and a version needs the chart it is a version of.
TEST_CASE("redis chart and version: what helm upgrade would misread is refused, with file, line and key") {
  CHECK(errors_for_release("redis-synapse", "chart: bitnami/redis, version: 18.1.0") == "");
  CHECK(errors_for_release("redis-synapse", "chart: oci://registry-1.docker.io/bitnamicharts/redis") == "");
  const std::string flag = errors_for_release("redis-synapse", "chart: --post-renderer=/tmp/evil");
  CHECK(flag.starts_with("synops.yaml:4:"));
  CHECK(flag.find("error: chart \"--post-renderer=/tmp/evil\" in redis.releases.redis-synapse must be a chart reference helm upgrade "
                  "takes") != std::string::npos);
  CHECK(errors_for_release("redis-synapse", "chart: 'bitnami/redis --devel'").find("no white space") != std::string::npos);
  CHECK(errors_for_release("redis-synapse", "chart: bitnami/redis, version: -1").find("error: version \"-1\"") != std::string::npos);
  CHECK(errors_for_release("redis-synapse", "version: 18.1.0").find("error: version in redis.releases.redis-synapse needs chart") !=
        std::string::npos);
}
