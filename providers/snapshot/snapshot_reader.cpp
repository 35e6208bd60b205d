#include "snapshot_reader.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace synops {

namespace {

constexpr std::uintmax_t kMaxSnapshotBytes = 2ull << 30;  // 2 GiB: far above any real cluster read

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
  return "item " + item.value("kind", std::string("?")) + "/" +
         item.value("/metadata/name"_json_pointer, std::string("?"));
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
  state.add(std::move(object));
  return {};
}

Diagnostics add_document(const nlohmann::json& document, const std::string& source, LiveState& state) {
  Diagnostics problems;
  if (document.is_object() && document.value("kind", "") == "List") {
    for (const auto& item : document.value("items", nlohmann::json::array())) {
      auto found = add_object(item, source, state);
      problems.insert(problems.end(), found.begin(), found.end());
    }
    return problems;
  }
  return add_object(document, source, state);
}

Result<std::string> read_file(const std::filesystem::path& path, const std::string& source) {
  std::error_code error;
  auto size = std::filesystem::file_size(path, error);
  if (error) return fail(source + ": cannot read the live snapshot (" + error.message() + ")");
  if (size > kMaxSnapshotBytes) return fail(source + ": the live snapshot is larger than 2 GiB");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

Diagnostics add_snapshot_text(std::string_view text, const std::string& source, LiveState& state) {
  Diagnostics problems;
  // Several documents may follow each other, as when kubectl output is concatenated:
  // operator>> reads exactly one JSON value and leaves the stream after it.
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
      problems.push_back(Diagnostic{position_at(text, at, source), "not valid JSON: " + what.substr(what.find(':') + 2)});
      return problems;
    }
    auto found = add_document(document, source, state);
    problems.insert(problems.end(), found.begin(), found.end());
  }
  return problems;
}

Result<LiveState> read_snapshot(const std::filesystem::path& path) {
  LiveState state;
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(path)) {
    for (const auto& entry : std::filesystem::directory_iterator(path))
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::ranges::sort(files);
    if (files.empty()) return fail(path.string() + ": the live snapshot directory holds no .json file");
  } else {
    files.push_back(path);
  }
  Diagnostics problems;
  for (const auto& file : files) {
    auto text = read_file(file, file.string());
    if (!text) return std::unexpected(text.error());
    auto found = add_snapshot_text(*text, file.string(), state);
    problems.insert(problems.end(), found.begin(), found.end());
  }
  if (!problems.empty()) return fail(std::move(problems));
  return state;
}

}  // namespace synops
