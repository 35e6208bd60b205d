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

// A response body as JSON: a discarded value when it is cut short or invalid, and refused
// before parsing when it nests deeper than any object could (json_depth.h).
nlohmann::json parse_body(const std::string& body) {
  if (json_too_deep_at(body)) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(body, nullptr, false);
}

// A page's bytes, as they arrive, to the cutter; it starts over with each attempt.
class PageSink : public BodySink {
 public:
  PageSink(ListPageCutter& cutter, ListItems& items) : cutter_(cutter), items_(items) {}
  void start() override {
    cutter_.restart();
    items_.page_begun();
  }
  bool take(std::string_view bytes) override { return refused_ = !cutter_.feed(bytes), !refused_; }
  bool refused() const { return refused_; }

 private:
  ListPageCutter& cutter_;
  ListItems& items_;
  bool refused_ = false;
};

// list()'s items: whole, as nlohmann JSON, for callers that read what LiveState would prune.
class WholeItems : public CollectedItems<LiveObject> {
 public:
  explicit WholeItems(const KindInfo& kind) : kind_(kind) {}
  ListPageCutter::Verdict item(std::string_view text, size_t) override {
    nlohmann::json body = nlohmann::json::parse(text, nullptr, false);
    if (body.is_discarded()) return ListPageCutter::Verdict::invalid;
    auto object = live_object(std::move(body), kind_);
    if (!object) return ListPageCutter::Verdict::not_an_object;
    objects.push_back(std::move(*object));
    return ListPageCutter::Verdict::taken;
  }

 private:
  const KindInfo& kind_;
};

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
  WholeItems items(kind);
  auto listed = list_each(kind, ns, label_selector, items);
  if (!listed) return std::unexpected(listed.error());
  return std::move(items.objects);
}

Result<bool> KubeClient::list_each(const KindInfo& kind, const std::string& ns, const std::string& label_selector,
                                   ListItems& items) const {
  const std::string what = "cannot list " + kind.resource_name() + " " + where(ns);
  ListPageCutter cutter(kind.kind, [&items](std::string_view text, size_t readable) { return items.item(text, readable); });
  for (int restart = 0;; ++restart) {
    items.list_begun();
    std::string token;
    bool expired = false;
    do {
      PageSink sink(cutter, items);
      auto response = http_->send(HttpRequest{"GET", list_target(kind, ns, label_selector, options_.page_size, token)}, sink);
      if (!response && !sink.refused()) {
        // 410 Gone: the continue token outlived the server's history. A fresh LIST gives a
        // consistent view again; twice in a row means the pages cannot keep up.
        expired = response.error().status == 410 && !token.empty() && restart == 0;
        if (expired) break;
        return fail(list_failure(what, response.error()));
      }
      // A body cut short fails here (or above, when the transfer saw it); it must never read
      // as an empty list.
      auto next = cutter.finish();
      if (!next) return fail(what + ": " + next.error().front().message);
      items.page_done();
      token = std::move(*next);
    } while (!token.empty());
    if (!expired) return true;
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
