// A request as the API logic sees it (already authenticated at the TLS layer or not) and the
// answer it gives. Transport concerns (TLS, keep-alive, faults that break the connection)
// stay in server.cpp.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kube_test {

struct Request {
  std::string method;
  std::string path;                          // without the query
  std::map<std::string, std::string> query;  // decoded
  std::string content_type;                  // without parameters
  std::string authorization;                 // the raw header
  std::string client_certificate_user;       // CN of a verified client certificate, if any
  std::string user_agent;
  std::string body;
};

struct Response {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace kube_test
