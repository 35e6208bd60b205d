// check_snapshot_reader: the fast snapshot reader (simdjson, pruning as it parses) against
// the reference it replaced (nlohmann::json over the whole text, then pruning): same objects,
// same bodies, same fingerprint, and for broken input the same diagnostics, to the byte.
//
//   check_snapshot_reader [--mutations N] [--seed S] FILE...
//
// Each FILE is read both ways. Then each FILE small enough (under 1 MB) is damaged N times
// (a byte changed, removed or doubled, or the text cut short) and both readers must still
// agree: a damage the reference rejects must be rejected, with the same message.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine/json_scan.h"
#include "adapters/snapshot/json_error_text.h"
#include "adapters/snapshot/snapshot_reader.h"

using namespace synops;

namespace {

// The reader as it was before simdjson (adapters/snapshot/snapshot_reader.cpp at c4fcaef).
namespace reference {

SourcePosition position_at(std::string_view text, size_t offset, const std::string& source) {
  offset = std::min(offset, text.size());
  int line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else ++column;
  }
  return SourcePosition{source, line, column};
}

std::string describe(const nlohmann::json& item) {
  if (!item.is_object()) return "an item that is not an object";
  return "item " + item.value("kind", std::string("?")) + "/" + item.value("/metadata/name"_json_pointer, std::string("?"));
}

Diagnostics add_object(const nlohmann::json& item, const std::string& source, LiveState& state) {
  if (!item.is_object() || !item.contains("kind") || !item["kind"].is_string() || !item.contains("metadata") ||
      !item["metadata"].is_object() || !item["metadata"].contains("name"))
    return {Diagnostic{{source}, describe(item) + " has no kind or metadata.name; "
                                     "expected objects as `kubectl get -o json` prints them"}};
  const auto& metadata = item["metadata"];
  LiveObject object;
  object.ref = ObjectRef{item["kind"], metadata.value("namespace", ""), metadata["name"]};
  object.api_version = item.value("apiVersion", "");
  object.resource_version = metadata.value("resourceVersion", "");
  object.body = item;
  // Concatenated kubectl outputs may list an object twice; two versions of it are an error.
  const LiveObject* earlier = state.find(object.ref);
  const bool conflicting = earlier != nullptr && earlier->resource_version != object.resource_version;
  const std::string name = object.ref.kind + " " + (object.ref.ns.empty() ? "" : object.ref.ns + "/") + object.ref.name;
  state.add(std::move(object));
  if (conflicting) return {Diagnostic{{source, 0, 0}, name + " appears twice in the live snapshot, at two resourceVersions"}};
  return {};
}

Diagnostics add_document(const nlohmann::json& document, const SourcePosition& at, LiveState& state) {
  const std::string& source = at.file;
  Diagnostics problems;
  if (document.is_object() && document.value("kind", "") == "List") {
    if (!document.contains("items"))
      return {Diagnostic{at, "the List has no \"items\"; expected a JSON List as `kubectl get -o json` prints it"}};
    if (!document["items"].is_array()) {
      const auto& items = document["items"];
      const char* got = items.is_object() ? "an object" : items.is_string() ? "a string" : items.is_number() ? "a number"
                        : items.is_boolean() ? "a boolean" : "null";
      return {Diagnostic{at, std::string("\"items\" of the List must be an array, got ") + got}};
    }
    for (const auto& item : document["items"]) {
      auto found = add_object(item, source, state);
      problems.insert(problems.end(), found.begin(), found.end());
    }
    return problems;
  }
  return add_object(document, source, state);
}

Diagnostics add_text(std::string_view text, const std::string& source, LiveState& state) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return {Diagnostic{{source, 0, 0}, "the live snapshot is empty; expected a JSON List as `kubectl get -o json` prints it"}};
  Diagnostics problems;
  std::istringstream in{std::string(text)};
  while (true) {
    in >> std::ws;
    if (in.peek() == std::char_traits<char>::eof()) break;
    const size_t start = static_cast<size_t>(in.tellg());
    nlohmann::json document;
    try {
      in >> document;
    } catch (const nlohmann::json::parse_error& error) {
      const std::string what = error.what();
      const size_t at = start + (error.byte > 0 ? error.byte - 1 : 0);
      // The message as the fast reader words it: nlohmann's explanation without the bytes it
      // quotes (adapters/snapshot/json_error_text.h), which could be a secret of the file.
      problems.push_back(
          Diagnostic{position_at(text, at, source), "not valid JSON: " + parse_error_without_excerpt(what.substr(what.find(':') + 2))});
      return problems;
    }
    auto found = add_document(document, position_at(text, start, source), state);
    problems.insert(problems.end(), found.begin(), found.end());
  }
  return problems;
}

}  // namespace reference

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string summary(const Diagnostics& problems) {
  std::string out;
  for (const auto& problem : problems) out += problem.format() + "\n";
  return out;
}

