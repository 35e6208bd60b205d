#include "status.h"

namespace kube_test {

Response json_response(unsigned code, const nlohmann::json& body) {
  Response response;
  response.status = code;
  response.body = body.dump();
  return response;
}

std::string reason_for(unsigned code) {
  switch (code) {
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

Response status_response(unsigned code, const std::string& reason, const std::string& message, nlohmann::json details) {
  nlohmann::json body = {{"kind", "Status"},     {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()},
                         {"status", "Failure"},  {"message", message}, {"reason", reason},
                         {"code", code}};
  if (!details.empty()) body["details"] = std::move(details);
  return json_response(code, body);
}

}  // namespace kube_test
