#include "apply_lock.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <random>
#include <vector>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "adapters/kubernetes/rfc3339.h"

namespace synops::apply {

namespace {

using Clock = std::chrono::system_clock;

ObjectRef lease_ref(const std::string& ns) { return ObjectRef{"Lease", ns, kLeaseName}; }

// MicroTime, as the API wants it for acquireTime and renewTime.
std::string micro_time(Clock::time_point at) {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count() % 1000000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:06d}Z", std::chrono::floor<std::chrono::seconds>(at), micros);
}

// "<user>@<host>" for the Lease's holder. The user is the account the process runs as (a cron
// job or a container often has no $USER), by name, else by uid.
std::string who() {
  char host[256] = "unknown-host";
  ::gethostname(host, sizeof host - 1);
  std::string user = "uid-" + std::to_string(::geteuid());
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwuid_r(::geteuid(), &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr && found->pw_name[0] != '\0')
    user = found->pw_name;
  return user + "@" + host;
}

nlohmann::json holder_spec(const std::string& lock_id) {
  const std::string now = micro_time(Clock::now());
  return {{"holderIdentity", lock_id + " " + who()}, {"acquireTime", now}, {"renewTime", now}, {"leaseDurationSeconds", kLeaseDuration.count()}};
}

// "held by 3f2a... root@host since 2026-11-27T12:00:00Z (renewed 42s ago)".
std::string describe_holder(const nlohmann::json& spec) {
  std::string text = "held by " + spec.value("holderIdentity", "?");
  if (auto acquired = kube::parse_rfc3339(spec.value("acquireTime", "")))
    text += fmt::format(" for {}s", std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - *acquired).count());
  if (auto renewed = kube::parse_rfc3339(spec.value("renewTime", "")))
    text += fmt::format(" (last renewed {}s ago)", std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - *renewed).count());
  return text;
}

std::string holder_of(const LiveObject& lease) {
  return lease.body.json().value("spec", nlohmann::json::object()).value("holderIdentity", "");
}

}  // namespace

std::string new_lock_id() {
  std::random_device random;
  return fmt::format("{:08x}{:08x}", random(), random());
}

std::string lock_id_of(const std::string& holder_identity) { return holder_identity.substr(0, holder_identity.find(' ')); }

// How long ago the Lease was last renewed (or taken), when it says; the duration it claims.
std::optional<std::chrono::seconds> silent_for(const nlohmann::json& spec) {
  auto text = [&spec](const char* key) {
    const auto found = spec.find(key);
    return found != spec.end() && found->is_string() ? found->get<std::string>() : std::string();
  };
  auto renewed = kube::parse_rfc3339(text("renewTime").empty() ? text("acquireTime") : text("renewTime"));
  if (!renewed) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - *renewed);
}

std::chrono::seconds duration_of(const nlohmann::json& spec) {
  const auto& seconds = spec.value("leaseDurationSeconds", nlohmann::json());
  return seconds.is_number_integer() && seconds.get<int>() > 0 ? std::chrono::seconds(seconds.get<int>()) : kLeaseDuration;
}

// A holder that has not renewed the Lease for longer than its duration is gone (or will stop
// at its next write, which confirms the Lease first).
bool expired(const nlohmann::json& spec) {
  const auto silent = silent_for(spec);
  return silent && *silent > duration_of(spec);
}

