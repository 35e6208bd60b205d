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

TEST_CASE("json_enclosing_open_at: the bracket at a level that holds an offset; closed ones and strings do not count") {
  const std::string text = R"({"items":[{"a":"}]"},{"b":[[1]]}]})";
  //                         0         1         2         3
  //                         0123456789012345678901234567890123
  const size_t inner = text.find("[[1") + 1;  // the second '[' of [[1]]
  CHECK(json_enclosing_open_at(text, inner, 1) == 0u);
  CHECK(json_enclosing_open_at(text, inner, 2) == text.find("[{"));
  CHECK(json_enclosing_open_at(text, inner, 3) == text.find("{\"b\""));  // not the closed first item
  CHECK(json_enclosing_open_at(text, inner, 6) == std::nullopt);          // not that deep there
  CHECK(json_enclosing_open_at(text, text.find("\"a\""), 3) == text.find("{\"a\""));
}
