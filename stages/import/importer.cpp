#include "importer.h"

#include <set>

#include "import_sections.h"
#include "yaml_writer.h"

namespace synops {

namespace {

// The one namespace holding Synapse workloads (label app.kubernetes.io/name: synapse).
Result<std::string> deployment_namespace(const LiveState& live) {
  std::set<std::string> namespaces;
  for (const auto& [ref, object] : live.objects())
    if ((ref.kind == "StatefulSet" || ref.kind == "Deployment") && importer::label(object, "app.kubernetes.io/name") == "synapse")
      namespaces.insert(ref.ns);
  if (namespaces.size() == 1) return *namespaces.begin();
  if (namespaces.empty())
    return fail("the live state has no Synapse workload (label app.kubernetes.io/name: synapse); pass --namespace");
  std::string list;
  for (const auto& ns : namespaces) list += (list.empty() ? "" : ", ") + ns;
  return fail("Synapse workloads live in several namespaces (" + list + "); choose one with --namespace");
}

std::string header(const ImportOptions& options, const std::string& ns) {
  return "# Imported by `synops import` from " + (options.source.empty() ? std::string("the live state") : options.source) +
         " (namespace " + ns + ").\n# Review it: from now on this file is the desired state.\n";
}

// The file's schema for yaml-language-server (VS Code's YAML extension): by its $id, as
// where schemas/ lies relative to the written directory is not known here.
std::string modeline(const std::string& path) {
  const std::string file = path.substr(path.rfind('/') + 1);  // "values/images.yaml" -> images.yaml
  return "# yaml-language-server: $schema=https://synops.dev/schemas/" + file.substr(0, file.rfind('.')) + ".schema.json\n";
}

nlohmann::ordered_json root_file(const ImportOptions& options, const std::string& ns, const std::vector<ManifestFile>& included) {
  nlohmann::ordered_json root = {{"namespace", ns}};
  if (!options.snapshot.empty()) root["live"]["snapshot"] = options.snapshot;
  nlohmann::ordered_json include = nlohmann::ordered_json::array();
  for (const auto& file : included) include.push_back(file.path);
  if (!include.empty()) root["include"] = include;
  return root;
}

}  // namespace

Result<ImportResult> import_manifests(const LiveState& live, const ImportOptions& options) {
  ImportResult result;
  // 1. Whose deployment: the namespace given, or the one the Synapse workloads live in.
  if (!options.ns.empty()) result.ns = options.ns;
  else if (auto ns = deployment_namespace(live)) result.ns = *ns;
  else return std::unexpected(ns.error());
  // 2. Read each area back from its live objects.
  const importer::Context context{live, result.ns, result.warnings};
  importer::Manifests m;
  importer::import_synapse(context, m);
  importer::import_element(context, m);
  importer::import_postgres(context, m);
  importer::import_minio(context, m);
  importer::import_redis(context, m);
  importer::import_certificates(context, m);
  // 3. One file per area, in the contract's layout; areas with nothing live are left out.
  const std::string head = header(options, result.ns);
  std::vector<ManifestFile> included;
  for (const auto& [path, content] : {std::pair<const char*, const nlohmann::ordered_json*>{"values/images.yaml", &m.images},
                                      {"topology.yaml", &m.topology},
                                      {"postgres.yaml", &m.postgres},
                                      {"synapse.yaml", &m.synapse},
                                      {"storage.yaml", &m.storage},
                                      {"redis.yaml", &m.redis},
                                      {"tls.yaml", &m.tls}})
    if (!content->empty()) included.push_back({path, modeline(path) + head + to_yaml(*content)});
  result.files.push_back({"synops.yaml", modeline("synops.yaml") + head + to_yaml(root_file(options, result.ns, included))});
  result.files.insert(result.files.end(), included.begin(), included.end());
  return result;
}

}  // namespace synops
