#include <doctest/doctest.h>

#include <string>

#include "engine/json_depth.h"

using namespace synops;

TEST_CASE("json depth: arrays and objects count, brackets inside strings do not") {
  CHECK(json_too_deep_at(R"({"a": [1, {"b": []}]})", 4) == std::nullopt);  // four levels
  CHECK(json_too_deep_at(R"({"a": [1, {"b": [[]]}]})", 4) == 17);           // the fifth opens at byte 17
  CHECK_FALSE(json_too_deep_at(R"({"a": "[[[[{{{{"})", 1));
  CHECK_FALSE(json_too_deep_at(R"({"a": "\"[[[["})", 1));  // an escaped quote does not end the string
  CHECK(json_too_deep_at(R"(["\\", [[]]])", 2) == 8);      // an escaped backslash does
}

TEST_CASE("json depth: the default limit sits between real objects and stack-exhausting input") {
  CHECK_FALSE(json_too_deep_at(std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']')));
  CHECK(json_too_deep_at(std::string(kMaxJsonDepth + 1, '[')) == kMaxJsonDepth);
}
