// drift.ignore: which items a rule covers.
#include <doctest/doctest.h>

#include "stages/drift/ignore_rules.h"
#include "support/example_objects.h"

using synops::testing::kMainStatefulSet;
using synops::testing::kSynapseConfigMap;

namespace synops {
namespace {

DriftIgnoreRule rule(const std::string& kind, std::optional<std::string> name, std::optional<std::string> path) {
  DriftIgnoreRule r;
  r.kind.value = kind;
  if (name) r.name = Located<std::string>{*name, {}};
  if (path) r.path = Located<std::string>{*path, {}};
  return r;
}

DriftItem item(ObjectRef object, std::string path, std::optional<ObjectRef> owner = std::nullopt) {
  DriftItem i;
  i.object = std::move(object);
  i.owner = std::move(owner);
  i.path = std::move(path);
  return i;
}


TEST_CASE("a rule covers its kind, its name and everything below its path") {
  struct Case {
    DriftIgnoreRule rule;
    DriftItem item;
    bool covered;
  };
  const Case cases[] = {
      {rule("StatefulSet", "synapse-main", "/spec/replicas"), item(kMainStatefulSet, "/spec/replicas"), true},
      {rule("StatefulSet", "synapse-main", "/spec"), item(kMainStatefulSet, "/spec/replicas"), true},
      {rule("StatefulSet", "synapse-main", "/spec/"), item(kMainStatefulSet, "/spec/replicas"), true},
      {rule("StatefulSet", "synapse-main", "/spec/rep"), item(kMainStatefulSet, "/spec/replicas"), false},
      {rule("StatefulSet", "synapse-main", "/spec/replicas/x"), item(kMainStatefulSet, "/spec/replicas"), false},
      {rule("StatefulSet", std::nullopt, "/spec/replicas"), item(kMainStatefulSet, "/spec/replicas"), true},
      {rule("StatefulSet", "synapse-li", std::nullopt), item(kMainStatefulSet, "/spec/replicas"), false},
      {rule("Deployment", std::nullopt, std::nullopt), item(kMainStatefulSet, "/spec/replicas"), false},
      {rule("ConfigMap", "synapse-config", "/data/homeserver.yaml"), item(kSynapseConfigMap, "/data/homeserver.yaml#/rc_message"), true},
      {rule("ConfigMap", "synapse-config", "/data/homeserver.yaml#/rc_message"),
       item(kSynapseConfigMap, "/data/homeserver.yaml#/rc_message/per_second"), true},
      {rule("ConfigMap", "synapse-config", "/data/homeserver.yaml#/rc"), item(kSynapseConfigMap, "/data/homeserver.yaml#/rc_message"), false},
      // Pod-level drift is covered by a rule naming the pod's workload.
      {rule("StatefulSet", "synapse-main", std::nullopt), item({"Pod", "matrix", "synapse-main-0"}, "/status/startTime", kMainStatefulSet), true},
      {rule("Pod", "synapse-main-0", "/status"), item({"Pod", "matrix", "synapse-main-0"}, "/status/startTime", kMainStatefulSet), true},
  };
  for (const auto& c : cases) {
    CAPTURE(c.rule.kind.value);
    CAPTURE(c.item.path);
    CHECK(ignore_rule_matches(c.rule, c.item) == c.covered);
  }
}

TEST_CASE("apply_ignore_rules removes the covered items and counts them") {
  std::vector<DriftItem> items = {item(kMainStatefulSet, "/spec/replicas"), item(kSynapseConfigMap, "/data/homeserver.yaml#/rc_message")};
  CHECK(apply_ignore_rules({rule("ConfigMap", std::nullopt, std::nullopt)}, items) == 1);
  REQUIRE(items.size() == 1);
  CHECK(items[0].object == kMainStatefulSet);
}

}  // namespace
}  // namespace synops
