// One request to the test API server, no retries, for the tests of what the server answers
// (status codes, Status bodies) rather than of what synops makes of it.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "api_server.h"

namespace synops::testing {

struct RawReply {
  long status;
  std::string text;     // the body as sent
  nlohmann::json body;  // the body parsed (discarded when not JSON), or the error's reason and message
};

// Failures come back as the Status the server sent, no retry after a failure either.
RawReply send_once(const TestApiServer& server, const std::string& method, const std::string& target,
                   const std::string& content_type = "", const std::string& body = "");

}  // namespace synops::testing
