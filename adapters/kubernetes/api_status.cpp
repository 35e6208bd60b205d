#include "api_status.h"

#include <nlohmann/json.hpp>

#include "json_fields.h"

namespace synops::kube {

std::string ApiError::describe() const {
  std::string text = message;
  if (status != 0) text += " (" + (reason.empty() ? std::string("HTTP") : reason) + ", " + std::to_string(status) + ")";
  else if (!reason.empty()) text += " (" + reason + ")";
  if (attempts > 1) text += " after " + std::to_string(attempts) + " attempts";
  return text;
}

std::string reason_for_status(long status) {
  switch (status) {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 405: return "MethodNotAllowed";
    case 409: return "Conflict";
    case 410: return "Expired";
    case 415: return "UnsupportedMediaType";
    case 422: return "Invalid";
    case 429: return "TooManyRequests";
    case 500: return "InternalError";
    case 503: return "ServiceUnavailable";
    case 504: return "Timeout";
    default: return "";
  }
}

ApiError error_from_response(long status, std::string_view body) {
  ApiError error;
  error.status = status;
  error.reason = reason_for_status(status);
  error.message = "the API server answered HTTP " + std::to_string(status);
  const nlohmann::json document = nlohmann::json::parse(body, nullptr, false);
  if (text_at(document, {"kind"}) != "Status") return error;
  const std::string message = text_at(document, {"message"});
  const std::string reason = text_at(document, {"reason"});
  if (!message.empty()) error.message = message;
  if (!reason.empty()) error.reason = reason;
  return error;
}

}  // namespace synops::kube
