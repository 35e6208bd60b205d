#include "helm_secret.h"

#include <stdexcept>

#include <nlohmann/json.hpp>
#include <zlib.h>

#include "engine/base64.h"

namespace synops::bench {

namespace {

using nlohmann::json;

std::string gzip(const std::string& data) {
  z_stream stream{};
  if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// Chart templates: YAML with the usual Helm boilerplate and a few per-chart details, so the
// payload compresses about as well as a real chart's.
json templates(Random& random) {
  json out = json::array();
  static constexpr const char* kFiles[] = {"master/application.yaml", "master/service.yaml", "master/pdb.yaml",
                                           "replicas/application.yaml", "replicas/service.yaml", "replicas/hpa.yaml",
                                           "headless-svc.yaml", "configmap.yaml", "health-configmap.yaml",
                                           "scripts-configmap.yaml", "secret.yaml", "networkpolicy.yaml",
                                           "serviceaccount.yaml", "role.yaml", "rolebinding.yaml", "metrics-svc.yaml",
                                           "prometheusrule.yaml", "servicemonitor.yaml", "sentinel/statefulset.yaml",
                                           "sentinel/service.yaml", "_helpers.tpl", "NOTES.txt"};
  for (const char* file : kFiles) {
    std::string text = "{{- if .Values." + std::string(file).substr(0, std::string(file).find('/')) + ".enabled }}\n";
    for (int line = 0; line < 40; ++line)
      text += "  {{- include \"common.labels.standard\" ( dict \"customLabels\" .Values.commonLabels \"context\" $ ) | nindent " +
              std::to_string(line % 12) + " }}\n  checksum/" + random.hex(8) + ": {{ include (print $.Template.BasePath \"/" + file +
              "\") . | sha256sum }}\n";
    text += "{{- end }}\n";
    out.push_back({{"name", std::string("templates/") + file}, {"data", base64_encode(text)}});
  }
  return out;
}

}  // namespace

std::string helm_release_payload(const std::string& name, const std::string& ns, int revision, bool deployed,
                                 const std::string& image_tag, std::int64_t replicas, Random& random) {
  const json values = {{"architecture", "replication"},
                       {"auth", {{"enabled", true}, {"sentinel", true}, {"usePasswordFiles", false}}},
                       {"clusterDomain", "cluster.local"},
                       {"image", {{"registry", "docker.io"}, {"repository", "bitnami/redis"}, {"tag", "7.4.1-debian-12-r2"}}},
                       {"master", {{"count", 1}, {"persistence", {{"enabled", true}, {"size", "8Gi"}}}}},
                       {"replica", {{"replicaCount", 3}, {"persistence", {{"enabled", true}, {"size", "8Gi"}}}}},
                       {"sentinel", {{"enabled", false}}}};
  const json config = {{"architecture", "replication"},
                       {"auth", {{"enabled", true}, {"existingSecret", name}, {"existingSecretPasswordKey", "redis-password"}}},
                       {"image", {{"tag", image_tag}}},
                       {"master", {{"persistence", {{"size", "8Gi"}}}, {"resourcesPreset", "small"}}},
                       {"replica", {{"persistence", {{"size", "8Gi"}}}, {"replicaCount", replicas}, {"resourcesPreset", "small"}}},
                       {"sentinel", {{"enabled", false}}}};
  const json release = {
      {"name", name},
      {"info", {{"first_deployed", "2024-11-12T15:20:05.218374+01:00"}, {"last_deployed", "2024-11-14T09:47:51.331846+01:00"},
                {"deleted", ""}, {"description", revision == 1 ? "Install complete" : "Upgrade complete"},
                {"status", deployed ? "deployed" : "superseded"},
                {"notes", "CHART NAME: redis\nCHART VERSION: 20.3.0\nAPP VERSION: 7.4.1\n\n" + name + "-master." + ns +
                              ".svc.cluster.local for read/write operations (port 6379)\n"}}},
      {"chart", {{"metadata", {{"name", "redis"}, {"version", "20.3.0"}, {"appVersion", "7.4.1"}, {"apiVersion", "v2"},
                               {"description", "Redis(R) is an open source, advanced key-value store."}}},
                 {"lock", {{"generated", "2024-10-29T10:55:14.164405387Z"}, {"digest", "sha256:" + random.hex(64)}}},
                 {"templates", templates(random)},
                 {"values", values},
                 {"schema", nullptr},
                 {"files", json::array()}}},
      {"config", config},
      {"manifest", "---\n# Source: redis/templates/master/application.yaml\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: " +
                       name + "-master\n  namespace: " + ns + "\n"},
      {"version", revision},
      {"namespace", ns}};
  return base64_encode(gzip(release.dump()));
}

}  // namespace synops::bench
