#include "worker_layout.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace synops::importer {

namespace {

// A member of the config read in place (a large deployment has thousands of instances), or {}.
const nlohmann::json& section(const nlohmann::json& homeserver, const char* key) {
  static const nlohmann::json none = nlohmann::json::object();
  const auto it = homeserver.is_object() ? homeserver.find(key) : homeserver.end();
  return homeserver.is_object() && it != homeserver.end() ? *it : none;
}

// stream_writers values may be one name or a list of names.
std::vector<std::string> writers_of(const nlohmann::json& value) {
  std::vector<std::string> out;
  for (const auto& writer : value.is_array() ? value : nlohmann::json::array({value}))
    if (writer.is_string()) out.push_back(writer.get<std::string>());
  return out;
}

std::vector<std::string> labels_of_host(const std::string& host) {
  std::vector<std::string> labels;
  for (size_t start = 0; start <= host.size();) {
    const size_t dot = std::min(host.find('.', start), host.size());
    labels.push_back(host.substr(start, dot - start));
    start = dot + 1;
  }
  return labels;
}

std::vector<std::string> all_instances(const nlohmann::json& homeserver) {
  std::set<std::string> names;
  for (const auto& [stream, value] : section(homeserver, "stream_writers").items())
    for (auto& writer : writers_of(value)) names.insert(writer);
  for (auto& sender : writers_of(section(homeserver, "federation_sender_instances")))
    names.insert(sender);
  return {names.begin(), names.end()};
}

}  // namespace

bool is_instance_of(const std::string& instance, const std::string& workload) {
  if (!instance.starts_with(workload + "-") || instance.size() == workload.size() + 1) return false;
  return std::ranges::all_of(instance.substr(workload.size() + 1), [](unsigned char c) { return std::isdigit(c); });
}

PoolLayout pool_layout(const nlohmann::json& homeserver, const std::string& workload) {
  PoolLayout layout;
  for (const auto& [stream, value] : section(homeserver, "stream_writers").items())
    if (std::ranges::any_of(writers_of(value), [&](const std::string& w) { return is_instance_of(w, workload); }))
      layout.streams.push_back(stream);
  const auto senders = writers_of(section(homeserver, "federation_sender_instances"));
  layout.federation_sender = std::ranges::any_of(senders, [&](const std::string& s) { return is_instance_of(s, workload); });
  for (const auto& [instance, location] : section(homeserver, "instance_map").items()) {
    if (!is_instance_of(instance, workload) || !location.is_object()) continue;
    const auto labels = labels_of_host(location.value("host", ""));
    if (labels.size() > 1) layout.service_name = labels[1];  // <pod>.<service>.<namespace>.svc...
    if (location.contains("port") && location["port"].is_number_integer()) layout.replication_port = location["port"].get<std::int64_t>();
    break;
  }
  return layout;
}

std::optional<MainLayout> main_layout(const nlohmann::json& homeserver) {
  const auto main = homeserver.value("/instance_map/main"_json_pointer, nlohmann::json());
  if (!main.is_object()) return std::nullopt;
  MainLayout layout{labels_of_host(main.value("host", "")).front(), std::nullopt};
  if (main.contains("port") && main["port"].is_number_integer()) layout.port = main["port"].get<std::int64_t>();
  return layout;
}

std::vector<std::string> unclaimed_instances(const nlohmann::json& homeserver, const std::vector<std::string>& workloads) {
  std::vector<std::string> out;
  for (const auto& instance : all_instances(homeserver))
    if (std::ranges::none_of(workloads, [&](const std::string& w) { return is_instance_of(instance, w); }))
      out.push_back(instance);
  return out;
}

}  // namespace synops::importer
