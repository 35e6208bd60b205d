// synapse: the images (values/images.yaml), main and li (topology.yaml), the worker pools
// (synapse_workers.cpp), the homeserver.yaml keys synops owns and how it applies them
// (synapse.yaml).
#include <algorithm>
#include <cctype>

#include "kubernetes_names.h"
#include "manifest_keys.h"
#include "sections.h"

namespace synops {
namespace {

// synapse.main and synapse.li: the workload and its image, merged from two files.
void read_synapse_workload(const Node& entry, std::optional<WorkloadRef>& workload,
                           std::optional<Located<std::string>>& image, Diagnostics& problems) {
  if (!expect_mapping(entry, problems)) return;
  check_keys(entry, manifest_keys::synapse_workload, problems);
  image = text_member(entry, "image", Need::optional, problems);
  workload = read_workload(entry, "synapse", problems);
  if (auto resources = entry.get("resources"); resources && workload)
    workload->resources = read_container_resources(*resources, problems);
}

// instance_map, stream_writers and federation_sender_instances follow from the pools in
// topology.yaml; a hand-written copy would drift from them.
void read_homeserver(const Node& homeserver, SynapseDesired& desired, Diagnostics& problems) {
  if (!expect_mapping(homeserver, problems)) return;
  for (std::string_view key : manifest_keys::derived_homeserver)
    if (auto derived = homeserver.get(key))
      report(problems, derived->key_at(),
             subject(*derived) + " is derived from topology.yaml and never written by hand; remove it");
  desired.homeserver = homeserver.subtree();
}

void read_config(const Node& synapse, SynapseDesired& desired, Diagnostics& problems) {
  desired.config_map = name_member(synapse, "configMap", Need::optional, problems);
  if (auto key = synapse.get("configKey")) {
    auto text = read_text(*key, problems);
    if (text && is_config_map_key(text->value)) desired.config_key = text->value;
    else if (text) report(problems, key->at(), subject(*key) + " must be a ConfigMap key (letters, digits, \"-\", \"_\" and \".\"), got \"" + text->value + "\"");
  }
  if (auto homeserver = synapse.get("homeserver")) read_homeserver(*homeserver, desired, problems);
}

void read_service(const Node& synapse, SynapseDesired& desired, Diagnostics& problems) {
  if (desired.main) desired.main_service = desired.main->name.value;
  if (auto service = name_member(synapse, "mainService", Need::optional, problems)) desired.main_service = service->value;
  if (auto port = integer_member(synapse, "mainReplicationPort", kPort, Need::optional, problems))
    desired.main_replication_port = port->value;
  if (auto url = synapse.get("baseUrl")) {
    auto text = read_text(*url, problems);
    if (text && (text->value.starts_with("http://") || text->value.starts_with("https://"))) desired.base_url = text;
    else if (text) report(problems, url->at(), subject(*url) + " must be an http:// or https:// URL, got \"" + text->value + "\"");
  }
}

}  // namespace

ScaleDownKeys read_scale_down(const Node& scale_down, Diagnostics& problems) {
  if (!expect_mapping(scale_down, problems)) return {};
  check_keys(scale_down, manifest_keys::scale_down, problems);
  ScaleDownKeys keys;
  if (auto step = integer_member(scale_down, "step", kPositive, Need::optional, problems)) keys.step = step->value;
  if (auto pause = integer_member(scale_down, "pauseSeconds", kNonNegative, Need::optional, problems)) keys.pause_seconds = pause->value;
  return keys;
}

void read_synapse_section(const Node& synapse, SynapseDesired& desired, Diagnostics& problems) {
  if (!expect_mapping(synapse, problems)) return;
  check_keys(synapse, manifest_keys::synapse, problems);
  if (auto main = synapse.get("main")) read_synapse_workload(*main, desired.main, desired.main_image, problems);
  if (auto li = synapse.get("li")) read_synapse_workload(*li, desired.li, desired.li_image, problems);
  if (auto workers = synapse.get("workers")) read_worker_pools(*workers, desired, problems);
  read_config(synapse, desired, problems);
  read_service(synapse, desired, problems);
  if (auto scale_down = synapse.get("scaleDown")) {
    const ScaleDownKeys keys = read_scale_down(*scale_down, problems);
    desired.scale_down_step = keys.step.value_or(desired.scale_down_step);
    desired.scale_down_pause_seconds = keys.pause_seconds.value_or(desired.scale_down_pause_seconds);
  }
}

}  // namespace synops
