#include "store.h"

#include <charconv>
#include <sstream>

namespace kube_test {

namespace {

std::string text_at(const nlohmann::json& object, const char* section, const char* key) {
  const auto& part = object.contains(section) ? object[section] : nlohmann::json();
  return part.is_object() && part.contains(key) && part[key].is_string() ? part[key].get<std::string>() : "";
}

std::optional<uint64_t> numeric(const std::string& text) {
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Store::Key Store::key_of(const Resource& resource, const std::string& ns, const std::string& name) {
  return {resource.group_resource(), ns, name};
}

std::string Store::seed(nlohmann::json object) {
  if (!object.is_object()) return "an item that is not an object";
  const std::string kind = object.value("kind", "");
  const Resource* resource = find_resource_by_kind(object.value("apiVersion", ""), kind);
  const std::string name = text_at(object, "metadata", "name");
  if (resource == nullptr) return "kind " + object.value("apiVersion", "") + " " + kind + " is not served (skipped " + name + ")";
  if (name.empty()) return "a " + kind + " without metadata.name";
  const auto version = numeric(text_at(object, "metadata", "resourceVersion"));
  if (!version) return write(*resource, std::move(object)), "";
  version_ = std::max(version_, *version);
  const std::string ns = text_at(object, "metadata", "namespace");
  objects_.insert_or_assign(key_of(*resource, ns, name), Stored{resource, std::move(object), *version});
  return "";
}

std::string Store::seed_text(const std::string& text, const std::string& source) {
  std::istringstream in(text);
  std::string problems;
  while (true) {
    in >> std::ws;
    if (in.peek() == std::char_traits<char>::eof()) break;
    nlohmann::json document;
    try {
      in >> document;
    } catch (const nlohmann::json::exception& error) {
      return source + ": " + error.what();
    }
    const bool list = document.is_object() && document.value("kind", "") == "List";
    for (auto& item : list ? document["items"] : nlohmann::json::array({document}))
      if (auto problem = seed(std::move(item)); !problem.empty()) problems += source + ": " + problem + "\n";
  }
  return problems;
}

const Stored* Store::find(const Resource& resource, const std::string& ns, const std::string& name) const {
  const auto found = objects_.find(key_of(resource, ns, name));
  return found == objects_.end() ? nullptr : &found->second;
}

std::vector<const Stored*> Store::list(const Resource& resource, const std::string& ns) const {
  // Keys sort by resource, then namespace: the objects listed are one range of the map, so a
  // controller listing one namespace's pods every tick does not walk the whole store.
  std::vector<const Stored*> found;
  const std::string group_resource = resource.group_resource();
  for (auto it = objects_.lower_bound(Key{group_resource, ns, ""}); it != objects_.end(); ++it) {
    const auto& [key, stored] = *it;
    if (std::get<0>(key) != group_resource || (!ns.empty() && std::get<1>(key) != ns)) break;
    found.push_back(&stored);
  }
  return found;
}

const Stored& Store::write(const Resource& resource, nlohmann::json body) {
  ++version_;
  body["kind"] = resource.kind;
  body["apiVersion"] = resource.api_version();
  body["metadata"]["resourceVersion"] = std::to_string(version_);
  const Key key = key_of(resource, text_at(body, "metadata", "namespace"), text_at(body, "metadata", "name"));
  nlohmann::json labels = body["metadata"].value("labels", nlohmann::json::object());
  auto [at, inserted] = objects_.insert_or_assign(key, Stored{&resource, std::move(body), version_});
  if (inserted) lifecycle_.push_back({version_, "ADDED", std::get<0>(key), std::get<1>(key), std::get<2>(key), std::move(labels)});
  return at->second;
}

void Store::erase(const Resource& resource, const std::string& ns, const std::string& name) {
  const auto found = objects_.find(key_of(resource, ns, name));
  ++version_;  // a deletion is a write too
  if (found == objects_.end()) return;
  lifecycle_.push_back({version_, "DELETED", resource.group_resource(), ns, name,
                        found->second.body["metadata"].value("labels", nlohmann::json::object())});
  objects_.erase(found);
}

}  // namespace kube_test