// Empty when both states hold the same objects; otherwise what differs first.
std::string compare(const LiveState& expected, const LiveState& actual) {
  if (expected.size() != actual.size())
    return "object count " + std::to_string(expected.size()) + " != " + std::to_string(actual.size());
  for (const auto& [ref, object] : expected.objects()) {
    const LiveObject* other = actual.find(ref);
    if (!other) return ref.str() + " missing";
    if (other->body != object.body) return ref.str() + ": bodies differ";
    if (other->api_version != object.api_version || other->resource_version != object.resource_version)
      return ref.str() + ": apiVersion or resourceVersion differ";
  }
  if (expected.fingerprint() != actual.fingerprint()) return "fingerprints differ";
  return {};
}

int failures = 0;

// The bracket count against a byte-by-byte one, from every '{' of a text.
void check_extents(const std::string& what, const std::string& text) {
  auto naive = [&](size_t start) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = start; i < text.size(); ++i) {
      const char c = text[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return kNoEnd;
  };
  // From every '{' outside strings (at most 20,000 of them).
  bool in_string = false;
  size_t checked = 0;
  for (size_t i = 0; i < text.size() && checked < 20000; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c != '{') continue;
    ++checked;
    if (container_end(text.data(), text.size(), i) != naive(i)) {
      ++failures;
      std::fprintf(stderr, "check_snapshot_reader: %s: the bracket count from byte %zu is wrong\n", what.c_str(), i);
      return;
    }
  }
}

void check(const std::string& what, const std::string& text, const std::string& source) {
  LiveState expected, actual;
  Diagnostics expected_problems;
  bool crashed = false;
  try {
    expected_problems = reference::add_text(text, source, expected);
  } catch (const std::exception&) {
    crashed = true;  // the old reader threw on some shapes (e.g. a non-string kind): nothing to compare
  }
  const Diagnostics actual_problems = add_snapshot_text(text, source, actual);
  if (crashed) return;
  std::string difference;
  if (summary(expected_problems) != summary(actual_problems))
    difference = "diagnostics differ:\n  reference: " + summary(expected_problems) + "  fast:      " + summary(actual_problems);
  else if (expected_problems.empty())
    difference = compare(expected, actual);
  if (!difference.empty()) {
    ++failures;
    std::fprintf(stderr, "check_snapshot_reader: %s: %s\n", what.c_str(), difference.c_str());
  }
}

