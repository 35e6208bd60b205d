// Finding the live objects the manifests name. Kinds and names always come from the
// manifests: a missing object or one of another kind is an error naming both, never a guess.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/diagnostic.h"
#include "engine/live_state.h"

namespace synops {

// The object, or nullptr after adding a diagnostic at `where` that says what was found instead.
const LiveObject* require_live(const LiveState& live, const ObjectRef& ref, const SourcePosition& where,
                               Diagnostics& problems);

// Index of the container named `name` in a workload's pod template, or -1 after a diagnostic.
int require_container(const LiveObject& workload, const std::string& name, const SourcePosition& where,
                      Diagnostics& problems);

// A live field synops plans from must have the type Kubernetes gives it: a snapshot edited by
// hand or cut short must be an error, never a made-up "before" in the plan.
// `/spec/replicas` of a workload (1 when absent, as Kubernetes defaults it), or nullopt after
// a diagnostic when it is not a non-negative integer.
std::optional<std::int64_t> live_replicas(const LiveObject& workload, const SourcePosition& where, Diagnostics& problems);
// Whether the value at `pointer` is a string (or absent); a diagnostic when it is not.
bool live_string_or_absent(const LiveObject& object, const std::string& pointer, const SourcePosition& where, Diagnostics& problems);

}  // namespace synops
