// The value of a Kubernetes resource quantity ("500Gi", "1Ti", "1.5", "100m", "1e3"), so two
// quantities written differently compare as the API compares them: 1Ti is more than 500Gi.
#pragma once
#include <optional>
#include <string_view>

namespace synops {

// Nothing when `text` is not a quantity.
std::optional<long double> quantity_value(std::string_view text);

}  // namespace synops
