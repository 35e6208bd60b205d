// Field-level comparison of one intent with the live value at its path.
#pragma once
#include <vector>

#include <nlohmann/json.hpp>

#include "change.h"
#include "field_intent.h"

namespace synops {

// `live` is null when the field is absent. Objects are compared key by key (recursing
// while both sides are objects), so a change names the deepest differing key; arrays and
// scalars are compared whole. Changes come out in key order; sensitive paths are marked.
std::vector<Change> diff_field(const FieldIntent& intent, const nlohmann::json& live);

}  // namespace synops
