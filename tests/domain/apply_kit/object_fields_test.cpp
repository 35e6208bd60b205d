// The merge patches apply writes: only the fields a step owns, whole arrays where merge
// patch cannot address an element, and homeserver.yaml edited key by key.
#include <doctest/doctest.h>

#include "domain/apply_kit/object_fields.h"

using namespace synops;
using namespace synops::apply;

namespace {

const nlohmann::json kStatefulSet = {
    {"spec",
     {{"replicas", 2},
      {"template",
       {{"spec", {{"containers", {{{"name", "synapse"}, {"image", "synapse:v1"}}, {{"name", "exporter"}, {"image", "exp:v3"}}}}}}}}}}};

const nlohmann::json kConfigMap = {
    {"data", {{"homeserver.yaml", "server_name: example.org\n# keep me\nrc_message:\n  per_second: 5\n  burst_count: 20\n"}}}};

}  // namespace

TEST_CASE("object fields: a scalar becomes a nested merge patch") {
  auto patch = merge_patch_for(kStatefulSet, {{{"/spec/replicas", ""}, 3}});
  REQUIRE(patch);
  CHECK(*patch == nlohmann::json{{"spec", {{"replicas", 3}}}});
}

TEST_CASE("object fields: a field inside an array patches the whole array, other elements kept") {
  auto patch = merge_patch_for(kStatefulSet, {{{"/spec/template/spec/containers/0/image", ""}, "synapse:v2"}});
  REQUIRE(patch);
  const auto& containers = (*patch)["spec"]["template"]["spec"]["containers"];
  REQUIRE(containers.size() == 2);
  CHECK(containers[0]["image"] == "synapse:v2");
  CHECK(containers[1] == kStatefulSet["spec"]["template"]["spec"]["containers"][1]);
}

TEST_CASE("object fields: homeserver.yaml keys are read and rewritten in place, comments kept") {
  const FieldPath per_second{"/data/homeserver.yaml", "/rc_message/per_second"};
  auto value = field_value(kConfigMap, per_second);
  REQUIRE(value);
  CHECK(*value == 5);
  auto patch = merge_patch_for(kConfigMap, {{per_second, 10}});
  REQUIRE(patch);
  const std::string text = (*patch)["data"]["homeserver.yaml"];
  CHECK(text == "server_name: example.org\n# keep me\nrc_message:\n  per_second: 10\n  burst_count: 20\n");
  nlohmann::json after = kConfigMap;
  after["data"]["homeserver.yaml"] = text;
  CHECK(*fields_hold(after, {{per_second, 10}}));
  CHECK_FALSE(*fields_hold(kConfigMap, {{per_second, 10}}));
}

TEST_CASE("object fields: an absent field reads as null and a null value removes it") {
  auto absent = field_value(kStatefulSet, {"/spec/minReadySeconds", ""});
  REQUIRE(absent);
  CHECK(absent->is_null());
  auto patch = merge_patch_for(kStatefulSet, {{{"/spec/replicas", ""}, nullptr}});
  REQUIRE(patch);
  CHECK(patch->dump() == R"({"spec":{"replicas":null}})");
}
