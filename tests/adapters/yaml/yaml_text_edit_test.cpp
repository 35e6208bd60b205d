// Edits of homeserver.yaml text: each case compares the whole output text, because the point
// of the editor is that every byte it was not asked to change stays as it was.
#include "adapters/yaml/yaml_text_edit.h"

#include <doctest/doctest.h>

#include <algorithm>

namespace synops {
namespace {

using json = nlohmann::json;

YamlEdit set(std::vector<std::string> path, json value) { return YamlEdit{std::move(path), std::move(value)}; }
YamlEdit unset(std::vector<std::string> path) { return YamlEdit{std::move(path), std::nullopt}; }

struct Case {
  const char* name;
  std::string input;
  std::vector<YamlEdit> edits;
  std::string expected;
};

std::string first_message(const Diagnostics& diagnostics) {
  return diagnostics.empty() ? std::string("(no diagnostic)") : diagnostics.front().message;
}

void check_cases(const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    INFO(c.name);
    auto result = edit_yaml_text(c.input, c.edits);
    REQUIRE_MESSAGE(result.has_value(), first_message(result.error()));
    CHECK(*result == c.expected);
  }
}

// The refusal's message, or "" when the edit was (wrongly) applied.
std::string refusal(std::string_view input, const std::vector<YamlEdit>& edits) {
  auto result = edit_yaml_text(input, edits);
  return result ? std::string() : first_message(result.error());
}

TEST_CASE("yaml_text_edit: scalars are replaced in place") {
  check_cases({
      {"a trailing comment and the other keys stay", "a: 1  # note\nb: 2\n", {set({"a"}, 2)},
       "a: 2  # note\nb: 2\n"},
      {"a nested scalar", "database:\n  args:\n    cp_min: 5\n    cp_max: 10    # pool\n  name: psycopg2\n",
       {set({"database", "args", "cp_max"}, 20)},
       "database:\n  args:\n    cp_min: 5\n    cp_max: 20    # pool\n  name: psycopg2\n"},
      {"a member of a one-line flow mapping", "rc_message: {per_second: 10, burst_count: 50}  # limits\n",
       {set({"rc_message", "burst_count"}, 100)}, "rc_message: {per_second: 10, burst_count: 100}  # limits\n"},
      {"a string keeps its double quotes", "server_name: \"a.org\"  # public\n", {set({"server_name"}, "b.org")},
       "server_name: \"b.org\"  # public\n"},
      {"a string keeps its single quotes", "motd: 'hi'\n", {set({"motd"}, "it's")}, "motd: 'it''s'\n"},
      {"a quoted key is found and kept", "\"q k\": 1\n", {set({"q k"}, 2)}, "\"q k\": 2\n"},
      {"a value on the next line", "a:\n  long\n  text\nb: 1\n", {set({"a"}, 2)}, "a: 2\nb: 1\n"},
      {"a block scalar", "a: |  # c\n  text\n  more\nb: 1\n", {set({"a"}, "x")}, "a: x  # c\nb: 1\n"},
      {"a null value", "a:   # c\nb: 1\n", {set({"a"}, 1)}, "a: 1   # c\nb: 1\n"},
      {"the same value leaves the text alone", "a: 10 # c\n", {set({"a"}, 10)}, "a: 10 # c\n"},
      {"a flow collection becomes a scalar", "a: {b: 1}  # c\n", {set({"a"}, false)}, "a: false  # c\n"},
  });
}

TEST_CASE("yaml_text_edit: strings are quoted only when a reader could take them for something else") {
  std::vector<std::pair<json, std::string>> written = {
      {"synapse-main", "synapse-main"},
      {"https://matrix.example.org/", "https://matrix.example.org/"},
      {"two words", "two words"},
      {"yes", "\"yes\""},
      {"off", "\"off\""},
      {"null", "\"null\""},
      {"~", "\"~\""},
      {"", "\"\""},
      {"10", "\"10\""},
      {"1.98.0", "\"1.98.0\""},
      {".inf", "\".inf\""},
      {"a: b", "\"a: b\""},
      {"x #y", "\"x #y\""},
      {"- item", "\"- item\""},
      {"*ref", "\"*ref\""},
      {"{x}", "\"{x}\""},
      {" padded", "\" padded\""},
      {"line\nbreak\t\"q\" \\", "\"line\\nbreak\\t\\\"q\\\" \\\\\""},
      {"bell\x07", "\"bell\\x07\""},
      {10, "10"},
      {-3, "-3"},
      {0.5, "0.5"},
      {1e20, "1.0e+20"},
      {true, "true"},
      {nullptr, "null"},
      {json::object(), "{}"},
      {json::array(), "[]"},
  };
  for (const auto& [value, text] : written) {
    CAPTURE(value.dump());
    auto result = edit_yaml_text("a: 1\n", {set({"k"}, value)});
    REQUIRE_MESSAGE(result.has_value(), first_message(result.error()));
    CHECK(*result == "a: 1\nk: " + text + "\n");
  }
}

TEST_CASE("yaml_text_edit: collections replace the whole value block") {
  const std::string workers =
      "instance_map:\n"
      "  main:\n"
      "    host: synapse-main\n"
      "    port: 9093\n"
      "    # tls: true\n"
      "\n"
      "# Which worker writes which stream.\n"
      "stream_writers:\n"
      "  events:\n"
      "  - event_persister1\n"
      "  typing: event_persister1\n"
      "federation_sender_instances:\n"
      "  - federation_sender1\n";
  json instance_map = {{"event_persister1", {{"host", "synapse-event-persister-1"}, {"port", 9093}}},
                       {"main", {{"host", "synapse-main"}, {"port", 9093}}}};
  check_cases({
      {"instance_map gets an entry; the comment of the next key stays", workers,
       {set({"instance_map"}, instance_map)},
       "instance_map:\n"
       "  event_persister1:\n"
       "    host: synapse-event-persister-1\n"
       "    port: 9093\n"
       "  main:\n"
       "    host: synapse-main\n"
       "    port: 9093\n"
       "\n"
       "# Which worker writes which stream.\n"
       "stream_writers:\n"
       "  events:\n"
       "  - event_persister1\n"
       "  typing: event_persister1\n"
       "federation_sender_instances:\n"
       "  - federation_sender1\n"},
      {"sequences keep the indentation of the items they replace", workers,
       {set({"stream_writers", "events"}, {"event_persister1", "event_persister2"}),
        set({"federation_sender_instances"}, {"federation_sender1", "federation_sender2"})},
       "instance_map:\n"
       "  main:\n"
       "    host: synapse-main\n"
       "    port: 9093\n"
       "    # tls: true\n"
       "\n"
       "# Which worker writes which stream.\n"
       "stream_writers:\n"
       "  events:\n"
       "  - event_persister1\n"
       "  - event_persister2\n"
       "  typing: event_persister1\n"
       "federation_sender_instances:\n"
       "  - federation_sender1\n"
       "  - federation_sender2\n"},
      {"a scalar becomes a block; the comment stays on the key's line", "a: 1  # c\nb: 2\n",
       {set({"a"}, {{"x", {1, 2}}, {"y", json::array({json{{"h", "a"}, {"p", 1}}})}})},
       "a:  # c\n  x:\n    - 1\n    - 2\n  \"y\":\n    - h: a\n      p: 1\nb: 2\n"},
      {"a block becomes a scalar", "a:\n  x: 1\n  y: 2\nb: 2\n", {set({"a"}, 3)}, "a: 3\nb: 2\n"},
      {"a one-line flow collection stays flow", "a: [1, 2]  # c\n", {set({"a"}, {3, json{{"k", "v, w"}}})},
       "a: [3, {k: \"v, w\"}]  # c\n"},
      {"the last value of a file without a final newline", "a: 1\nb:\n  - x", {set({"b"}, {"z"})},
       "a: 1\nb:\n  - z"},
  });
}

TEST_CASE("yaml_text_edit: missing keys are added at the end of their mapping") {
  check_cases({
      {"a top-level key", "a: 1\n# end of file\n", {set({"b"}, "x")}, "a: 1\n# end of file\nb: x\n"},
      {"a top-level key to a file without a final newline", "a: 1", {set({"b"}, 2)}, "a: 1\nb: 2\n"},
      {"a nested key, at the indentation of its siblings",
       "database:\n  args:\n      cp_min: 5\n      # cp_max: 10\n\n# Redis\nredis: {}\n",
       {set({"database", "args", "cp_max"}, 20)},
       "database:\n  args:\n      cp_min: 5\n      # cp_max: 10\n      cp_max: 20\n\n# Redis\nredis: {}\n"},
      {"intermediate mappings are created", "database:\n  name: psycopg2\nb: 1\n",
       {set({"database", "args", "cp_max"}, 20)}, "database:\n  name: psycopg2\n  args:\n    cp_max: 20\nb: 1\n"},
      {"a new mapping at the root", "a: 1\n", {set({"instance_map", "main"}, {{"host", "m"}, {"port", 9093}})},
       "a: 1\ninstance_map:\n  main:\n    host: m\n    port: 9093\n"},
      {"inside a flow mapping", "rc_message: {per_second: 10}\n",
       {set({"rc_message", "burst_count"}, 50), set({"rc_message", "x", "y"}, "z")},
       "rc_message: {per_second: 10, burst_count: 50, x: {\"y\": z}}\n"},
      {"inside an empty flow mapping", "a: {}\n", {set({"a", "b"}, 1)}, "a: {b: 1}\n"},
      {"before the end-of-document marker", "---\na: 1\n...\n", {set({"b"}, 2)}, "---\na: 1\nb: 2\n...\n"},
  });
}

TEST_CASE("yaml_text_edit: removing a key deletes its lines and nothing else") {
  check_cases({
      {"a block value and its deeper comment; the next key's comment stays",
       "x: 1\na:\n  b: 1\n  # about b\n\n# about c\nc: 2\n", {unset({"a"})}, "x: 1\n\n# about c\nc: 2\n"},
      {"a nested key", "a:\n  b: 1\n  c: 2\nd: 3\n", {unset({"a", "b"})}, "a:\n  c: 2\nd: 3\n"},
      {"a sequence written at the key's column", "a:\n- 1\n- 2\nb: 3\n", {unset({"a"})}, "b: 3\n"},
      {"the first flow member", "a: {x: 1, y: 2, z: 3}\n", {unset({"a", "x"})}, "a: {y: 2, z: 3}\n"},
      {"a middle flow member", "a: {x: 1, y: 2, z: 3}\n", {unset({"a", "y"})}, "a: {x: 1, z: 3}\n"},
      {"the last flow member", "a: {x: 1, y: 2, z: 3}\n", {unset({"a", "z"})}, "a: {x: 1, y: 2}\n"},
      {"a missing key is left alone", "a: 1\n", {unset({"b"}), unset({"c", "d"})}, "a: 1\n"},
  });
}

TEST_CASE("yaml_text_edit: line endings and byte-order marks are kept") {
  check_cases({
      {"CRLF stays CRLF on every line", "a: 1\r\nb:\r\n  c: 2\r\n",
       {set({"a"}, 5), set({"b", "d"}, {"x"})}, "a: 5\r\nb:\r\n  c: 2\r\n  d:\r\n    - x\r\n"},
      {"a byte-order mark", "\xEF\xBB\xBF" "a: 1\n", {set({"a"}, 2)}, "\xEF\xBB\xBF" "a: 2\n"},
  });
  CHECK(refusal("a: 1\r\nb: 2\n", {set({"a"}, 2)}).find("mixed line endings") != std::string::npos);
}

TEST_CASE("yaml_text_edit: refuses what it cannot edit safely") {
  struct Refusal {
    const char* name;
    std::string input;
    YamlEdit edit;
    std::string says;
  };
  std::vector<Refusal> refusals = {
      {"an alias on the path", "base: &b {x: 1}\nworker: *b\n", set({"worker", "x"}, 2), "is an alias"},
      {"an anchor on the path", "base: &b {x: 1}\nworker: *b\n", set({"base", "x"}, 2), "has an anchor"},
      {"a tag", "a: !!str 5\n", set({"a"}, "6"), "has a tag"},
      {"a path through a list", "listeners:\n  - port: 8008\n", set({"listeners", "port"}, 8009),
       "'listeners' holds a sequence"},
      {"a path through a scalar", "a: 1\n", set({"a", "b"}, 2), "'a' holds a scalar"},
      {"a path through null", "a:\n", set({"a", "b"}, 2), "'a' holds null"},
      {"a flow mapping over several lines", "a: {x: 1,\n  y: 2}\n", set({"a", "x"}, 2), "over several lines"},
      {"a key written twice", "a: 1\na: 2\n", set({"a"}, 3), "appears twice"},
      {"a document that is a list", "- a\n", set({"a"}, 1), "a mapping"},
      {"two documents", "a: 1\n---\nb: 2\n", set({"a"}, 2), "exactly one document"},
      {"text that does not parse", "a: [1\n", set({"a"}, 2), "does not parse"},
      {"an empty path", "a: 1\n", set({}, 2), "empty key path"},
      {"removing the only key", "a: 1\n", unset({"a"}), "only key"},
      // Caught by the self-check: the replaced value defined an anchor used elsewhere.
      {"an anchor inside a replaced block", "a:\n  m: &m {x: 1}\nb: *m\n", set({"a"}, {{"k", 1}}),
       "would not parse"},
  };
  for (const auto& r : refusals) {
    INFO(r.name);
    std::string message = refusal(r.input, {r.edit});
    CAPTURE(message);
    CHECK(message.find(r.says) != std::string::npos);
  }
}

// ---- A realistic homeserver.yaml -----------------------------------------------------------

const char* const kHomeserver = R"(# homeserver.yaml for matrix.example.org
# synops owns rc_message, database.args.cp_max and the worker maps below.

server_name: "example.org"
pid_file: /data/homeserver.pid
public_baseurl: https://matrix.example.org/
report_stats: false

listeners:
  - port: 8008
    tls: false
    type: http
    x_forwarded: true
    resources:
      - names: [client, federation]
        compress: false
  # replication listener for workers
  - port: 9093
    type: http
    resources:
      - names: [replication]

database:
  name: psycopg2
  args:
    user: synapse
    password: 'p@ss: word'   # from the secret
    database: synapse
    host: postgres-rw
    cp_min: 5
    cp_max: 10  # see the guide, section 4.2

redis:
  enabled: true
  host: redis-master

# Rate limits
rc_message: {per_second: 0.2, burst_count: 10}
rc_login:
  address: {per_second: 0.17, burst_count: 3}

# Workers
instance_map:
  main:
    host: synapse-main
    port: 9093
  event_persister1:
    host: synapse-event-persister-1
    port: 9093

# Which worker writes which stream.
stream_writers:
  events:
    - event_persister1
  typing: event_persister1

federation_sender_instances:
  - federation_sender1

media_store_path: /data/media_store
signing_key_path: "/data/example.org.signing.key"
)";

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  for (size_t begin = 0; begin < text.size();) {
    size_t end = std::min(text.find('\n', begin), text.size());
    lines.emplace_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

struct LineDiff {
  std::vector<std::string> removed, added;
};

// A longest-common-subsequence diff: the lines a reviewer would see change.
LineDiff diff_lines(std::string_view before_text, std::string_view after_text) {
  auto a = split_lines(before_text), b = split_lines(after_text);
  std::vector<std::vector<size_t>> common(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : std::max(common[i + 1][j], common[i][j + 1]);
  LineDiff diff;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) ++i, ++j;
    else if (j < b.size() && (i == a.size() || common[i][j + 1] >= common[i + 1][j])) diff.added.push_back(b[j++]);
    else diff.removed.push_back(a[i++]);
  }
  return diff;
}

