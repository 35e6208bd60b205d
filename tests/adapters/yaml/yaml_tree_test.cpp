// parse_yaml_tree: scalar resolution, positions, raw text, and every limit and bad input.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "adapters/yaml/yaml_tree.h"

namespace synops {
namespace {

std::string joined(const Diagnostics& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += (out.empty() ? "" : "\n") + d.format();
  return out;
}

// The formatted diagnostics of parsing `text`, or "" when it parses.
std::string yaml_errors_of(std::string_view text, const YamlLimits& limits = {}) {
  auto tree = parse_yaml_tree(text, "t.yaml", limits);
  return tree ? "" : joined(tree.error());
}

// The JSON of the value of `v` in "v: <scalar>".
std::string value_of(const std::string& scalar) {
  auto tree = parse_yaml_tree("v: " + scalar + "\n", "t.yaml");
  if (!tree) return "error: " + joined(tree.error());
  return tree->value.at("v").dump();
}

// yaml_errors_of, given `seconds` to finish: a parser caught in an endless loop fails the test
// instead of hanging the suite (the detached thread ends with the process).
std::optional<std::string> errors_within(std::string text, double seconds) {
  auto errors = std::make_shared<std::promise<std::string>>();
  auto done = errors->get_future();
  std::thread([text = std::move(text), errors] { errors->set_value(yaml_errors_of(text)); }).detach();
  if (done.wait_for(std::chrono::duration<double>(seconds)) != std::future_status::ready) return std::nullopt;
  return done.get();
}

// Not a speed target (bench/ measures those): a bound that only a blow-up reaches. Expanding
// an alias bomb or building gigabytes of paths takes minutes; refusing them takes well under
// a second, even on a loaded two-core CI machine, where a tight bound failed at 1.02 s.
constexpr double kHangBound = 10.0;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_CASE("plain scalars resolve like the YAML 1.2 core schema; quoted ones stay strings") {
  struct Case { const char* yaml; const char* json; };
  const Case cases[] = {
      {"null", "null"}, {"~", "null"}, {"", "null"}, {"NULL", "null"},
      {"true", "true"}, {"False", "false"},
      {"yes", "\"yes\""}, {"no", "\"no\""}, {"on", "\"on\""}, {"off", "\"off\""}, {"y", "\"y\""},
      {"42", "42"}, {"-7", "-7"}, {"+3", "3"}, {"0", "0"},
      {"0777", "\"0777\""}, {"017", "\"017\""}, {"0o17", "15"}, {"0x1F", "31"},
      {"1.5", "1.5"}, {"1e3", "1000.0"}, {".5", "0.5"}, {"16.3", "16.3"},
      {"1:20", "\"1:20\""}, {"1_000", "\"1_000\""}, {"4GB", "\"4GB\""},
      {"\"500\"", "\"500\""}, {"'true'", "\"true\""}, {"\"\"", "\"\""},
      {"!!str 5", "\"5\""}, {"!!int \"5\"", "5"}, {"!!float 2", "2.0"}, {"!!bool \"true\"", "true"},
      {"9223372036854775807", "9223372036854775807"}, {"-9223372036854775808", "-9223372036854775808"},
  };
  for (const auto& c : cases) CHECK_MESSAGE(value_of(c.yaml) == c.json, c.yaml);
}

TEST_CASE("numbers that JSON cannot hold exactly are refused, never rounded") {
  CHECK(value_of("99999999999999999999") ==
        "error: t.yaml:1:4: error: integer 99999999999999999999 is out of range (integers must fit in 64 bits; quote it to keep it as text)");
  CHECK(value_of("-9223372036854775809") ==
        "error: t.yaml:1:4: error: integer -9223372036854775809 is out of range (integers must fit in 64 bits; quote it to keep it as text)");
  CHECK(value_of("1e400") == "error: t.yaml:1:4: error: 1e400 is not a finite number (quote it to keep it as text)");
  CHECK(value_of(".nan") == "error: t.yaml:1:4: error: .nan is not a finite number (quote it to keep it as text)");
  CHECK(value_of("!!int abc") == "error: t.yaml:1:4: error: \"abc\" is not valid for tag !!int");
}

TEST_CASE("every scalar keeps its text as written") {
  auto tree = parse_yaml_tree("a: 500\nb: \"4GB\"\nc: 7.40\nd: ~\ne:\nf: [on, 0777]\n", "t.yaml");
  REQUIRE(tree);
  CHECK(tree->raw.at("/a") == "500");
  CHECK(tree->raw.at("/b") == "4GB");
  CHECK(tree->raw.at("/c") == "7.40");
  CHECK(tree->raw.at("/d") == "~");
  CHECK(tree->raw.at("/e") == "");
  CHECK(tree->raw.at("/f/0") == "on");
  CHECK(tree->raw.at("/f/1") == "0777");
}

TEST_CASE("every node has its 1-based position, keys too; columns count characters") {
  auto tree = parse_yaml_tree("top:\n  list: [x, {k: v}]\n  é: ü\nempty:\nnext: 1\n", "dir/t.yaml");
  REQUIRE(tree);
  CHECK(tree->positions.at("").str() == "dir/t.yaml:1:1");
  CHECK(tree->positions.at("/top").str() == "dir/t.yaml:2:3");
  CHECK(tree->positions.at("/top/list").str() == "dir/t.yaml:2:9");
  CHECK(tree->positions.at("/top/list/1/k").str() == "dir/t.yaml:2:17");
  CHECK(tree->positions.at("/top/é").str() == "dir/t.yaml:3:6");
  CHECK(tree->key_positions.at("/top/list").str() == "dir/t.yaml:2:3");
  CHECK(tree->key_positions.at("/top/é").str() == "dir/t.yaml:3:3");
  CHECK(tree->positions.at("/empty").str() == "dir/t.yaml:4:1");  // an empty value is at its key
}

TEST_CASE("aliases expand with the anchor's positions; the alias itself is where it is used") {
  auto tree = parse_yaml_tree("a: &x {k: 1}\nb: *x\n", "t.yaml");
  REQUIRE(tree);
  CHECK(tree->value.dump() == R"({"a":{"k":1},"b":{"k":1}})");
  CHECK(tree->positions.at("/b").str() == "t.yaml:2:4");
  CHECK(tree->positions.at("/b/k").str() == "t.yaml:1:11");
  CHECK(tree->key_positions.at("/b").str() == "t.yaml:2:1");
  CHECK(tree->raw.at("/b/k") == "1");
}

TEST_CASE("structural problems are errors at the offending node") {
  CHECK(yaml_errors_of("a: 1\nb: 2\na: 3\n") == "t.yaml:3:1: error: duplicate key \"a\" at the top level (first set at t.yaml:1:1)");
  CHECK(yaml_errors_of("m:\n  k: 1\n  k: {x: 2}\n") == "t.yaml:3:3: error: duplicate key \"k\" in m (first set at t.yaml:2:3)");
  CHECK(yaml_errors_of("a: &x {k: 1}\nb:\n  <<: *x\n") == "t.yaml:3:3: error: merge keys (<<) are not supported; write the keys out");
  CHECK(yaml_errors_of("a: !!binary aGk=\n") == "t.yaml:1:4: error: tag !!binary is not supported on a scalar (use !!str, !!int, !!float, !!bool or !!null)");
  CHECK(yaml_errors_of("a: !foo bar\n") == "t.yaml:1:4: error: tag !foo is not supported (use !!str, !!int, !!float, !!bool or !!null)");
  CHECK(yaml_errors_of("a: !!python/object {}\n") == "t.yaml:1:4: error: tag !!python/object is not supported on a mapping");
  CHECK(yaml_errors_of("? [a]\n: 1\n") == "t.yaml:1:3: error: a mapping key must be a scalar, not a mapping or a sequence");
  CHECK(yaml_errors_of("a: 1\n---\nb: 2\n") == "t.yaml:2:1: error: a second YAML document starts here; a manifest file holds one document");
  CHECK(yaml_errors_of("a: [1, 2\nb: 3\n") == "t.yaml:2:2: error: invalid YAML: end of sequence flow not found");
  CHECK(yaml_errors_of("a:\n\tb: 1\n") == "t.yaml:2:3: error: invalid YAML: illegal map value (YAML is indented with spaces, not tabs)");
  CHECK(yaml_errors_of("a: *nope\n") == "t.yaml:1:4: error: invalid YAML: the referenced anchor is not defined");
}

// What yaml-cpp 0.7 accepts but YAML does not (cases of the YAML test suite, named by id);
// the whole suite runs in yaml_test_suite_test.cpp.
TEST_CASE("YAML that yaml-cpp would accept but is not YAML is refused at the construct") {
  struct Case { const char* yaml; const char* error; };
  const Case cases[] = {
      {"top1:\n  key1: val1\ntop2\n", "t.yaml:3:1: error: invalid YAML: \"top2\" is not followed by ':' (a key needs one, and a value cannot be here)"},  // 7MNF
      {"[ , a, b, c ]\n", "t.yaml:1:3: error: invalid YAML: a ',' with no entry before it in a flow collection"},  // 9MAG
      {"[ a, b, c, , ]\n", "t.yaml:1:12: error: invalid YAML: a ',' with no entry before it in a flow collection"},  // CTN5
      {"[ a, b, c, ]#invalid\n", "t.yaml:1:13: error: invalid YAML: a comment needs a blank before '#'"},  // 9JBA
      {"key: \"value\"# invalid comment\n", "t.yaml:1:13: error: invalid YAML: a comment needs a blank before '#'"},  // SU5Z
      {"block: ># comment\n  scalar\n", "t.yaml:1:9: error: invalid YAML: a comment needs a blank before '#'"},  // X4QW
      {"flow: [a,\nb,\nc]\n", "t.yaml:2:1: error: invalid YAML: this line continues a flow collection or quoted scalar, and must be indented more than the line it started on"},  // 9C9N
      {"quoted: \"a\nb\"\n", "t.yaml:2:1: error: invalid YAML: this line continues a flow collection or quoted scalar, and must be indented more than the line it started on"},  // QB6E
      {"[-]\n", "t.yaml:1:2: error: invalid YAML: a '-' alone is not an entry of a flow collection (quote it)"},  // YJV2
      {"double: \"quoted \\' scalar\"\n", "t.yaml:1:17: error: invalid YAML: \\' is not an escape of a double-quoted scalar"},  // HRE5
      {"%YAML 1.2\n", "t.yaml:1:1: error: invalid YAML: a directive must be followed by a document (---)"},  // 9MMA
      {"---\nkey: value\n%YAML 1.2\n---\n", "t.yaml:3:1: error: invalid YAML: a directive inside a document needs a document end (...) before it"},  // RHX7
      {"a: '\n\n  '\n", "t.yaml:1:4: error: a quoted scalar of only blanks over several lines is not supported; write its line breaks as \\n"},  // NAT4
      {"--- |\ntext\n", "t.yaml:2:1: error: a block scalar at the root with text at column 0 is not supported; indent its text"},  // W4TN
  };
  for (const auto& c : cases) {
    INFO(c.yaml);
    CHECK(yaml_errors_of(c.yaml) == c.error);
  }
  // The valid neighbours of those constructs still read.
  CHECK(yaml_errors_of("? a\n? b # c\n?\n  c\n") == "");
  CHECK(yaml_errors_of("[a, b, ]\n") == "");
  CHECK(yaml_errors_of("{a, b: c}\n") == "");
  CHECK(yaml_errors_of("---\nscalar\n%YAML 1.2\n") == "");  // XLQ9: a plain scalar goes on
  CHECK(yaml_errors_of("k: [a,\n  b]\nq: \"a\n  b\"\nt: 'it''s'\nu: \"\\t\\x41\"\nv: a#b\nw: [-1, a-]\n") == "");
  CHECK(yaml_errors_of("%YAML 1.2\n---\nk: v\n...\n") == "");
  CHECK(yaml_errors_of("k: |\n  x\n   ") == "");
  CHECK(parse_yaml_tree("k: |\n  x\n   ", "t.yaml")->value.at("k") == "x\n \n");  // L24T: no line break at the end
}

TEST_CASE("anchors, tags and block scalars indented against YAML's rules are refused at the line") {
  struct Case { const char* yaml; const char* error; };
  const Case cases[] = {
      {"---\nseq:\n&anchor\n- a\n- b\n", "t.yaml:3:1: error: invalid YAML: an anchor or tag on its own line must be indented more than its key"},  // G9HC
      {"key: &x\n!!map\n  a: b\n", "t.yaml:2:1: error: invalid YAML: an anchor or tag on its own line must be indented more than its key"},  // H7J7
      {"top:\n  key:   # c\n\n  &a !t\n    b: 1\n", "t.yaml:4:3: error: invalid YAML: an anchor or tag on its own line must be indented more than its key"},
      {"empty block scalar: >\n \n  \n   \n # comment\n", "t.yaml:4:1: error: invalid YAML: an empty line at the start of a block scalar has more spaces than its first line of text"},  // S98Z
  };
  for (const auto& c : cases) {
    INFO(c.yaml);
    CHECK(yaml_errors_of(c.yaml) == c.error);
  }
  // The valid neighbours: properties on the key's line or indented under it, a root anchor,
  // empty lines no wider than the text or after an indentation indicator, and a block scalar
  // that is empty before its parent's next key.
  CHECK(yaml_errors_of("seq: &anchor\n- a\n- b\n") == "");
  CHECK(yaml_errors_of("key: &x\n  !!map\n  a: b\n") == "");
  CHECK(yaml_errors_of("key:\n  &x\n  a: b\n") == "");
  CHECK(yaml_errors_of("&root\nkey: value\n") == "");
  CHECK(yaml_errors_of("a: >\n  \n  text\n") == "");
  CHECK(parse_yaml_tree("a: |2\n   \n  text\n", "t.yaml")->value.at("a") == " \ntext\n");
  CHECK(yaml_errors_of("- a: |\n     \n  b: 1\n") == "");
}

TEST_CASE("valid YAML that yaml-cpp cannot parse is refused by a message that names it, or read") {
  struct Case { const char* yaml; const char* error; };
  const Case cases[] = {
      {"{\"foo\"\n: \"bar\"}\n", "t.yaml:1:2: error: a flow mapping key continued on the next line is not supported: put the key and its ':' on one line"},  // 4MUZ
      {"---\n{ \"foo\" # comment\n  :bar }\n", "t.yaml:2:3: error: a flow mapping key continued on the next line is not supported: put the key and its ':' on one line"},  // K3WX
      {"- { multi\n  line, a: b}\n", "t.yaml:1:5: error: a flow mapping key continued on the next line is not supported: put the key and its ':' on one line"},  // 8KB6
      {"- { \"multi\n  line\": value}\n", "t.yaml:1:5: error: a flow mapping key continued on the next line is not supported: put the key and its ':' on one line"},  // 9SA2
      {"k: { [a,\n  b]: c }\n", "t.yaml:1:6: error: a flow mapping key continued on the next line is not supported: put the key and its ':' on one line"},
      {"[?x]\n", "t.yaml:1:2: error: a '?' in a plain scalar inside a flow collection is not supported: quote the scalar"},  // HM87
      {"- {key: value?}\n", "t.yaml:1:14: error: a '?' in a plain scalar inside a flow collection is not supported: quote the scalar"},  // JR7V
      {"- [another ? string]\n", "t.yaml:1:12: error: a '?' in a plain scalar inside a flow collection is not supported: quote the scalar"},  // JR7V
      {"a:\n  b: 1\n\t\n  c: 2\n", "t.yaml:3:1: error: a line of only blanks that starts with a tab is not supported here: leave the line empty"},
      {"a: |\n  x\n\t\n  y\n", "t.yaml:3:1: error: a line of only blanks that starts with a tab is not supported here: leave the line empty"},
  };
  for (const auto& c : cases) {
    INFO(c.yaml);
    CHECK(yaml_errors_of(c.yaml) == c.error);
  }
  // Their neighbours still read: keys with their ':' on the key's line, values over lines, an
  // explicit key, a '?' in block style or quoted, and a tab-only line before a line at column 0.
  CHECK(yaml_errors_of("{\n  a: 1,\n  \"b\":\n    2, c: [x,\n  y], d: {e: f\n  }\n}\n") == "");
  CHECK(yaml_errors_of("{ ? foo\n : bar, a: b,\n # c\n d: e}\n") == "");
  CHECK(yaml_errors_of("- a?string\n- key: value?\n- ['a?b', \"c ? d\"]\n- [ ? x ]\n") == "");
  CHECK(parse_yaml_tree("foo: 1\n\t\nbar: 2\n", "t.yaml")->value == nlohmann::json{{"foo", 1.0}, {"bar", 2.0}});  // DK95-4
  CHECK(yaml_errors_of("%YAML 1.2\n\t\n---\n") == "");
  CHECK(yaml_errors_of("k: |\n  x\n  \t\n  y\n") == "");
}

// Found by fuzz/fuzz_yaml_tree.cpp (fuzz/corpus/yaml_tree/regression-comma-loop).
TEST_CASE("a comma where no node can start is an error, not an endless loop") {
  CHECK(errors_within(",\n", 10) == "t.yaml:1:1: error: invalid YAML: unexpected ','");
  CHECK(errors_within("!, a:}\n  b}\n", 10) == "t.yaml:1:2: error: invalid YAML: unexpected ','");
  CHECK(errors_within("a: 1\n---\n, b\n", 10) == "t.yaml:3:1: error: invalid YAML: unexpected ','");
}

TEST_CASE("empty documents, comments, a trailing document marker, a BOM and CRLF are fine") {
  auto empty = parse_yaml_tree("# nothing here\n", "t.yaml");
  REQUIRE(empty);
  CHECK(empty->value.is_null());
  auto trailing = parse_yaml_tree("a: 1\n---\n", "t.yaml");
  REQUIRE(trailing);
  CHECK(trailing->value.dump() == R"({"a":1})");
  auto bom = parse_yaml_tree("\xEF\xBB\xBF" "a: x\n", "t.yaml");
  REQUIRE(bom);
  CHECK(bom->positions.at("/a").str() == "t.yaml:1:4");
  auto lf = parse_yaml_tree("a: |\n  x\n  y\nb: \"p\n  q\"\nc: [1,\n  2]\n", "t.yaml");
  auto crlf = parse_yaml_tree("a: |\r\n  x\r\n  y\r\nb: \"p\r\n  q\"\r\nc: [1,\r\n  2]\r\n", "t.yaml");
  REQUIRE(lf);
  REQUIRE(crlf);
  CHECK(crlf->value == lf->value);
  CHECK(crlf->positions == lf->positions);
}

TEST_CASE("text that is not UTF-8, or holds NUL or control characters, is refused with its position") {
  CHECK(yaml_errors_of("a: x\nb: \xFF\n") == "t.yaml:2:4: error: invalid UTF-8 (byte 0xFF); manifests must be UTF-8 text");
  CHECK(yaml_errors_of("a: \xC3\xA9\xC3\n") == "t.yaml:1:5: error: invalid UTF-8 (byte 0xC3); manifests must be UTF-8 text");
  CHECK(yaml_errors_of("a: \xED\xA0\x80\n") == "t.yaml:1:4: error: invalid UTF-8 (byte 0xED); manifests must be UTF-8 text");
  CHECK(yaml_errors_of(std::string_view("a: x\0y\n", 7)) == "t.yaml:1:5: error: NUL byte in the text; manifests must be UTF-8 text");
  CHECK(yaml_errors_of("a: \x07\n") == "t.yaml:1:4: error: control character U+0007 is not allowed in YAML");
  CHECK(yaml_errors_of("\xFF\xFE" "a\0:\0") == "t.yaml:1:1: error: the file starts with a UTF-16 byte order mark; manifests must be UTF-8 text");
}

TEST_CASE("the size limit is checked before anything is parsed") {
  const std::string big(9u << 20, '#');
  CHECK(yaml_errors_of(big) == "t.yaml:1:1: error: file is 9437184 bytes, more than the limit of 8388608 bytes (8 MiB)");
  CHECK(yaml_errors_of("a: 1\n", YamlLimits{.max_bytes = 3}) == "t.yaml:1:1: error: file is 5 bytes, more than the limit of 3 bytes");
}

TEST_CASE("deep nesting fails fast with a clear error, in flow and block style") {
  const std::string too_deep = "mappings and sequences are nested deeper than the limit of 64 levels";
  const auto start = std::chrono::steady_clock::now();
  CHECK(yaml_errors_of(std::string(10'000, '[') + std::string(10'000, ']')) == "t.yaml:1:65: error: " + too_deep);
  std::string flow_map;
  for (int i = 0; i < 10'000; ++i) flow_map += "{a: ";
  CHECK(yaml_errors_of(flow_map + "1" + std::string(10'000, '}')) == "t.yaml:1:257: error: " + too_deep);
  std::string block_seq;
  for (int i = 0; i < 10'000; ++i) block_seq += "- ";
  CHECK(yaml_errors_of(block_seq + "x\n") == "t.yaml:1:129: error: " + too_deep);
  std::string block_map;
  for (int i = 0; i < 200; ++i) block_map += std::string(i, ' ') + "a:\n";
  CHECK(yaml_errors_of(block_map) == "t.yaml:65:65: error: " + too_deep);
  CHECK(yaml_errors_of(std::string(1'000'000, '[') + std::string(1'000'000, ']')) == "t.yaml:1:65: error: " + too_deep);
  CHECK(seconds_since(start) < kHangBound);
  // Exactly at the limit is fine.
  CHECK(yaml_errors_of(std::string(64, '[') + std::string(64, ']')) == "");
}

TEST_CASE("an alias bomb stops at the node limit before it is expanded") {
  std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char name = 'b'; name <= 'i'; ++name) {
    bomb += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 9; ++i) bomb += std::string(i ? "," : "") + "*" + static_cast<char>(name - 1);
    bomb += "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  CHECK(yaml_errors_of(bomb) == "t.yaml:6:8: error: the document has more than the limit of 100000 values (aliases count once per use)");
  CHECK(seconds_since(start) < kHangBound);
  // A wide flow sequence is stopped by the pre-scan, before yaml-cpp tokenises it.
  std::string wide = "[";
  for (int i = 0; i < 200'000; ++i) wide += "a,";
  CHECK(yaml_errors_of(wide + "a]\n") == "t.yaml:1:200001: error: the document has more than the limit of 100000 values (aliases count once per use)");
  CHECK(seconds_since(start) < kHangBound);
}

TEST_CASE("long keys nested deep cannot turn a small file into gigabytes of paths") {
  std::string text;
  for (int level = 0; level < 60; ++level) text += std::string(level, ' ') + std::string(1000, 'k') + ":\n";
  text += std::string(60, ' ') + "[";
  for (int i = 0; i < 30'000; ++i) text += "1,";
  text += "1]\n";
  const auto start = std::chrono::steady_clock::now();
  CHECK(yaml_errors_of(text) ==
        "t.yaml:61:558: error: the paths of the document's values add up to more than the limit of 16777216 bytes "
        "(very long keys, nested deep)");
  CHECK(seconds_since(start) < kHangBound);
}

TEST_CASE("the pre-scan ignores brackets in quotes, comments, plain text and block scalars") {
  const std::string brackets(100, '[');
  CHECK(yaml_errors_of("a: '" + brackets + "'\nb: \"" + brackets + "\"\n# " + brackets + "\nc: x" + brackets + "\n") == "");
  CHECK(yaml_errors_of("d: |\n  " + brackets + "\n  it's\ne: [1]\n") == "");
  CHECK(yaml_errors_of("f: it's [ok]\ng: \"[\" \n") == "");
}

}  // namespace
}  // namespace synops
