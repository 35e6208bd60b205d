#include "kube_client.h"

#include <algorithm>

#include <fmt/format.h>

#include "engine/json_depth.h"
#include "json_fields.h"
#include "restart_annotation.h"
#include "rfc3339.h"

namespace synops::kube {

namespace {

constexpr const char* kMergePatch = "application/merge-patch+json";
constexpr const char* kFieldManager = "fieldManager=synops";

// Percent-encoding for a query value (label selectors hold '=' and ',', continue tokens '+').
std::string query_escape(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string where(const std::string& ns) { return ns.empty() ? "in all namespaces" : "in namespace " + ns; }

std::string list_target(const KindInfo& kind, const std::string& ns, const std::string& selector, int page_size,
                        const std::string& token) {
  std::string target = kind.collection_path(ns) + "?limit=" + std::to_string(page_size);
  if (!selector.empty()) target += "&labelSelector=" + query_escape(selector);
  if (!token.empty()) target += "&continue=" + query_escape(token);
  return target;
}

// One page of a LIST: its objects and the token for the next page.
struct Page {
  std::vector<LiveObject> objects;
  std::string next;
};

// A response body as JSON: nullopt-like discarded value when it is cut short or invalid, and
// refused before parsing when it nests deeper than any object could (json_depth.h).
nlohmann::json parse_body(const std::string& body) {
  if (json_too_deep_at(body)) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(body, nullptr, false);
}

// The string value of the first `"key":"` after `from` in `text`, within `window` bytes.
std::string string_after(std::string_view text, size_t from, std::string_view key, size_t window = 65536) {
  const std::string needle = "\"" + std::string(key) + "\":\"";
  const size_t at = text.substr(0, std::min(text.size(), from + window)).find(needle, from);
  if (at == std::string_view::npos) return "";
  const size_t start = at + needle.size();
  const size_t end = text.find('"', start);
  return end == std::string_view::npos ? "" : std::string(text.substr(start, end - start));
}

// "StatefulSet matrix/synapse-main", the item of a LIST page that holds `offset`, read from its
// metadata (the API writes name and namespace before anything that could nest); "an object"
// when it cannot be told.
std::string item_at(std::string_view body, size_t offset, const KindInfo& kind) {
  const auto item = json_enclosing_open_at(body, offset, 3);  // the page, its items, an item
  if (!item) return "an object";
  const size_t metadata = body.find("\"metadata\":{", *item);
  if (metadata == std::string_view::npos || metadata > offset) return "an object";
  const std::string name = string_after(body, metadata, "name");
  const std::string ns = string_after(body, metadata, "namespace");
  if (name.empty()) return "an object";
  return kind.kind + " " + (ns.empty() ? "" : ns + "/") + name;
}

Result<Page> read_page(const std::string& body, const KindInfo& kind, const std::string& what) {
  if (const auto deep = json_too_deep_at(body))
    return fail(fmt::format("{}: {} nests deeper than {} levels (byte {} of the response)", what, item_at(body, *deep, kind),
                            kMaxJsonDepth, *deep));
  nlohmann::json document = parse_body(body);
  // A body cut short fails here; it must never read as an empty list.
  if (document.is_discarded()) return fail(what + ": the response is not complete JSON");
  if (!text_at(document, {"kind"}).ends_with("List") || !field(document, {"items"}).is_array())
    return fail(what + ": the response is not a List");
  Page page;
  page.next = text_at(document, {"metadata", "continue"});
  for (auto& item : document["items"]) {
    auto object = live_object(std::move(item), kind);
    if (!object) return fail(what + ": " + object.error().front().message);
    page.objects.push_back(std::move(*object));
  }
  return page;
}

std::string list_failure(const std::string& what, const ApiError& error) {
  if (error.status == 404) return what + ": the API server does not serve this resource (is its CRD installed?)";
  return what + ": " + error.describe();
}

}  // namespace

std::string describe(const ObjectRef& ref) { return ref.kind + " " + (ref.ns.empty() ? "" : ref.ns + "/") + ref.name; }

Result<LiveObject> live_object(nlohmann::json body, const KindInfo& kind) {
  if (!body.is_object() || text_at(body, {"metadata", "name"}).empty()) return fail("an object without metadata.name");
  if (!body.contains("kind")) body["kind"] = kind.kind;
  if (!body.contains("apiVersion")) body["apiVersion"] = kind.api_version();
  LiveObject object;
  object.ref = ObjectRef{text_at(body, {"kind"}), text_at(body, {"metadata", "namespace"}), text_at(body, {"metadata", "name"})};
  object.api_version = text_at(body, {"apiVersion"});
  object.resource_version = text_at(body, {"metadata", "resourceVersion"});
  object.body = std::move(body);
  return object;
}

KubeClient::KubeClient(std::shared_ptr<const HttpClient> http, std::string default_namespace, KubeClientOptions options)
    : http_(std::move(http)), default_namespace_(std::move(default_namespace)), options_(options) {}

Result<KubeClient> KubeClient::connect(const ClusterConfig& config, HttpOptions http, KubeClientOptions options) {
  auto client = HttpClient::create(config, http);
  if (!client) return std::unexpected(client.error());
  return KubeClient(std::move(*client), config.namespace_name, options);
}

Result<const KindInfo*> KubeClient::kind_of(const ObjectRef& ref) const {
  const KindInfo* kind = find_kind(ref.kind);
  if (kind == nullptr) return fail(describe(ref) + ": synops does not know where the API serves kind " + ref.kind);
  return kind;
}

std::string KubeClient::namespace_of(const ObjectRef& ref) const { return ref.ns.empty() ? default_namespace_ : ref.ns; }

Result<std::vector<LiveObject>> KubeClient::list(const KindInfo& kind, const std::string& ns, const std::string& label_selector) const {
  const std::string what = "cannot list " + kind.resource_name() + " " + where(ns);
  for (int restart = 0;; ++restart) {
    std::vector<LiveObject> objects;
    std::string token;
    bool expired = false;
    do {
      auto response = http_->send(HttpRequest{"GET", list_target(kind, ns, label_selector, options_.page_size, token)});
      if (!response) {
        // 410 Gone: the continue token outlived the server's history. A fresh LIST gives a
        // consistent view again; twice in a row means the pages cannot keep up.
        expired = response.error().status == 410 && !token.empty() && restart == 0;
        if (expired) break;
        return fail(list_failure(what, response.error()));
      }
      auto page = read_page(response->body, kind, what);
      if (!page) return std::unexpected(page.error());
      std::ranges::move(page->objects, std::back_inserter(objects));
      token = page->next;
    } while (!token.empty());
    if (!expired) return objects;
  }
}

Result<std::optional<LiveObject>> KubeClient::get(const ObjectRef& ref) const {
  auto kind = kind_of(ref);
  if (!kind) return std::unexpected(kind.error());
  auto response = http_->send(HttpRequest{"GET", (*kind)->object_path(namespace_of(ref), ref.name)});
  if (!response && response.error().status == 404) return std::optional<LiveObject>();
  if (!response) return fail("cannot read " + describe(ref) + ": " + response.error().describe());
  nlohmann::json body = parse_body(response->body);
  if (const auto deep = json_too_deep_at(response->body))
    return fail(fmt::format("cannot read {}: it nests deeper than {} levels (byte {} of the response)", describe(ref), kMaxJsonDepth, *deep));
  if (body.is_discarded()) return fail("cannot read " + describe(ref) + ": the response is not complete JSON");
  auto object = live_object(std::move(body), **kind);
  if (!object) return fail("cannot read " + describe(ref) + ": " + object.error().front().message);
  return std::optional<LiveObject>(std::move(*object));
}

Result<std::string> KubeClient::pod_proxy_get(const ObjectRef& pod, int port, const std::string& path) const {
  const std::string target = fmt::format("/api/v1/namespaces/{}/pods/{}:{}/proxy/{}", namespace_of(pod), pod.name, port, path);
  auto response = http_->send(HttpRequest{"GET", target});
  if (!response) return fail(fmt::format("pod {}/{} did not answer /{} on port {}: {}", namespace_of(pod), pod.name, path, port,
                                         response.error().describe()));
  return std::move(response->body);
}

KubeClient KubeClient::fenced(WriteFence fence) const {
  KubeClient copy = *this;
  copy.fence_ = std::move(fence);
  return copy;
}

Result<LiveObject> KubeClient::merge_patch(const ObjectRef& ref, nlohmann::json patch, const std::string& resource_version) const {
  auto kind = kind_of(ref);
  if (!kind) return std::unexpected(kind.error());
  if (auto held = pass_fence(); !held) return std::unexpected(held.error());
  if (!patch.is_object()) return fail("cannot patch " + describe(ref) + ": a merge patch must be a JSON object");
  if (!resource_version.empty()) patch["metadata"]["resourceVersion"] = resource_version;
  HttpRequest request{"PATCH", (*kind)->object_path(namespace_of(ref), ref.name) + "?" + kFieldManager, kMergePatch, patch.dump()};
  request.idempotent = resource_version.empty();
  auto response = http_->send(request);
  if (!response && response.error().status == 409 && !resource_version.empty()) return fail("changed since plan: " + describe(ref));
  if (!response && response.error().status == 404) return fail("cannot patch " + describe(ref) + ": it does not exist");
  const bool guarded = !resource_version.empty();
  if (!response) {
    const bool ambiguous = response.error().status == 0 || response.error().status >= 500;
    return fail(std::string(guarded && ambiguous ? kOutcomeUnknown : "") + "cannot patch " + describe(ref) + ": " +
                response.error().describe());
  }
  nlohmann::json body = parse_body(response->body);
  if (body.is_discarded())
    return fail(std::string(guarded ? kOutcomeUnknown : "") + "patched " + describe(ref) +
                ", but the response is not complete JSON (or nests too deep)");
  return live_object(std::move(body), **kind);
}

Result<LiveObject> KubeClient::create(const ObjectRef& ref, nlohmann::json body) const {
  auto kind = kind_of(ref);
  if (!kind) return std::unexpected(kind.error());
  if (auto held = pass_fence(); !held) return std::unexpected(held.error());
  body["metadata"]["name"] = ref.name;
  if (!body.contains("kind")) body["kind"] = (*kind)->kind;
  if (!body.contains("apiVersion")) body["apiVersion"] = (*kind)->api_version();
  HttpRequest request{"POST", (*kind)->collection_path(namespace_of(ref)) + "?" + kFieldManager, "application/json", body.dump()};
  request.idempotent = false;  // a retried create that had landed would report AlreadyExists
  auto response = http_->send(request);
  if (!response && response.error().status == 409) return fail(describe(ref) + " already exists");
  if (!response) return fail("cannot create " + describe(ref) + ": " + response.error().describe());
  nlohmann::json created = parse_body(response->body);
  if (created.is_discarded()) return fail("created " + describe(ref) + ", but the response is not complete JSON (or nests too deep)");
  return live_object(std::move(created), **kind);
}

Result<bool> KubeClient::remove(const ObjectRef& ref, const std::string& uid) const {
  auto kind = kind_of(ref);
  if (!kind) return std::unexpected(kind.error());
  if (auto held = pass_fence(); !held) return std::unexpected(held.error());
  nlohmann::json options = {{"kind", "DeleteOptions"}, {"apiVersion", "v1"}};
  if (!uid.empty()) options["preconditions"] = {{"uid", uid}};
  HttpRequest request{"DELETE", (*kind)->object_path(namespace_of(ref), ref.name), "application/json", options.dump()};
  auto response = http_->send(request);  // idempotent: a second DELETE of a deleted object is a 404
  if (!response && response.error().status == 404) return true;
  if (!response && response.error().status == 409) return true;  // the uid precondition: another object now
  if (!response) return fail("cannot delete " + describe(ref) + ": " + response.error().describe());
  return true;
}

Result<LiveObject> KubeClient::rollout_restart(const ObjectRef& ref, std::chrono::system_clock::time_point at) const {
  if (ref.kind != "Deployment" && ref.kind != "StatefulSet")
    return fail("cannot restart " + describe(ref) + ": only Deployments and StatefulSets have a rollout to restart");
  const nlohmann::json patch = {
      {"spec", {{"template", {{"metadata", {{"annotations", {{kRestartedAtAnnotation, format_rfc3339_local(at)}}}}}}}}}};
  return merge_patch(ref, patch, "");
}

}  // namespace synops::kube