TEST_CASE("yaml_text_edit: each edit works on the text the one before it left") {
  // A short document (held inside the string itself) and edits that build on each other: a
  // key added, then changed inside, a no-op between, then one removed.
  auto result = edit_yaml_text("a: 1\n", {set({"a"}, 2), set({"b"}, {{"c", 1}}), set({"a"}, 2), set({"b", "c"}, 3),
                                         unset({"a"})});
  REQUIRE_MESSAGE(result.has_value(), first_message(result.error()));
  CHECK(*result == "b:\n  c: 3\n");
  // An edit that fails after others succeeded returns the error, naming its key.
  auto failed = edit_yaml_text("a: 1\nlist: [1, 2]\n", {set({"a"}, 2), set({"list", "x"}, 1)});
  REQUIRE_FALSE(failed.has_value());
  CHECK(first_message(failed.error()).find("list") != std::string::npos);
}

TEST_CASE("yaml_text_edit: a real homeserver.yaml changes only on the edited lines") {
  REQUIRE(split_lines(kHomeserver).size() >= 60);
  auto result = edit_yaml_text(
      kHomeserver,
      {set({"rc_message", "burst_count"}, 50), set({"database", "args", "cp_max"}, 20),
       set({"instance_map", "event_persister2"}, {{"host", "synapse-event-persister-2"}, {"port", 9093}}),
       set({"federation_sender_instances"}, {"federation_sender1", "federation_sender2"})});
  REQUIRE_MESSAGE(result.has_value(), first_message(result.error()));
  LineDiff diff = diff_lines(kHomeserver, *result);
  CHECK(diff.removed == std::vector<std::string>{"    cp_max: 10  # see the guide, section 4.2",
                                                 "rc_message: {per_second: 0.2, burst_count: 10}"});
  CHECK(diff.added == std::vector<std::string>{"    cp_max: 20  # see the guide, section 4.2",
                                               "rc_message: {per_second: 0.2, burst_count: 50}",
                                               "  event_persister2:", "    host: synapse-event-persister-2",
                                               "    port: 9093", "  - federation_sender2"});
  // Applying the same edits again changes nothing.
  auto again = edit_yaml_text(*result, {set({"rc_message", "burst_count"}, 50),
                                        set({"federation_sender_instances"}, {"federation_sender1",
                                                                              "federation_sender2"})});
  REQUIRE(again.has_value());
  CHECK(*again == *result);
}

}  // namespace
}  // namespace synops
