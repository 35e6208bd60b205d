// RFC 3339 timestamps as the Kubernetes API writes them ("2026-08-24T12:30:05Z",
// "2026-08-24T12:30:05+02:00", optional fractional seconds). GCC 12 has no std::chrono::parse.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace synops::kube {

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

// Local time with its UTC offset, to the second, as kubectl's time.Now().Format(time.RFC3339).
std::string format_rfc3339_local(std::chrono::system_clock::time_point at);

}  // namespace synops::kube
