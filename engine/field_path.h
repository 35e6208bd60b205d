// Where a change lands inside a live object: a JSON Pointer into the object and, when the
// field holds an embedded document (homeserver.yaml inside a ConfigMap), a second pointer
// into that document. Rendered as "/data/homeserver.yaml#/stream_writers/events".
#pragma once
#include <compare>
#include <string>

namespace synops {

struct FieldPath {
  std::string pointer;   // into the object, e.g. "/spec/replicas"
  std::string embedded;  // into the embedded document, empty when there is none

  std::string str() const { return embedded.empty() ? pointer : pointer + "#" + embedded; }
  auto operator<=>(const FieldPath&) const = default;
};

}  // namespace synops