std::string damage(std::string text, std::mt19937_64& random) {
  if (text.empty()) return text;
  const size_t at = random() % text.size();
  static constexpr char kBytes[] = "{}[]\",:\\ 0-1e.tfnx\n\x01\xc3\xff";
  switch (random() % 5) {
    case 0: text[at] = kBytes[random() % (sizeof kBytes - 1)]; break;
    case 1: text.erase(at, 1); break;
    case 2: text.insert(at, 1, text[at]); break;
    case 3: text.resize(at); break;
    default: text.insert(at, 1, kBytes[random() % (sizeof kBytes - 1)]); break;
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  int mutations = 2000;
  unsigned long long seed = 1;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--mutations") == 0 && i + 1 < argc) mutations = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
    else files.push_back(argv[i]);
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: check_snapshot_reader [--mutations N] [--seed S] FILE...\n");
    return 2;
  }
  std::mt19937_64 random(seed);
  // Shapes the reader must keep handling as before.
  const std::vector<std::string> shapes = {
      "", "  \n", "{}", "[]", "1", "null", "{\"kind\":\"List\"}", "{\"kind\":\"List\",\"items\":[]}",
      "{\"kind\":\"List\",\"items\":[1,{}]}", "{\"kind\":\"List\",\"items\":{\"a\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}}}",
      "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"managedFields\":[]}}{\"kind\":\"Pod\",\"metadata\":{\"name\":\"q\"}}",
      "\xEF\xBB\xBF{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}", "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}} x",
      "{\"items\":[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}],\"kind\":\"Pod\",\"metadata\":{\"name\":\"l\"}}",
      "{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}}],\"items\":[]}",
      "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\",\"labels\":{\"owner\":\"helm\"}},\"data\":{\"release\":\"eA==\",\"x\":\"eQ==\"}}",
      "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"t\",\"annotations\":{\"a\":\"b\"}},\"data\":{\"password\":\"eQ==\"},\"type\":\"Opaque\"}",
      "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"n\",\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{}\"}},"
      "\"spec\":{\"a\":-0,\"b\":1.5e3,\"c\":18446744073709551615,\"d\":-9223372036854775808,\"e\":\"\\u00e9\\n\",\"f\":[true,false,null],\"a\":2}}",
      "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"d\"},\"spec\":{\"big\":123456789012345678901234567890}}",
      "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"e\"},\"spec\":{\"x\":1e400}}",
      "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"f\"},\"spec\":{\"x\":[1 2]}}",
      "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"g\",\"managedFields\":[tru]}}",
      "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"h\",\"managedFields\":[}]}}",
      "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"i\"},\"spec\":\"\\x\"}",
      "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"j\"},\"spec\":\"a\tb\"}",
      "{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"k\"}},]}",
      "{\"kind\":\"List\" \"items\":[]}", "{\"kind\":\"List\",\"items\":[]}}", "{\"kind\":\"List\",\"items\":[]",
  };
  for (size_t i = 0; i < shapes.size(); ++i) check("shape " + std::to_string(i), shapes[i], "shape.json");
  // An item larger than the reader's window, between two small ones.
  const std::string big = "{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}},"
                          "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"x\":\"" +
                          std::string(9u << 20, 'x') + "\"}},{\"kind\":\"Pod\",\"metadata\":{\"name\":\"b\"}}]}";
  check("an item larger than the window", big, "big.json");

  for (const auto& file : files) {
    const std::string text = read_text(file);
    // The file through read_snapshot (mapped, released as it goes) and through the reference.
    LiveState expected;
    const Diagnostics expected_problems = reference::add_text(text, file, expected);
    const size_t before = snapshot_reference_reads();
    auto actual = read_snapshot(file);
    if (snapshot_reference_reads() != before) {
      ++failures;
      std::fprintf(stderr, "check_snapshot_reader: %s: valid, yet read by the reference reader\n", file.c_str());
    }
    check_extents(file, text.substr(0, 4u << 20));
    if (!expected_problems.empty() || !actual) {
      ++failures;
      std::fprintf(stderr, "check_snapshot_reader: %s does not read cleanly\n", file.c_str());
      continue;
    }
    if (auto difference = compare(expected, *actual); !difference.empty()) {
      ++failures;
      std::fprintf(stderr, "check_snapshot_reader: %s: %s\n", file.c_str(), difference.c_str());
    }
    if (text.size() > (1u << 20)) continue;
    check(file + " twice, concatenated as kubectl outputs are", text + "\n" + text, file);
    for (int m = 0; m < mutations; ++m) check(file + " damage " + std::to_string(m), damage(text, random), file);
  }
  if (failures > 0) {
    std::fprintf(stderr, "check_snapshot_reader: %d differences\n", failures);
    return 1;
  }
  std::printf("check_snapshot_reader: the fast and the reference reader agree\n");
  return 0;
}