Result<ApplyLock> ApplyLock::acquire(const kube::KubeClient& client, const std::string& ns, const std::string& lock_id,
                                     const std::string& take_over_id, std::string* taken_over) {
  const ObjectRef ref = lease_ref(ns);
  // Two runs that read the Lease free at the same moment both write it; the API lets one
  // through and answers the other 409 (AlreadyExists, or Conflict on the resourceVersion).
  // The loser reads the Lease again, finds the winner's name there, and is refused like any
  // run that finds the lock held.
  for (int attempt = 1;; ++attempt) {
    auto lease = client.get(ref);
    if (!lease) return std::unexpected(lease.error());
    const std::string holder = *lease ? lock_id_of(holder_of(**lease)) : "";
    const nlohmann::json spec = *lease ? (*lease)->body.json().value("spec", nlohmann::json::object()) : nlohmann::json::object();
    const bool ours = holder.empty() || holder == lock_id || holder == take_over_id;
    if (!ours && !expired(spec))
      return fail("another apply holds the lock " + kube::describe(ref) + ": " + describe_holder(spec) +
                  "; if that run is gone, release it with: synops force-unlock " + holder);
    if (!ours && taken_over != nullptr)
      *taken_over = "took over the apply lock " + kube::describe(ref) + " " + describe_holder(spec) + ", not renewed within its " +
                    std::to_string(duration_of(spec).count()) + " s duration";
    const auto written =
        *lease ? client.merge_patch(ref, {{"spec", holder_spec(lock_id)}}, (*lease)->resource_version)
               : client.create(ref, {{"apiVersion", "coordination.k8s.io/v1"}, {"kind", "Lease"}, {"spec", holder_spec(lock_id)}});
    if (written) return ApplyLock(client, ns, lock_id, written->resource_version);
    const std::string& why = written.error().front().message;
    const bool lost_race = why.ends_with(" already exists") || why.starts_with("changed since plan: ");
    // An answer lost or a 5xx after the write may hide a write that landed: the Lease says.
    if (!lost_race) {
      auto settled = client.get(ref);
      if (settled && *settled && lock_id_of(holder_of(**settled)) == lock_id)
        return ApplyLock(client, ns, lock_id, (*settled)->resource_version);
    }
    if (!lost_race || attempt == 3) return fail("cannot take the apply lock (" + kube::describe(ref) + "): " + why);
  }
}

Result<bool> ApplyLock::renew(std::chrono::seconds every) {
  if (std::chrono::steady_clock::now() - renewed_ < every) return true;
  auto renewed = client_->merge_patch(lease_ref(ns_), {{"spec", {{"renewTime", micro_time(Clock::now())}}}}, resource_version_);
  if (!renewed)
    return fail(std::string(kLostLock) + kube::describe(lease_ref(ns_)) + " (force-unlocked, or taken over after it was not renewed): " +
                renewed.error().front().message);
  resource_version_ = renewed->resource_version;
  renewed_ = std::chrono::steady_clock::now();
  return true;
}

Result<bool> ApplyLock::release() {
  const nlohmann::json clear = {{"spec", {{"holderIdentity", nullptr}, {"acquireTime", nullptr}, {"renewTime", nullptr}}}};
  auto released = client_->merge_patch(lease_ref(ns_), clear, resource_version_);
  if (!released) return fail("cannot release the apply lock " + kube::describe(lease_ref(ns_)) + ": " + released.error().front().message);
  return true;
}

Result<bool> force_unlock(const kube::KubeClient& client, const std::string& ns, const std::string& lock_id, bool force) {
  const ObjectRef ref = lease_ref(ns);
  auto lease = client.get(ref);
  if (!lease) return std::unexpected(lease.error());
  const std::string holder = *lease ? lock_id_of(holder_of(**lease)) : "";
  if (holder.empty()) return fail("the apply lock " + kube::describe(ref) + " is not held by anyone");
  if (holder != lock_id)
    return fail("the apply lock " + kube::describe(ref) + " is " + describe_holder((*lease)->body.json()["spec"]) + ", not by " + lock_id);
  const nlohmann::json spec = (*lease)->body.json().value("spec", nlohmann::json::object());
  if (!force && !expired(spec))
    return fail("the apply lock " + kube::describe(ref) + " is " + describe_holder(spec) + ", within its " +
                std::to_string(duration_of(spec).count()) +
                " s duration: that run is probably still going. Stop it first (Ctrl-C), or pass --force to release the lock "
                "anyway; the run then stops before its next write");
  const nlohmann::json clear = {{"spec", {{"holderIdentity", nullptr}, {"acquireTime", nullptr}, {"renewTime", nullptr}}}};
  auto released = client.merge_patch(ref, clear, (*lease)->resource_version);
  if (!released) return fail("cannot release the apply lock " + kube::describe(ref) + ": " + released.error().front().message);
  return true;
}

}  // namespace synops::apply
