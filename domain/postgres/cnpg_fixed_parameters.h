// Parameters CloudNativePG fixes or forbids: its webhook rejects them with
// "Can't set fixed configuration parameter", so a plan that sets one is refused.
#pragma once
#include <string_view>

namespace synops {

bool cnpg_fixes_parameter(std::string_view name);

}  // namespace synops
