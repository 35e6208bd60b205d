// redis: Helm releases of bitnami/redis and the two values synops manages in each,
// sorted by release name. The image tag is text as written (`imageTag: 7.4` is "7.4").
#include <algorithm>

#include "kubernetes_names.h"
#include "manifest_keys.h"
#include "sections.h"
#include "adapters/yaml/tree_paths.h"

namespace synops {
namespace {

void check_chart(const RedisRelease& release, const Node& entry, Diagnostics& problems) {
  if (release.chart && !is_helm_argument(release.chart->value))
    report(problems, release.chart->at, "chart \"" + release.chart->value + "\" " + where_in(entry.path()) +
                                            " must be a chart reference helm upgrade takes (repo/name, oci://..., a path): not empty, "
                                            "no white space, not starting with \"-\"");
  if (release.version && !is_helm_argument(release.version->value))
    report(problems, release.version->at, "version \"" + release.version->value + "\" " + where_in(entry.path()) +
                                              " must be a chart version (18.1.0): not empty, no white space, not starting with \"-\"");
  if (release.version && !release.chart)
    report(problems, release.version->at, "version " + where_in(entry.path()) +
                                              " needs chart: the chart stored in the release has one version, its own; name the chart to "
                                              "upgrade to another");
}

std::optional<RedisRelease> read_redis_release(const Node& entry, Diagnostics& problems) {
  check_release_name(entry, problems);
  if (!expect_mapping(entry, problems)) return std::nullopt;
  check_keys(entry, manifest_keys::redis_release, problems);
  RedisRelease release;
  release.name = Located<std::string>{entry.label(), entry.key_at()};
  release.at = entry.at();
  release.chart = text_member(entry, "chart", Need::optional, problems);
  release.version = text_member(entry, "version", Need::optional, problems);
  check_chart(release, entry, problems);
  release.image_tag = text_member(entry, "imageTag", Need::optional, problems);
  release.replicas = integer_member(entry, "replicas", kNonNegative, Need::optional, problems);
  return release;
}

}  // namespace

void read_redis_section(const Node& redis, std::vector<RedisRelease>& desired, Diagnostics& problems) {
  if (!expect_mapping(redis, problems)) return;
  check_keys(redis, manifest_keys::redis, problems);
  const auto releases = redis.get("releases");
  if (!releases || !expect_mapping(*releases, problems)) return;
  for (const Node& entry : releases->members())
    if (auto release = read_redis_release(entry, problems)) desired.push_back(std::move(*release));
  std::ranges::sort(desired, {}, [](const RedisRelease& r) { return r.name.value; });
}

}  // namespace synops
