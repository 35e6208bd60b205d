// The official YAML test suite through parse_yaml_tree: every valid case reads as the suite's
// JSON or is refused by name, every invalid case is refused.
#include <doctest/doctest.h>

#include <cmath>
#include <optional>
#include <map>
#include <string>

#include "adapters/yaml/yaml_tree.h"
#include "support/skip.h"
#include "yaml_test_suite.h"

namespace synops {
namespace {

using testing::YamlSuiteCase;

enum class Outcome {
  valid_read_as_expected,
  valid_read_differently,
  valid_refused_deliberately,  // a construct synops does not read, named in the message
  valid_refused_by_yaml_cpp,   // a syntax error where the suite sees none
  valid_read_not_comparable,   // read, but the suite gives no JSON to compare with
  invalid_refused,
  invalid_accepted,
};

const char* name_of(Outcome outcome) {
  switch (outcome) {
    case Outcome::valid_read_as_expected: return "valid, read as expected";
    case Outcome::valid_read_differently: return "valid, read differently";
    case Outcome::valid_refused_deliberately: return "valid, refused deliberately";
    case Outcome::valid_refused_by_yaml_cpp: return "valid, refused by yaml-cpp";
    case Outcome::valid_read_not_comparable: return "valid, read, no JSON to compare";
    case Outcome::invalid_refused: return "invalid, refused";
    case Outcome::invalid_accepted: return "invalid, accepted";
  }
  return "?";
}

// The comparison rule: the tree's scalars are typed JSON (yaml_scalar.h); numbers compare by
// value (the suite writes 1000 where the tree holds 1000.0), everything else exactly.
bool same_value(const nlohmann::json& got, const nlohmann::json& want) {
  if (got.is_number() && want.is_number()) return got.get<double>() == want.get<double>();
  if (got.type() != want.type() || got.size() != want.size()) return false;
  if (got.is_object()) {
    for (const auto& [key, value] : want.items())
      if (!got.contains(key) || !same_value(got.at(key), value)) return false;
    return true;
  }
  if (got.is_array()) {
    for (std::size_t i = 0; i < want.size(); ++i)
      if (!same_value(got.at(i), want.at(i))) return false;
    return true;
  }
  return got == want;
}

// Syntax errors, yaml-cpp's and the prechecks', start with "invalid YAML:"; every other
// refusal names what synops does not read (a tag, a second document, an alias into its own
// anchor, a complex key...).
bool refused_deliberately(const Diagnostics& errors) {
  for (const auto& error : errors)
    if (error.message.starts_with("invalid YAML:")) return false;
  return true;
}

struct CaseOutcome {
  Outcome outcome;
  std::string detail;  // the value read, or the first error
};

// A stream of several documents is read as its first when the others are empty (synops
// refuses a second non-empty document); no document at all reads as null.
std::optional<nlohmann::json> expected_value(const YamlSuiteCase& c) {
  if (!c.has_json) return std::nullopt;
  for (std::size_t i = 1; i < c.documents.size(); ++i)
    if (!c.documents[i].is_null()) return std::nullopt;
  return c.documents.empty() ? nlohmann::json(nullptr) : c.documents.front();
}

CaseOutcome outcome_of(const YamlSuiteCase& c) {
  auto tree = parse_yaml_tree(c.yaml, c.id + ".yaml");
  const std::string detail = tree ? tree->value.dump() : tree.error().front().format();
  if (c.invalid) return {tree ? Outcome::invalid_accepted : Outcome::invalid_refused, detail};
  if (!tree)
    return {refused_deliberately(tree.error()) ? Outcome::valid_refused_deliberately : Outcome::valid_refused_by_yaml_cpp, detail};
  const auto want = expected_value(c);
  if (!want) return {Outcome::valid_read_not_comparable, detail};
  return {same_value(tree->value, *want) ? Outcome::valid_read_as_expected : Outcome::valid_read_differently,
          detail + " (the suite: " + want->dump() + ")"};
}

bool acceptable(const YamlSuiteCase& c, Outcome outcome) {
  if (c.invalid) return outcome == Outcome::invalid_refused;
  return outcome == Outcome::valid_read_as_expected || outcome == Outcome::valid_refused_deliberately ||
         outcome == Outcome::valid_read_not_comparable;
}

struct KnownException {
  Outcome outcome;
  const char* why;
};

// Cases whose outcome is not acceptable() but known, by id, with the reason; a change in either
// fails the test. None is left: every valid case yaml-cpp 0.7 cannot parse is refused by the
// pre-scan with a message that names the construct (or read, for a tab-only line), and every
// invalid one it accepts is refused (yaml_flow_scan.h). A new one must be listed here first.
const std::map<std::string, KnownException> kKnownExceptions = {};

// The counts docs/test-matrix.md records (I21); a change of either must change both.
const std::map<Outcome, int> kRecordedCounts = {
    {Outcome::valid_read_as_expected, 223},
    {Outcome::valid_read_differently, 0},
    {Outcome::valid_refused_deliberately, 68},
    {Outcome::valid_refused_by_yaml_cpp, 0},
    {Outcome::valid_read_not_comparable, 17},
    {Outcome::invalid_refused, 94},
    {Outcome::invalid_accepted, 0},
};

TEST_SUITE("needs yaml-test-suite") {
  TEST_CASE("yaml-test-suite: valid cases read as the suite's JSON or are refused by name; invalid ones are refused") {
    const auto dir = testing::yaml_test_suite_data_dir();
    if (!std::filesystem::is_directory(dir))
      testing::skip_test("the YAML test suite is not at " + dir.string() + ": run scripts/setup");
    auto cases = testing::load_yaml_test_suite(dir);
    REQUIRE_MESSAGE(cases.has_value(), cases.error());
    REQUIRE(cases->size() == 402);

    std::map<Outcome, int> counts;
    for (const auto& c : *cases) {
      const CaseOutcome got = outcome_of(c);
      ++counts[got.outcome];
      const auto known = kKnownExceptions.find(c.id);
      const std::string what = c.id + ": " + name_of(got.outcome) + ": " + got.detail;
      INFO(what);
      if (known != kKnownExceptions.end()) CHECK_MESSAGE(got.outcome == known->second.outcome, "a known exception changed: ", known->second.why);
      else CHECK(acceptable(c, got.outcome));
    }
    for (const auto& [outcome, recorded] : kRecordedCounts) {
      INFO(std::string(name_of(outcome)));
      CHECK(counts[outcome] == recorded);
    }
  }
}

}  // namespace
}  // namespace synops
