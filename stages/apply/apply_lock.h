// The apply lock: a coordination.k8s.io/v1 Lease named synops-apply in the deployment's
// namespace. Only one apply (or resume, or rollback) changes a deployment at a time; the
// Lease names who holds it and since when, so a refusal can say so. Every write to the
// Lease carries the resourceVersion it read, so two runs racing for it cannot both win.
#pragma once
#include <chrono>
#include <string>

#include "engine/result.h"
#include "adapters/kubernetes/kube_client.h"

namespace synops::apply {

inline constexpr const char* kLeaseName = "synops-apply";

// A fresh lock id: 16 random hex digits.
std::string new_lock_id();

class ApplyLock {
 public:
  // Takes the Lease for `lock_id`. Refused (the message names the holder and the lock's age)
  // when another id holds it; `take_over_id` (the id of the run a journal belongs to) may
  // be taken over: that is how resume and rollback continue a killed run.
  static Result<ApplyLock> acquire(const kube::KubeClient& client, const std::string& ns, const std::string& lock_id,
                                   const std::string& take_over_id = {});

  // Stamps renewTime; at most every `every`. A lost Lease (someone force-unlocked it) is an error.
  Result<bool> renew(std::chrono::seconds every = std::chrono::seconds(10));
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

// Clears the Lease when its holder's lock id is `lock_id`; any other id is refused, naming the holder.
Result<bool> force_unlock(const kube::KubeClient& client, const std::string& ns, const std::string& lock_id);

// The lock id inside a holderIdentity ("<id> <user>@<host>").
std::string lock_id_of(const std::string& holder_identity);

}  // namespace synops::apply
