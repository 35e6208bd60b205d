// Where a change lands inside a live object: a JSON Pointer into the object and, when the
// field holds an embedded document (homeserver.yaml inside a ConfigMap), a second pointer
// into that document. Rendered as "/data/homeserver.yaml#/stream_writers/events".
#pragma once
#include <compare>
#include <string>
#include <string_view>

namespace synops {

struct FieldPath {
  std::string pointer;   // into the object, e.g. "/spec/replicas"
  std::string embedded;  // into the embedded document, empty when there is none

  std::string str() const { return embedded.empty() ? pointer : pointer + "#" + embedded; }
  auto operator<=>(const FieldPath&) const = default;
};

// Escapes one reference token of a JSON Pointer ("~" -> "~0", "/" -> "~1").
std::string pointer_token(std::string_view key);

// Appends an escaped token to a pointer.
std::string pointer_join(std::string_view pointer, std::string_view key);

}  // namespace synops
