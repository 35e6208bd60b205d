// A snapshot's parse errors say where and what was expected, never the bytes read: the file
// may be anything an operator passed as --live (issue #18, item 4).
#include <doctest/doctest.h>

#include <string>

#include "adapters/snapshot/json_error_text.h"
#include "adapters/snapshot/snapshot_reader.h"

using namespace synops;

namespace {

constexpr const char* kCanary = "SECRET-CANARY-4711";

std::string json_errors_of(const std::string& text) {
  LiveState state;
  std::string out;
  for (const auto& p : add_snapshot_text(text, "live.json", state)) out += p.format() + "\n";
  return out;
}

}  // namespace

TEST_CASE("nlohmann's explanations lose the bytes they quote, keep what was expected") {
  CHECK(parse_error_without_excerpt("syntax error while parsing value - invalid literal; last read: 'root:x'") ==
        "syntax error while parsing value - invalid literal");
  CHECK(parse_error_without_excerpt(
            "syntax error while parsing object key - invalid string: missing closing quote; last read: '\"namesp'; "
            "expected string literal") ==
        "syntax error while parsing object key - invalid string: missing closing quote; expected string literal");
  // Bytes that read like a tail of nlohmann's are not a token name, and go too.
  CHECK(parse_error_without_excerpt("syntax error while parsing value - invalid literal; last read: 'a'; expected secret'") ==
        "syntax error while parsing value - invalid literal");
  CHECK(parse_error_without_excerpt("syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal") ==
        "syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal");
  CHECK(json_error_without_excerpt("number overflow parsing '1e999999'") == "number overflow");
}

TEST_CASE("a snapshot that is not JSON is refused by file, line and column, without its bytes") {
  for (const std::string& text : {std::string("{\"auths\": {\"r\": {\"auth\": \"") + kCanary,
                                 std::string("root:") + kCanary + ":19000:0:99999:7:::\n",
                                 std::string("{\"kind\": \"List\", \"items\": [") + kCanary + "]}",
                                 std::string("{\"kind\": \"List\", \"items\": [1e999") + "4711]}"}) {
    CAPTURE(text);
    const std::string errors = json_errors_of(text);
    CHECK(errors.starts_with("live.json:1:"));
    CHECK(errors.find("not valid JSON") != std::string::npos);
    CHECK(errors.find(kCanary) == std::string::npos);
    CHECK(errors.find("4711") == std::string::npos);
  }
  CHECK(json_errors_of(std::string("{\"a\": \"") + kCanary) ==
        "live.json:1:26: error: not valid JSON: syntax error while parsing value - invalid string: missing closing quote\n");
}
