#include "diff.h"

#include "redacted_value.h"
#include "sensitivity.h"
#include "json_pointer.h"

namespace synops {

namespace {

struct DiffWalk {
  const FieldIntent& intent;
  std::vector<Change>& out;

  void emit(const FieldPath& path, const nlohmann::json& before, const nlohmann::json& after) const {
    const bool sensitive = is_sensitive_path(path.str());
    out.push_back(Change{path, before, after, sensitive, intent.reason, intent.origin});
  }

  // Intents inside an embedded document always name a key ("#/rc_message"), so a
  // non-empty embedded part means the walk continues inside that document.
  static FieldPath child(const FieldPath& path, const std::string& key) {
    FieldPath next = path;
    if (next.embedded.empty()) next.pointer = pointer_join(next.pointer, key);
    else next.embedded = pointer_join(next.embedded, key);
    return next;
  }

  void walk(const FieldPath& path, const nlohmann::json& live, const nlohmann::json& desired) const {
    if (live.is_object() && desired.is_object()) {
      for (const auto& [key, value] : desired.items()) {
        const nlohmann::json& before = live.contains(key) ? live.at(key) : nlohmann::json();
        walk(child(path, key), before, value);
      }
      if (intent.ownership == Ownership::whole)
        for (const auto& [key, value] : live.items())
          if (!desired.contains(key)) emit(child(path, key), value, nullptr);
      return;
    }
    // A value `synops snapshot` redacted still compares equal to the one it was made from.
    if (!same_value_unless_redacted(live, desired)) emit(path, live, desired);
  }
};

}  // namespace

std::vector<Change> diff_field(const FieldIntent& intent, const nlohmann::json& live) {
  std::vector<Change> changes;
  DiffWalk{intent, changes}.walk(intent.path, live, intent.desired);
  return changes;
}

}  // namespace synops
