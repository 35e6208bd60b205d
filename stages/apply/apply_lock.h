// The apply lock: a coordination.k8s.io/v1 Lease named synops-apply in the deployment's
// namespace. Only one apply (or resume, or rollback) changes a deployment at a time; the
// Lease names who holds it and since when, so a refusal can say so. Every write to the
// Lease carries the resourceVersion it read, so two runs racing for it cannot both win.
//
// Fencing: a run confirms it still holds the Lease before each write to the cluster
// (confirm(): a renewal guarded by the resourceVersion it last wrote, so any other write to
// the Lease since, a force-unlock or a takeover, makes it fail), and renews it while it waits.
// A Lease not renewed for longer than its duration (kLeaseDuration) is taken over, as
// Kubernetes leader election does: its holder is gone, or stopped renewing and will stop at
// its next write.
#pragma once
#include <chrono>
#include <string>
#include <string_view>

#include "engine/result.h"
#include "adapters/kubernetes/kube_client.h"

namespace synops::apply {

inline constexpr const char* kLeaseName = "synops-apply";
inline constexpr std::chrono::seconds kLeaseDuration{60};
// The start of a failure that means the run no longer holds the lock: it stops at once.
inline constexpr std::string_view kLostLock = "lost the apply lock ";

// A fresh lock id: 16 random hex digits.
std::string new_lock_id();

class ApplyLock {
 public:
  // Takes the Lease for `lock_id`. Refused (the message names the holder and the lock's age)
  // when another id holds it and renewed it within its duration; `take_over_id` (the id of
  // the run a journal belongs to) may be taken over: that is how resume and rollback continue
  // a killed run. `taken_over` (when set) tells what was taken over from whom.
  static Result<ApplyLock> acquire(const kube::KubeClient& client, const std::string& ns, const std::string& lock_id,
                                   const std::string& take_over_id = {}, std::string* taken_over = nullptr);

  // Stamps renewTime; at most every `every`. A lost Lease (someone force-unlocked it) is an
  // error starting with kLostLock.
  Result<bool> renew(std::chrono::seconds every = std::chrono::seconds(10));
  // Proves, right before a write, that the run still holds the Lease: a renewal every time.
  Result<bool> confirm() { return renew(std::chrono::seconds(0)); }
  // Clears the holder; the Lease object stays for the next run.
  Result<bool> release();

  const std::string& id() const { return id_; }

 private:
  ApplyLock(const kube::KubeClient& client, std::string ns, std::string id, std::string resource_version)
      : client_(&client), ns_(std::move(ns)), id_(std::move(id)), resource_version_(std::move(resource_version)) {}
  const kube::KubeClient* client_;
  std::string ns_;
  std::string id_;
  std::string resource_version_;
  std::chrono::steady_clock::time_point renewed_ = std::chrono::steady_clock::now();
};

// Clears the Lease when its holder's lock id is `lock_id`; any other id is refused, naming the
// holder. A Lease renewed within its duration belongs to a run that is probably alive: refused
// unless `force` (that run then stops at its next write).
Result<bool> force_unlock(const kube::KubeClient& client, const std::string& ns, const std::string& lock_id, bool force = false);

// The lock id inside a holderIdentity ("<id> <user>@<host>").
std::string lock_id_of(const std::string& holder_identity);

}  // namespace synops::apply
