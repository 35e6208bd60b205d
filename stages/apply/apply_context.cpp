#include "apply_context.h"

namespace synops::apply {

ApplyContext make_context(const kube::KubeClient& client, JournalWriter& journal, ApplyLock& lock, ApplyOptions options,
                          std::filesystem::path backup_prefix, std::function<void(const std::string&)> progress) {
  ActuationContext actuation{client, std::move(options), std::move(backup_prefix), std::move(progress),
                             [&lock] { return lock.renew(); }};
  return ApplyContext{std::move(actuation), journal, lock};
}

}  // namespace synops::apply
