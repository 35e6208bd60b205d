#include <doctest/doctest.h>

#include "engine/diff.h"

using namespace synops;
using json = nlohmann::json;

namespace {

std::string describe(const std::vector<Change>& changes) {
  std::string out;
  for (const auto& c : changes) out += c.path.str() + " " + c.before.dump() + " -> " + c.after.dump() + "\n";
  return out;
}

}  // namespace

TEST_CASE("equal values give no change") {
  FieldIntent intent{{"/spec/replicas", ""}, 3};
  CHECK(diff_field(intent, 3).empty());
}

TEST_CASE("a scalar change carries path, before, after and reason") {
  FieldIntent intent{{"/spec/replicas", ""}, 3, Ownership::keys, "replicas in topology.yaml:5:3", {"topology.yaml", 5, 3}};
  auto changes = diff_field(intent, 2);
  REQUIRE(changes.size() == 1);
  CHECK(describe(changes) == "/spec/replicas 2 -> 3\n");
  CHECK(changes[0].reason == "replicas in topology.yaml:5:3");
  CHECK(changes[0].origin.line == 5);
}

TEST_CASE("owned keys only: keys absent from desired are left alone") {
  FieldIntent intent{{"/data/homeserver.yaml", "/rc_message"}, json{{"per_second", 10}}};
  auto changes = diff_field(intent, json{{"per_second", 5}, {"burst_count", 50}});
  CHECK(describe(changes) == "/data/homeserver.yaml#/rc_message/per_second 5 -> 10\n");
}

TEST_CASE("whole ownership: live keys missing from desired are removed") {
  FieldIntent intent{{"/data/homeserver.yaml", "/instance_map"}, json{{"main", {{"host", "m"}, {"port", 9093}}}}, Ownership::whole};
  auto changes = diff_field(intent, json{{"main", {{"host", "m"}, {"port", 9093}}}, {"old", {{"host", "o"}}}});
  CHECK(describe(changes) == "/data/homeserver.yaml#/instance_map/old {\"host\":\"o\"} -> null\n");
}

TEST_CASE("arrays compare whole; absent fields are null") {
  FieldIntent list{{"/spec/dnsNames", ""}, json{"a", "b"}};
  CHECK(describe(diff_field(list, json{"a"})) == "/spec/dnsNames [\"a\"] -> [\"a\",\"b\"]\n");
  FieldIntent added{{"/spec/x", ""}, 1};
  CHECK(describe(diff_field(added, nullptr)) == "/spec/x null -> 1\n");
}

TEST_CASE("keys that hold credentials are marked sensitive") {
  FieldIntent intent{{"/data/homeserver.yaml", "/database/args"}, json{{"password", "new"}, {"cp_max", 10}}};
  auto changes = diff_field(intent, json{{"password", "old"}, {"cp_max", 5}});
  REQUIRE(changes.size() == 2);
  CHECK_FALSE(changes[0].sensitive);  // cp_max
  CHECK(changes[1].sensitive);        // password
}
