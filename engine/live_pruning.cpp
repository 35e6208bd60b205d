#include "live_pruning.h"

namespace synops::pruning {

Rules rules_for(std::string_view kind, bool helm_owned) {
  Rules rules;
  rules.pod = kind == "Pod";
  if (kind == "Secret") rules.secret = helm_owned ? SecretShape::helm_release : SecretShape::identity_only;
  return rules;
}

bool dropped(Level level, std::string_view key, const Rules& rules) {
  switch (level) {
    case Level::root:
      if (rules.pod && key == "spec") return true;  // what runs is the workload's template
      if (rules.secret == SecretShape::helm_release) return key == "stringData";
      if (rules.secret == SecretShape::identity_only) return key != "apiVersion" && key != "kind" && key != "metadata";
      return false;
    case Level::metadata:
      if (rules.secret == SecretShape::identity_only)
        return key != "name" && key != "namespace" && key != "resourceVersion" && key != "uid";
      return key == "managedFields";
    case Level::annotations: return key == "kubectl.kubernetes.io/last-applied-configuration";
    case Level::data: return rules.secret == SecretShape::helm_release && key != "release";
    case Level::other: return false;
  }
  return false;
}

Level child_level(Level level, std::string_view key) {
  if (level == Level::root && key == "metadata") return Level::metadata;
  if (level == Level::root && key == "data") return Level::data;
  if (level == Level::metadata && key == "annotations") return Level::annotations;
  return Level::other;
}

}  // namespace synops::pruning
