#include "helm_stored_chart.h"

#include <sys/stat.h>

#include <fstream>

#include "engine/base64.h"

namespace synops::apply {

namespace fs = std::filesystem;

namespace {

bool stays_inside(const std::string& name) {
  const fs::path path(name);
  if (name.empty() || path.is_absolute()) return false;
  for (const auto& step : path)
    if (step == "..") return false;
  return true;
}

Result<bool> write_private(const fs::path& dir, const std::string& name, const std::string& content) {
  if (!stays_inside(name)) return fail("the stored chart names a file outside the chart (\"" + name + "\"); it is not written");
  const fs::path file = dir / name;
  std::error_code error;
  fs::create_directories(file.parent_path(), error);
  if (error) return fail("cannot create " + file.parent_path().string() + ": " + error.message());
  const mode_t old_mask = ::umask(077);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  ::umask(old_mask);
  if (!out) return fail("cannot write " + file.string());
  return true;
}

// templates and files: [{"name": "templates/statefulset.yaml", "data": base64}].
Result<bool> write_files(const nlohmann::json& files, const fs::path& dir) {
  if (!files.is_array()) return true;
  for (const auto& file : files) {
    const auto data = base64_decode(file.value("data", ""));
    if (!data) return fail("the stored chart's file \"" + file.value("name", "") + "\" is not base64");
    if (auto written = write_private(dir, file.value("name", ""), *data); !written) return written;
  }
  return true;
}

}  // namespace

std::string stored_chart_problem(const nlohmann::json& release, const std::string& what) {
  const nlohmann::json chart = release.value("chart", nlohmann::json());
  if (!chart.is_object() || !chart.value("metadata", nlohmann::json()).is_object())
    return what + " stores no chart; name the chart in redis.yaml (chart, version)";
  const nlohmann::json dependencies = chart["metadata"].value("dependencies", nlohmann::json::array());
  if (dependencies.is_array() && !dependencies.empty()) {
    std::string names;
    for (const auto& dependency : dependencies) names += (names.empty() ? "" : ", ") + dependency.value("name", std::string("?"));
    return what + " stores chart " + chart["metadata"].value("name", "") + " without its dependencies (" + names +
           "): Helm keeps no subcharts in a release, so it cannot be upgraded from the stored chart. Name the chart in redis.yaml "
           "(chart: bitnami/redis, version: the deployed one)";
  }
  return "";
}

Result<bool> write_stored_chart(const nlohmann::json& release, const fs::path& dir) {
  if (const std::string problem = stored_chart_problem(release, "the release"); !problem.empty()) return fail(problem);
  std::error_code error;
  fs::create_directories(dir, error);
  if (error || ::chmod(dir.c_str(), 0700) != 0) return fail("cannot create the private directory " + dir.string());
  const nlohmann::json& chart = release["chart"];
  // JSON is YAML: Chart.yaml and values.yaml are written as the release holds them.
  if (auto written = write_private(dir, "Chart.yaml", chart["metadata"].dump(2)); !written) return written;
  const nlohmann::json values = chart.contains("values") && chart["values"].is_object() ? chart["values"] : nlohmann::json::object();
  if (auto written = write_private(dir, "values.yaml", values.dump(2)); !written) return written;
  if (chart.contains("schema") && chart["schema"].is_string()) {
    const auto schema = base64_decode(chart["schema"].get<std::string>());
    if (!schema) return fail("the stored chart's values.schema.json is not base64");
    if (auto written = write_private(dir, "values.schema.json", *schema); !written) return written;
  }
  if (auto written = write_files(chart.value("templates", nlohmann::json()), dir); !written) return written;
  return write_files(chart.value("files", nlohmann::json()), dir);
}

}  // namespace synops::apply
