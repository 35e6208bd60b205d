// The API's `Status` object, which carries every non-2xx answer: kubectl and client
// libraries read `reason`, `message` and `code` from it, never the HTTP status line alone.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "http_types.h"

namespace kube_test {

Response json_response(unsigned code, const nlohmann::json& body);

Response status_response(unsigned code, const std::string& reason, const std::string& message,
                         nlohmann::json details = nlohmann::json::object());

// reason for a code ("NotFound" for 404...).
std::string reason_for(unsigned code);

}  // namespace kube_test
