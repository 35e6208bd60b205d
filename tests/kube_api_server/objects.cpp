#include "objects.h"

#include <chrono>
#include <random>
#include <variant>

#include <yaml-cpp/yaml.h>

#include "defaults.h"
#include "label_selector.h"
#include "patch.h"
#include "protobuf.h"
#include "status.h"
#include "validation.h"

namespace kube_test {

namespace {

constexpr const char* kAcceptedPatches =
    "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";

nlohmann::json details(const Resource& resource, const std::string& name) {
  return {{"name", name}, {"group", resource.group}, {"kind", resource.plural}};
}

// Reads in place: LIST calls this for every stored object of the kind on every page, and a
// copy of the metadata (managedFields and all) made 50,000 objects take six minutes to list.
std::string meta_text(const nlohmann::json& object, const char* key) {
  const auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return "";
  const auto value = metadata->find(key);
  return value != metadata->end() && value->is_string() ? value->get<std::string>() : "";
}

std::map<std::string, std::string> labels_of(const nlohmann::json& object) {
  std::map<std::string, std::string> labels;
  if (object.contains("metadata") && object["metadata"].contains("labels") && object["metadata"]["labels"].is_object())
    for (const auto& [key, value] : object["metadata"]["labels"].items())
      if (value.is_string()) labels[key] = value.get<std::string>();
  return labels;
}

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) out += {kDigits[c >> 4], kDigits[c & 15]};
  return out;
}

std::string unhex(const std::string& text) {
  std::string out;
  for (size_t i = 0; i + 1 < text.size(); i += 2) out += static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16));  // throws on junk: caught by the caller
  return out;
}

// The continue token: opaque to clients; here the list's version and where the next page starts.
using Position = std::pair<std::string, std::string>;  // namespace, name: the store's order

Position position_of(const nlohmann::json& object) { return {meta_text(object, "namespace"), meta_text(object, "name")}; }

std::string continue_token(uint64_t version, const nlohmann::json& next) {
  const auto [ns, name] = position_of(next);
  return hex(nlohmann::json{{"rv", version}, {"ns", ns}, {"name", name}}.dump());
}

std::optional<Position> continue_start(const std::string& token) {
  try {
    const auto decoded = nlohmann::json::parse(unhex(token));
    return Position{decoded.at("ns").get<std::string>(), decoded.at("name").get<std::string>()};
  } catch (...) {
    return std::nullopt;
  }
}


std::string now_rfc3339() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

// Everything but metadata and status: what "the spec changed" means for generation.
nlohmann::json desired_part(nlohmann::json object) {
  if (object.is_object()) {
    object.erase("metadata");
    object.erase("status");
  }
  return object;
}

nlohmann::json yaml_to_json(const YAML::Node& node) {
  if (node.IsMap()) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& entry : node) object[entry.first.as<std::string>()] = yaml_to_json(entry.second);
    return object;
  }
  if (node.IsSequence()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& entry : node) list.push_back(yaml_to_json(entry));
    return list;
  }
  if (node.IsNull()) return nullptr;
  // A plain scalar: keep numbers and booleans typed, as the API's YAML decoder does.
  const std::string text = node.as<std::string>();
  if (node.Tag() == "?") {
    if (text == "true" || text == "false") return text == "true";
    try {
      size_t used = 0;
      const long long number = std::stoll(text, &used);
      if (used == text.size()) return number;
    } catch (...) {
    }
  }
  return text;
}

