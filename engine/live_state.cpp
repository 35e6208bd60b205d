#include "live_state.h"

#include <openssl/evp.h>

#include <fmt/format.h>

namespace synops {

void LiveState::add(LiveObject object) {
  ObjectRef ref = object.ref;
  objects_.insert_or_assign(std::move(ref), std::move(object));
}

const LiveObject* LiveState::find(const ObjectRef& ref) const {
  auto it = objects_.find(ref);
  return it == objects_.end() ? nullptr : &it->second;
}

std::vector<const LiveObject*> LiveState::find_by_name(const std::string& ns, const std::string& name) const {
  std::vector<const LiveObject*> found;
  for (const auto& [ref, object] : objects_)
    if (ref.ns == ns && ref.name == name) found.push_back(&object);
  return found;
}

std::vector<const LiveObject*> LiveState::of_kind(const std::string& kind) const {
  std::vector<const LiveObject*> found;
  for (const auto& [ref, object] : objects_)
    if (ref.kind == kind) found.push_back(&object);
  return found;
}

std::string LiveState::fingerprint() const {
  // The map is ordered by identity, so the digest does not depend on read order.
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (const auto& [ref, object] : objects_) {
    std::string line = ref.str() + "=" + object.resource_version + "\n";
    EVP_DigestUpdate(ctx, line.data(), line.size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, digest, &length);
  EVP_MD_CTX_free(ctx);
  std::string hex = "sha256:";
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace synops
