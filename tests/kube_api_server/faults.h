// Faults injected by tests through POST /_test/faults, consumed by the requests they match:
//   {"latency_ms": 200,                      every API request waits this long first
//    "rules": [{"type": "status", "status": 503, "count": 2, "retry_after": 1,
//               "verb": "list", "path": "/apis/apps"},   verb and path (a prefix) are optional
//              {"type": "drop"},        close the connection without an answer
//              {"type": "truncate"},    send the headers and half the body, then close
//              {"type": "conflict"},    the next write answers 409 Conflict
//              {"type": "gone"},        the next LIST with a continue token answers 410
//              {"type": "redirect", "location": "https://127.0.0.1:1/"},
//              {"type": "deep", "verb": "list"},   the answer's first object (a GET's object)
//                                                      gets spec.deep nested 5,000 arrays deep
//              {"type": "landed", "status": 500},   the next write takes effect, then answers
//                                                      `status` instead: the outcome a client
//                                                      cannot know (an etcd timeout after commit)
//              {"type": "echo", "verb": "patch"},   answers 422 Invalid quoting the request body,
//                                                      as an admission webhook or a validation
//                                                      message that repeats the value may
//              {"type": "hang", "ms": 15000},       holds the request that long without an
//                                                      answer, then closes the connection
//              {"type": "version", "version": "1.119.0",
//               "path": "/api/v1/namespaces/matrix/pods/synapse-main-0"}   a pod proxy request
//                                                      (.../pods/NAME[:PORT]/proxy/...) is answered
//                                                      by a Synapse that reports this version
//              {"type": "outage", "ms": 10000, "mode": "refuse"}]}   the matching request
//                                                      is answered, then an outage (below) starts:
//                                                      the next request meets it, whatever its
//                                                      connection
//   {"outage_ms": 10000, "mode": "refuse"}  an outage from now on, for that long. The API is
//      gone, the /_test/ endpoints are not (except while refusing, when nothing listens):
//      "refuse": what a restarting API server gives: the listening socket is closed, so
//                connections are refused; a request on a connection already open is dropped;
//      "hang":   what a network partition gives: requests are read and never answered; each
//                connection is closed when the outage ends.
//      The outage ends by itself: a test that refuses cannot reach /_test/ to end it.
// Any rule may also name "body": a substring the request body must contain (an undo's PATCH
// carries the old image, apply's the new one). Rules apply in order; each lets its first `skip` matching requests through untouched (default
// 0), then fires `count` times (default 1) and is then spent.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kube_test {

struct FaultRule {
  std::string type;
  unsigned status = 500;
  int count = 1;
  int skip = 0;          // matching requests to let through before firing
  int retry_after = -1;  // seconds; -1: no header
  std::string verb;      // get, list, watch, patch, create, update, delete; empty: any
  std::string path;      // a prefix of the request path; empty: any
  std::string body;      // a substring of the request body; empty: any
  std::string location;  // for redirect
  int ms = 0;            // for hang and outage: how long
  std::string mode;      // for outage: "refuse" or "hang"
  std::string version;   // for version: what the proxied Synapse reports
};

enum class OutageMode { refuse, hang };

struct Outage {
  OutageMode mode = OutageMode::refuse;
  std::chrono::steady_clock::time_point until;
  std::chrono::milliseconds left() const;
};

class Faults {
 public:
  // Adds rules and settings from a POST body; an error sentence on bad input.
  std::string configure(const nlohmann::json& body);
  void clear();

  int latency_ms() const { return latency_ms_; }
  // The outage going on now, if any.
  std::optional<Outage> outage() const;
  // The first live rule that matches, consumed; an "outage" rule starts its outage as it fires. `can_conflict` / `has_continue` let
  // "conflict" and "gone" rules wait for a request they make sense for.
  std::optional<FaultRule> take(const std::string& verb, const std::string& path, const std::string& body, bool is_write,
                                bool has_continue);

  nlohmann::json describe() const;

 private:
  std::string start_outage(int ms, const std::string& mode);

  int latency_ms_ = 0;
  std::vector<FaultRule> rules_;
  std::optional<Outage> outage_;
};

}  // namespace kube_test
