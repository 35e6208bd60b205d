#include "live_state.h"

#include "hex.h"

#include <openssl/evp.h>

#include <mutex>

#include <fmt/format.h>

#include "live_pruning.h"

namespace synops {

namespace {

bool is_helm_release(const nlohmann::json& metadata) {
  const auto labels = metadata.find("labels");
  if (labels == metadata.end() || !labels->is_object()) return false;
  const auto owner = labels->find("owner");
  return owner != labels->end() && owner->is_string() && owner->get_ref<const std::string&>() == "helm";
}

void prune_members(nlohmann::json& object, pruning::Level level, const pruning::Rules& rules) {
  if (!object.is_object()) return;
  for (auto it = object.begin(); it != object.end();) {
    if (pruning::dropped(level, it.key(), rules)) {
      it = object.erase(it);
      continue;
    }
    if (const auto child = pruning::child_level(level, it.key()); child != pruning::Level::other)
      prune_members(it.value(), child, rules);
    ++it;
  }
}

// Materialization is rare (a plan reads a few hundred of 10,000 bodies): one lock for all.
std::mutex& materialize_lock() {
  static std::mutex lock;
  return lock;
}

}  // namespace

LiveBody::LiveBody(const LiveBody& other) : ready_(other.materialized()) {
  if (ready_) json_ = other.json_;
  else source_ = other.source_, index_ = other.index_;
}

LiveBody::LiveBody(LiveBody&& other) noexcept : ready_(other.materialized()) {
  if (ready_) json_ = std::move(other.json_);
  else source_ = std::move(other.source_), index_ = other.index_;
}

LiveBody& LiveBody::operator=(const LiveBody& other) {
  if (this != &other) *this = LiveBody(other);
  return *this;
}

LiveBody& LiveBody::operator=(LiveBody&& other) noexcept {
  const bool ready = other.materialized();
  if (ready) json_ = std::move(other.json_), source_.reset();
  else json_ = nullptr, source_ = std::move(other.source_), index_ = other.index_;
  ready_.store(ready, std::memory_order_release);
  return *this;
}

LiveBody& LiveBody::operator=(nlohmann::json json) {
  json_ = std::move(json);
  source_.reset();
  ready_.store(true, std::memory_order_release);
  return *this;
}

const nlohmann::json& LiveBody::json() const {
  if (!ready_.load(std::memory_order_acquire)) {
    std::lock_guard lock(materialize_lock());
    if (!ready_.load(std::memory_order_relaxed)) {
      json_ = source_->materialize(index_);
      ready_.store(true, std::memory_order_release);
    }
  }
  return json_;
}

nlohmann::json& LiveBody::json() {
  static_cast<const LiveBody&>(*this).json();
  source_.reset();  // materialized for good: a changed body must never be read again from the source
  return json_;
}

void prune_live_body(nlohmann::json& body) {
  if (!body.is_object()) return;
  auto metadata = body.find("metadata");
  if (metadata == body.end() || !metadata->is_object()) return;
  const auto kind_member = body.find("kind");
  const std::string kind = kind_member != body.end() && kind_member->is_string() ? kind_member->get<std::string>() : "";
  prune_members(body, pruning::Level::root, pruning::rules_for(kind, is_helm_release(*metadata)));
}

void LiveState::add(LiveObject object) {
  if (object.body.materialized()) prune_live_body(object.body.json());
  // `synops snapshot` writes objects in order, and so does the API within a LIST: one that
  // sorts after every other is put at the end at once, without a search.
  if (objects_.empty() || std::prev(objects_.end())->first < object.ref) {
    ObjectRef ref = object.ref;
    auto it = objects_.emplace_hint(objects_.end(), std::move(ref), std::move(object));
    ++kinds_[it->first.kind];
    return;
  }
  ObjectRef ref = object.ref;
  auto [it, inserted] = objects_.insert_or_assign(std::move(ref), std::move(object));
  if (inserted) ++kinds_[it->first.kind];
}

const LiveObject* LiveState::find(const ObjectRef& ref) const {
  auto it = objects_.find(ref);
  return it == objects_.end() ? nullptr : &it->second;
}

std::vector<const LiveObject*> LiveState::find_by_name(const std::string& ns, const std::string& name) const {
  std::vector<const LiveObject*> found;
  for (const auto& [kind, count] : kinds_)
    if (const LiveObject* object = find(ObjectRef{kind, ns, name})) found.push_back(object);
  return found;
}

std::vector<const LiveObject*> LiveState::of_kind(const std::string& kind) const {
  std::vector<const LiveObject*> found;
  const auto counted = kinds_.find(kind);
  if (counted == kinds_.end()) return found;
  found.reserve(counted->second);
  for (auto it = objects_.lower_bound(ObjectRef{kind, "", ""}); it != objects_.end() && it->first.kind == kind; ++it)
    found.push_back(&it->second);
  return found;
}

std::string LiveState::fingerprint() const {
  // The map is ordered by identity, so the digest does not depend on read order.
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  std::string line;
  for (const auto& [ref, object] : objects_) {
    line.clear();
    line.append(ref.kind);
    if (!ref.ns.empty()) line.append("/").append(ref.ns);
    line.append("/").append(ref.name).append("=").append(object.resource_version).append("\n");
    EVP_DigestUpdate(ctx, line.data(), line.size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, digest, &length);
  EVP_MD_CTX_free(ctx);
  return "sha256:" + hex_of(std::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace synops
