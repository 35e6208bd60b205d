// The write behind every update and undo: read the object, check that its fields hold what
// the caller expects, merge-patch the new values guarded by the resourceVersion just read.
// A controller writing the object's status between the read and the write makes the API
// answer 409; the values synops owns are then read and checked again, a few times, so only
// a real concurrent change of those values stops the step ("changed since plan"). A patch
// whose outcome is unknown (a 500, an answer lost after sending: test matrix F6) is settled
// the same way: the next read shows the target values (it landed: done, never sent twice)
// or the expected ones (it did not: sent again, guarded by the new resourceVersion).
#pragma once
#include <vector>

#include "engine/object_ref.h"
#include "engine/result.h"
#include "object_fields.h"
#include "adapters/kubernetes/kube_client.h"

namespace synops::apply {

inline constexpr int kWriteAttempts = 4;

enum class Written { now, already };  // `already`: the target values were live before the write

// `changed` explains a live value that is neither expected nor target (one sentence).
Result<Written> guarded_write(const kube::KubeClient& client, const ObjectRef& ref, const std::vector<FieldValue>& expected,
                              const std::vector<FieldValue>& target);

// One sentence naming the first field of `expected` that live does not hold.
std::string describe_mismatch(const ObjectRef& ref, const nlohmann::json& live, const std::vector<FieldValue>& expected);

}  // namespace synops::apply