// The patch body as JSON; server-side apply bodies may be YAML.
std::optional<nlohmann::json> parse_body(const Request& request) {
  if (request.content_type == kProtobufMediaType) return decode_protobuf_object(request.body);
  const nlohmann::json json = nlohmann::json::parse(request.body, nullptr, false);
  if (!json.is_discarded()) return json;
  if (request.content_type != "application/apply-patch+yaml") return std::nullopt;
  try {
    return yaml_to_json(YAML::Load(request.body));
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

// A protobuf body of a kind whose message layout this server does not know (protobuf.h).
Response undecodable_protobuf() {
  return status_response(415, "UnsupportedMediaType",
                         "the body of the request was in an unknown format - accepted media types include: application/json, "
                         "application/yaml");
}

// The object after the patch, or the error response.
std::variant<nlohmann::json, Response> apply_patch(const Resource& resource, const nlohmann::json& old, const Request& request,
                                                   const nlohmann::json& patch) {
  const std::string& type = request.content_type;
  if (type == "application/merge-patch+json") return merge_patch(old, patch);
  if (type == "application/strategic-merge-patch+json") {
    if (!resource.built_in)
      return status_response(415, "UnsupportedMediaType",
                             std::string("the body of the request was in an unknown format - accepted media types include: ") +
                                 kAcceptedPatches);
    return strategic_merge_patch(old, patch);
  }
  if (type == "application/json-patch+json") {
    try {
      return old.patch(patch);
    } catch (const nlohmann::json::exception& error) {
      return status_response(422, "Invalid", std::string("the JSON patch could not be applied: ") + error.what());
    }
  }
  if (type == "application/apply-patch+yaml") return apply_configuration(old, patch);
  return status_response(415, "UnsupportedMediaType",
                         "the body of the request was in an unknown format - accepted media types include: "
                         "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
                         "application/strategic-merge-patch+json");
}

// The version that will be stored, from the old one and the requested one: identity kept,
// status kept unless writing the status subresource, generation moved on a spec change.
nlohmann::json next_version(const Resource& resource, const nlohmann::json& old, nlohmann::json updated, bool status_only) {
  if (status_only) {
    nlohmann::json kept = old;
    kept["status"] = updated.value("status", nlohmann::json::object());
    return kept;
  }
  if (resource.has_status) {
    if (old.contains("status")) updated["status"] = old["status"];
    else updated.erase("status");
  }
  apply_defaults(resource, &old, updated);
  updated["metadata"]["resourceVersion"] = old["metadata"].value("resourceVersion", "");
  for (const char* key : {"uid", "creationTimestamp", "generation"})
    if (old["metadata"].contains(key)) updated["metadata"][key] = old["metadata"][key];
    else updated["metadata"].erase(key);
  if (desired_part(old) != desired_part(updated) && (old.contains("spec") || updated.contains("spec")))
    updated["metadata"]["generation"] = old["metadata"].value("generation", 1) + 1;
  return updated;
}

// Writes `updated` unless it equals what is stored (the API does not move resourceVersion
// for a no-op), and answers with the stored object.
Response store_update(Store& store, const Resource& resource, const Stored& old, nlohmann::json updated) {
  if (updated == old.body) return json_response(200, old.body);
  if (auto invalid = validate(resource, &old.body, updated)) return *invalid;
  return json_response(200, store.write(resource, std::move(updated)).body);
}

Response identity_mismatch(const Route& route, const nlohmann::json& body) {
  const std::string name = meta_text(body, "name");
  const std::string ns = meta_text(body, "namespace");
  if (!name.empty() && name != route.name)
    return status_response(400, "BadRequest", "the name of the object (" + name + ") does not match the name on the URL (" + route.name + ")");
  if (!ns.empty() && ns != route.ns)
    return status_response(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
  return Response{0};
}

}  // namespace

std::string uid() {
  static std::mt19937_64 random{std::random_device{}()};
  const uint64_t a = random(), b = random();
  char text[40];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32), static_cast<unsigned>(a >> 16) & 0xffff,
                static_cast<unsigned>(a) & 0xffff, static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return text;
}

Response not_found(const Resource& resource, const std::string& name) {
  return status_response(404, "NotFound", resource.group_resource() + " \"" + name + "\" not found", details(resource, name));
}

Response conflict(const Resource& resource, const std::string& name) {
  return status_response(409, "Conflict",
                         "Operation cannot be fulfilled on " + resource.group_resource() + " \"" + name +
                             "\": the object has been modified; please apply your changes to the latest version and try again",
                         details(resource, name));
}

nlohmann::json as_item(const Stored& stored) {
  if (!stored.resource->built_in) return stored.body;
  nlohmann::json item = stored.body;
  item.erase("kind");
  item.erase("apiVersion");
  return item;
}

bool selected(const Stored& stored, const std::map<std::string, std::string>& query, std::string& error) {
  const auto labels = query.contains("labelSelector") ? parse_selector(query.at("labelSelector")) : Selector{};
  const auto fields = query.contains("fieldSelector") ? parse_selector(query.at("fieldSelector")) : Selector{};
  if (!labels || !fields) {
    error = "unable to parse requirement: invalid selector";
    return false;
  }
  for (const auto& requirement : *fields)
    if (requirement.key != "metadata.name" && requirement.key != "metadata.namespace") {
      error = "field label not supported: " + requirement.key;
      return false;
    }
  const std::map<std::string, std::string> identity = {{"metadata.name", meta_text(stored.body, "name")},
                                                       {"metadata.namespace", meta_text(stored.body, "namespace")}};
  return matches(*labels, labels_of(stored.body)) && matches(*fields, identity);
}

Response get_object(const Store& store, const Route& route) {
  const Stored* stored = store.find(*route.resource, route.ns, route.name);
  if (stored == nullptr) return not_found(*route.resource, route.name);
  return json_response(200, stored->body);
}

Response list_objects(const Store& store, const Route& route, const std::map<std::string, std::string>& query) {
  Position start;
  if (query.contains("continue") && !query.at("continue").empty()) {
    const auto decoded = continue_start(query.at("continue"));
    if (!decoded) return status_response(400, "BadRequest", "continue key is not valid");
    start = *decoded;
  }
  const long limit = query.contains("limit") ? std::atol(query.at("limit").c_str()) : 0;
  nlohmann::json items = nlohmann::json::array();
  nlohmann::json metadata = {{"resourceVersion", std::to_string(store.version())}};
  long remaining = 0;
  for (const Stored* stored : store.list(*route.resource, route.ns)) {
    std::string error;
    const bool wanted = selected(*stored, query, error);
    if (!error.empty()) return status_response(400, "BadRequest", error);
    if (!wanted || position_of(stored->body) < start) continue;
    if (limit > 0 && static_cast<long>(items.size()) == limit) {
      if (remaining++ == 0) metadata["continue"] = continue_token(store.version(), stored->body);
      continue;
    }
    items.push_back(as_item(*stored));
  }
  if (remaining > 0) metadata["remainingItemCount"] = remaining;
  return json_response(200, {{"kind", route.resource->kind + "List"},
                             {"apiVersion", route.resource->api_version()},
                             {"metadata", metadata},
                             {"items", items}});
}

Response patch_object(Store& store, const Route& route, const Request& request, bool inject_conflict) {
  const Resource& resource = *route.resource;
  const auto patch = parse_body(request);
  if (!patch || (!patch->is_object() && request.content_type != "application/json-patch+json"))
    return status_response(400, "BadRequest", "error decoding patch: the body is not a JSON object");
  const bool apply = request.content_type == "application/apply-patch+yaml";
  if (apply && !request.query.contains("fieldManager"))
    return status_response(400, "BadRequest", "PATCH requests with apply content type require a fieldManager");
  const Stored* old = store.find(resource, route.ns, route.name);
  if (old == nullptr && apply && route.type == Route::Type::object)
    return create_object(store, route, request, inject_conflict);
  if (old == nullptr) return not_found(resource, route.name);
  // The precondition: a resourceVersion in the patch must be the stored one.
  const std::string expected = patch->is_object() ? meta_text(*patch, "resourceVersion") : "";
  if (inject_conflict || (!expected.empty() && expected != meta_text(old->body, "resourceVersion"))) return conflict(resource, route.name);
  auto patched = apply_patch(resource, old->body, request, *patch);
  if (auto* refused = std::get_if<Response>(&patched)) return *refused;
  nlohmann::json updated = std::get<nlohmann::json>(std::move(patched));
  if (auto mismatch = identity_mismatch(route, updated); mismatch.status != 0) return mismatch;
  return store_update(store, resource, *old, next_version(resource, old->body, std::move(updated), route.type == Route::Type::status));
}

Response create_object(Store& store, const Route& route, const Request& request, bool inject_conflict) {
  const Resource& resource = *route.resource;
  auto body = parse_body(request);
  if (!body && request.content_type == kProtobufMediaType) return undecodable_protobuf();
  if (!body || !body->is_object()) return status_response(400, "BadRequest", "error decoding the object: not a JSON object");
  const std::string name = route.name.empty() ? meta_text(*body, "name") : route.name;
  if (name.empty()) return status_response(422, "Invalid", resource.group_kind() + " \"\" is invalid: metadata.name: Required value");
  if (inject_conflict || store.find(resource, route.ns, name) != nullptr)
    return status_response(409, "AlreadyExists", resource.group_resource() + " \"" + name + "\" already exists", details(resource, name));
  auto& metadata = (*body)["metadata"];
  metadata["name"] = name;
  metadata["namespace"] = route.ns;
  metadata["uid"] = uid();
  metadata["creationTimestamp"] = now_rfc3339();
  if (body->contains("spec")) metadata["generation"] = 1;
  apply_defaults(resource, nullptr, *body);
  if (auto invalid = validate(resource, nullptr, *body)) return *invalid;
  return json_response(201, store.write(resource, std::move(*body)).body);
}

Response update_object(Store& store, const Route& route, const Request& request, bool inject_conflict) {
  const Resource& resource = *route.resource;
  auto body = parse_body(request);
  if (!body && request.content_type == kProtobufMediaType) return undecodable_protobuf();
  if (!body || !body->is_object()) return status_response(400, "BadRequest", "error decoding the object: not a JSON object");
  const Stored* old = store.find(resource, route.ns, route.name);
  if (old == nullptr) return not_found(resource, route.name);
  const std::string expected = meta_text(*body, "resourceVersion");
  if (inject_conflict || (!expected.empty() && expected != meta_text(old->body, "resourceVersion"))) return conflict(resource, route.name);
  if (auto mismatch = identity_mismatch(route, *body); mismatch.status != 0) return mismatch;
  (*body)["metadata"]["namespace"] = route.ns;  // the URL's, when the body leaves it out
  return store_update(store, resource, *old, next_version(resource, old->body, std::move(*body), route.type == Route::Type::status));
}

Response delete_object(Store& store, const Route& route) {
  const Resource& resource = *route.resource;
  const Stored* stored = store.find(resource, route.ns, route.name);
  if (stored == nullptr) return not_found(resource, route.name);
  if (resource.kind == "Pod") {
    // Pods answer with the object itself (the registry's ReturnDeletedObject), marked for
    // deletion; with no kubelet to wait for, it is gone at once.
    nlohmann::json deleted = stored->body;
    deleted["metadata"]["deletionTimestamp"] = now_rfc3339();
    deleted["metadata"]["deletionGracePeriodSeconds"] = deleted["spec"].value("terminationGracePeriodSeconds", 30);
    store.erase(resource, route.ns, route.name);
    return json_response(200, deleted);
  }
  store.erase(resource, route.ns, route.name);
  return json_response(200, {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()},
                             {"status", "Success"}, {"details", details(resource, route.name)}});
}

}  // namespace kube_test
