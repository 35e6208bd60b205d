// The few API calls synops makes: LIST (paged), GET, a JSON merge patch guarded by the
// resourceVersion the plan was made from, and kubectl's rollout restart. Every failure is a
// sentence naming the object or resource and the API's reason.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/live_state.h"
#include "engine/result.h"
#include "http_client.h"
#include "kinds.h"
#include "list_page_cutter.h"

namespace synops::kube {

struct KubeClientOptions {
  int page_size = 500;  // kubectl's default chunk size
};

inline constexpr std::string_view kOutcomeUnknown = "outcome unknown: ";

// What a LIST hands its items to as they arrive (KubeClient::list_each). An item belongs to the
// page being read, which counts only once it is whole and a List: a page retried or a LIST
// restarted takes back what it gave.
class ListItems {
 public:
  virtual ~ListItems() = default;
  // One item's JSON text, with kParserPadding bytes readable past its end (pruned_json.h).
  virtual ListPageCutter::Verdict item(std::string_view text, size_t readable) = 0;
  virtual void page_begun() = 0;  // an attempt at a page starts: drop what it gave so far
  virtual void page_done() = 0;   // the page is whole and a List: keep its items
  virtual void list_begun() = 0;  // the LIST starts (again, after 410 Gone): drop every page
};

// ListItems that collect what each item makes into `objects`, with the page bookkeeping
// above: a subclass says only how an item becomes an Object.
template <class Object>
class CollectedItems : public ListItems {
 public:
  void page_begun() override { objects.erase(objects.begin() + static_cast<std::ptrdiff_t>(kept_), objects.end()); }
  void page_done() override { kept_ = objects.size(); }
  void list_begun() override { objects.clear(), kept_ = 0; }

  std::vector<Object> objects;

 private:
  size_t kept_ = 0;
};

class KubeClient {
 public:
  KubeClient(std::shared_ptr<const HttpClient> http, std::string default_namespace, KubeClientOptions options = {});
  static Result<KubeClient> connect(const ClusterConfig& config, HttpOptions http = {}, KubeClientOptions options = {});

  // Every object of a kind in a namespace (all namespaces when ns is empty), following
  // `continue` tokens; an expired token (410 Gone) restarts the LIST once. Items come back
  // with kind and apiVersion filled in, as `kubectl get -o json` prints them.
  Result<std::vector<LiveObject>> list(const KindInfo& kind, const std::string& ns, const std::string& label_selector = {}) const;

  // The same LIST, each item handed to `items` as its last byte arrives: no page is ever held
  // whole. Fails as list() does.
  Result<bool> list_each(const KindInfo& kind, const std::string& ns, const std::string& label_selector, ListItems& items) const;

  // nullopt when the object does not exist.
  Result<std::optional<LiveObject>> get(const ObjectRef& ref) const;

  // GET through the API server's proxy to a pod's port (`kubectl get --raw
  // /api/v1/namespaces/NS/pods/NAME:PORT/proxy/PATH`): the answer of the program in the pod,
  // which needs no route to the pod beyond the API server. The body of a 2xx answer.
  Result<std::string> pod_proxy_get(const ObjectRef& pod, int port, const std::string& path) const;

  // RFC 7386 merge patch. A non-empty resource_version goes into the patch as
  // metadata.resourceVersion, so the server refuses (409) if the object changed since it was
  // read; that failure reads "changed since plan: <Kind ns/name>". A guarded patch is sent
  // once (a retry that followed a landed first try would conflict with itself), so a failure
  // that leaves it unknown whether the server acted (a 5xx, an answer lost or cut short)
  // starts with kOutcomeUnknown: the caller reads the object to find out.
  Result<LiveObject> merge_patch(const ObjectRef& ref, nlohmann::json patch, const std::string& resource_version) const;

  // POST a new object (a Lease). 409 AlreadyExists reads "<Kind ns/name> already exists",
  // so a caller racing another writer can tell that case from others.
  Result<LiveObject> create(const ObjectRef& ref, nlohmann::json body) const;

  // DELETE, with the object's uid as a precondition when given (a pod recreated under the same
  // name since it was read is left alone). An object already gone counts as deleted.
  Result<bool> remove(const ObjectRef& ref, const std::string& uid = {}) const;

  // What `kubectl rollout restart` does: stamp the pod template with restartedAt (RFC 3339,
  // local time), which rolls every pod. Deployments and StatefulSets only.
  Result<LiveObject> rollout_restart(const ObjectRef& ref,
                                     std::chrono::system_clock::time_point at = std::chrono::system_clock::now()) const;

  // A copy whose every write (merge_patch, create, remove, rollout_restart) first asks `fence`; when
  // the fence fails, the write is not sent and fails with the fence's error. apply fences its
  // writes with the lock, so a run that lost the lock sends nothing more.
  using WriteFence = std::function<Result<bool>()>;
  KubeClient fenced(WriteFence fence) const;

  const std::string& default_namespace() const { return default_namespace_; }
  const HttpClient& http() const { return *http_; }
  std::shared_ptr<const HttpClient> shared_http() const { return http_; }

 private:
  Result<const KindInfo*> kind_of(const ObjectRef& ref) const;
  std::string namespace_of(const ObjectRef& ref) const;
  Result<bool> pass_fence() const { return fence_ ? fence_() : Result<bool>(true); }

  std::shared_ptr<const HttpClient> http_;
  std::string default_namespace_;
  KubeClientOptions options_;
  WriteFence fence_;
};

// "StatefulSet matrix/synapse-main", how messages name an object.
std::string describe(const ObjectRef& ref);

// An API object as a LiveObject; kind and apiVersion are set from `kind` when the body
// lacks them (LIST items carry neither).
Result<LiveObject> live_object(nlohmann::json body, const KindInfo& kind);

}  // namespace synops::kube
