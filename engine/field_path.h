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
  // The inverse of str(): "/data/homeserver.yaml#/rc_message" -> {"/data/homeserver.yaml", "/rc_message"}.
  static FieldPath parse(const std::string& text) {
    const size_t hash = text.find('#');
    if (hash == std::string::npos) return FieldPath{text, ""};
    return FieldPath{text.substr(0, hash), text.substr(hash + 1)};
  }
  auto operator<=>(const FieldPath&) const = default;
};

}  // namespace synops
