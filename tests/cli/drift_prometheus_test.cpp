// `drift --format prometheus` checked against the text exposition format (0.0.4) by a small
// line-by-line checker, since node-exporter's textfile collector drops a whole file it cannot
// parse: metric and label names, label value escaping, HELP/TYPE before samples, one block
// per metric, no duplicate series, a newline at the end.
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "cli/render_drift.h"
#include "support/run_synops.h"

namespace synops::testing {

using namespace synops::cli;
namespace {

const std::regex kMetricName("[a-zA-Z_:][a-zA-Z0-9_:]*");
const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");
const std::regex kValue(R"([+-]?(Inf|NaN|[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?|\.[0-9]+([eE][+-]?[0-9]+)?))");

// Parses `{a="x",b="y"}` from `text` at `at`; returns the canonical label set or an error.
bool parse_labels(const std::string& text, size_t& at, std::string& canonical, std::string& error) {
  ++at;  // '{'
  std::set<std::string> names;
  while (at < text.size() && text[at] != '}') {
    const size_t eq = text.find('=', at);
    if (eq == std::string::npos) return error = "label without '='", false;
    const std::string name = text.substr(at, eq - at);
    if (!std::regex_match(name, kLabelName) || name.starts_with("__")) return error = "bad label name \"" + name + "\"", false;
    if (!names.insert(name).second) return error = "label \"" + name + "\" twice", false;
    at = eq + 1;
    if (at >= text.size() || text[at] != '"') return error = "label value not quoted", false;
    std::string value;
    for (++at; at < text.size() && text[at] != '"'; ++at) {
      if (text[at] == '\n') return error = "raw newline in label value", false;
      if (text[at] != '\\') {
        value += text[at];
        continue;
      }
      if (++at >= text.size() || (text[at] != '\\' && text[at] != '"' && text[at] != 'n'))
        return error = "bad escape in label value", false;
      value += text[at];
    }
    if (at >= text.size()) return error = "unterminated label value", false;
    canonical += name + "=" + value + ";";
    ++at;  // closing quote
    if (at < text.size() && text[at] == ',') ++at;
    else if (at < text.size() && text[at] != '}') return error = "expected ',' or '}' after a label", false;
  }
  if (at >= text.size()) return error = "unterminated label set", false;
  ++at;  // '}'
  return true;
}

// Every rule broken, one line each as "line N: problem"; empty when the text is valid.
std::vector<std::string> exposition_problems(const std::string& text) {
  std::vector<std::string> problems;
  if (text.empty() || text.back() != '\n') problems.push_back("the text does not end with a newline");
  std::set<std::string> typed, helped, finished, series;
  std::string current;  // the metric whose samples are being read
  size_t number = 0;
  for (size_t start = 0; start < text.size();) {
    const size_t end = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    auto problem = [&](const std::string& what) { problems.push_back("line " + std::to_string(number) + ": " + what); };
    if (line.empty()) continue;
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
      const bool help = line[2] == 'H';
      const std::string rest = line.substr(7);
      const std::string name = rest.substr(0, rest.find(' '));
      if (!std::regex_match(name, kMetricName)) problem("bad metric name \"" + name + "\"");
      if (!(help ? helped : typed).insert(name).second) problem(std::string(help ? "HELP" : "TYPE") + " twice for " + name);
      if (finished.contains(name) || name == current) problem(std::string(help ? "HELP" : "TYPE") + " after samples of " + name);
      if (!help && !std::regex_match(rest.substr(name.size()), std::regex(" (counter|gauge|histogram|summary|untyped)")))
        problem("bad TYPE line");
      continue;
    }
    if (line.starts_with("#")) continue;
    size_t at = line.find_first_of("{ ");
    const std::string name = line.substr(0, at);
    if (!std::regex_match(name, kMetricName)) problem("bad metric name \"" + name + "\"");
    if (!typed.contains(name) || !helped.contains(name)) problem("sample of " + name + " before its HELP and TYPE");
    if (name != current) {
      if (finished.contains(name)) problem("samples of " + name + " are not together");
      if (!current.empty()) finished.insert(current);
      current = name;
    }
    std::string labels, error;
    if (at != std::string::npos && line[at] == '{' && !parse_labels(line, at, labels, error)) {
      problem(error);
      continue;
    }
    if (at == std::string::npos || line[at] != ' ') {
      problem("no value");
      continue;
    }
    const std::string value = line.substr(at + 1, line.find(' ', at + 1) - at - 1);
    if (!std::regex_match(value, kValue)) problem("bad value \"" + value + "\"");
    if (!series.insert(name + "{" + labels + "}").second) problem("duplicate series " + name + "{" + labels + "}");
  }
  return problems;
}

TEST_CASE("the checker catches what breaks the exposition format") {
  const std::string header = "# HELP m help\n# TYPE m gauge\n";
  CHECK(exposition_problems(header + "m{kind=\"a\"} 1\nm{kind=\"b\"} 0\n").empty());
  CHECK(exposition_problems(header + "m 1") == std::vector<std::string>{"the text does not end with a newline"});
  CHECK(exposition_problems("m 1\n") == std::vector<std::string>{"line 1: sample of m before its HELP and TYPE"});
  CHECK(exposition_problems(header + "m{kind=\"a\"} 1\nm{kind=\"a\"} 2\n") ==
        std::vector<std::string>{"line 4: duplicate series m{kind=a;}"});
  CHECK(exposition_problems(header + "m{kind=\"a\\x\"} 1\n") == std::vector<std::string>{"line 3: bad escape in label value"});
  CHECK(exposition_problems(header + "m{kind=a} 1\n") == std::vector<std::string>{"line 3: label value not quoted"});
  CHECK(exposition_problems(header + "m{1kind=\"a\"} 1\n") == std::vector<std::string>{"line 3: bad label name \"1kind\""});
  CHECK(exposition_problems(header + "m{__kind=\"a\"} 1\n") == std::vector<std::string>{"line 3: bad label name \"__kind\""});
  CHECK(exposition_problems(header + "m one\n") == std::vector<std::string>{"line 3: bad value \"one\""});
  CHECK(exposition_problems("# HELP 1m x\n# TYPE 1m gauge\n1m 1\n").size() == 3);
  CHECK(exposition_problems(header + "m 1\n# HELP n n\n# TYPE n gauge\nn 1\nm 2\n") ==
        std::vector<std::string>{"line 7: samples of m are not together", "line 7: duplicate series m{}"});
  CHECK(exposition_problems(header + "m 1\n# TYPE m counter\n") ==
        std::vector<std::string>{"line 4: TYPE twice for m", "line 4: TYPE after samples of m"});
}

DriftReport report_with(std::vector<DriftItem> items) {
  DriftReport report;
  report.items = std::move(items);
  return report;
}

TEST_CASE("every drift type is listed, zeros included, in a fixed order, each series labelled with the deployment") {
  const std::string text = render_drift_prometheus(DriftReport{}, {.deployment = "matrix", .finished_at = 1732012345, .duration_seconds = 1.25});
  CHECK(exposition_problems(text).empty());
  CHECK(text ==
        "# HELP synops_drift_items Drift items found by the last synops drift run, by type of drift.\n"
        "# TYPE synops_drift_items gauge\n"
        "synops_drift_items{deployment=\"matrix\",drift=\"field\"} 0\n"
        "synops_drift_items{deployment=\"matrix\",drift=\"image\"} 0\n"
        "synops_drift_items{deployment=\"matrix\",drift=\"config-not-in-effect\"} 0\n"
        "synops_drift_items{deployment=\"matrix\",drift=\"instance-map\"} 0\n"
        "synops_drift_items{deployment=\"matrix\",drift=\"pending-restart\"} 0\n"
        "synops_drift_items{deployment=\"matrix\",drift=\"effective-setting\"} 0\n"
        "# HELP synops_drift_object_items Drift items of the last run by type of drift and Kubernetes object (a pod's "
        "items count against its workload).\n"
        "# TYPE synops_drift_object_items gauge\n"
        "# HELP synops_drift_ignored_items Drift items left out of the last run by drift.ignore rules.\n"
        "# TYPE synops_drift_ignored_items gauge\n"
        "synops_drift_ignored_items{deployment=\"matrix\"} 0\n"
        "# HELP synops_drift_checks_skipped Checks the last run could not make (its stderr says why): blind spots.\n"
        "# TYPE synops_drift_checks_skipped gauge\n"
        "synops_drift_checks_skipped{deployment=\"matrix\"} 0\n"
        "# HELP synops_drift_in_sync 1 when the live deployment matched the manifests and was in effect at the last "
        "run, else 0.\n"
        "# TYPE synops_drift_in_sync gauge\n"
        "synops_drift_in_sync{deployment=\"matrix\"} 1\n"
        "# HELP synops_drift_run_duration_seconds How long the last synops drift run took to read the live state and "
        "compare it.\n"
        "# TYPE synops_drift_run_duration_seconds gauge\n"
        "synops_drift_run_duration_seconds{deployment=\"matrix\"} 1.250\n"
        "# HELP synops_drift_last_run_timestamp_seconds Unix time at which the last synops drift run completed.\n"
        "# TYPE synops_drift_last_run_timestamp_seconds gauge\n"
        "synops_drift_last_run_timestamp_seconds{deployment=\"matrix\"} 1732012345\n");
}

TEST_CASE("for a Pushgateway whose grouping key holds the deployment, no series carries that label") {
  const std::string text =
      render_drift_prometheus(DriftReport{}, {.deployment = "matrix", .finished_at = 1, .deployment_in_grouping_key = true});
  CHECK(exposition_problems(text).empty());
  CHECK(text.find("deployment=") == std::string::npos);
  CHECK(text.find("synops_drift_items{drift=\"field\"} 0\n") != std::string::npos);
  CHECK(text.find("synops_drift_in_sync 1\n") != std::string::npos);
}

TEST_CASE("objects are labelled by Kubernetes kind, namespace and name, one value per label; pods count against their workload") {
  DriftItem odd;
  odd.kind = DriftKind::field;
  odd.object = {"ConfigMap", "matrix", "a\"b\\c\nd"};
  DriftItem pod;
  pod.kind = DriftKind::image;
  pod.object = {"Pod", "matrix", "synapse-main-0"};
  pod.owner = ObjectRef{"StatefulSet", "matrix", "synapse-main"};
  DriftItem tenant;
  tenant.kind = DriftKind::field;
  tenant.object = {"Tenant", "minio-tenant", "synapse-media"};
  const std::string text = render_drift_prometheus(report_with({odd, pod, pod, tenant}), {.deployment = "matrix"});
  CHECK(exposition_problems(text).empty());
  CHECK(text.find("synops_drift_object_items{deployment=\"matrix\",drift=\"field\",kind=\"ConfigMap\",namespace=\"matrix\","
                  "name=\"a\\\"b\\\\c\\nd\"} 1\n") != std::string::npos);
  CHECK(text.find("synops_drift_object_items{deployment=\"matrix\",drift=\"image\",kind=\"StatefulSet\",namespace=\"matrix\","
                  "name=\"synapse-main\"} 2\n") != std::string::npos);
  CHECK(text.find("synops_drift_object_items{deployment=\"matrix\",drift=\"field\",kind=\"Tenant\",namespace=\"minio-tenant\","
                  "name=\"synapse-media\"} 1\n") != std::string::npos);
  CHECK(text.find("object=") == std::string::npos);
  CHECK(text.find("synops_drift_items{deployment=\"matrix\",drift=\"image\"} 2\n") != std::string::npos);
  CHECK(text.find("synops_drift_in_sync{deployment=\"matrix\"} 0\n") != std::string::npos);
  CHECK(prometheus_label_value("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
}

TEST_CASE("the binary's metrics for the example follow the format and count the drift") {
  const auto result = run_synops("drift examples/matrix --format prometheus");
  INFO(result.err);
  CHECK(result.exit_code == 2);
  CHECK(exposition_problems(result.out).empty());
  CHECK(result.out.find("synops_drift_items{deployment=\"matrix\",drift=\"field\"} 7\n") != std::string::npos);
  CHECK(result.out.find("synops_drift_in_sync{deployment=\"matrix\"} 0\n") != std::string::npos);
  CHECK(std::regex_search(result.out, std::regex("\nsynops_drift_run_duration_seconds\\{deployment=\"matrix\"\\} [0-9]+\\.[0-9]{3}\n")));
  CHECK(std::regex_search(result.out,
                          std::regex("\nsynops_drift_last_run_timestamp_seconds\\{deployment=\"matrix\"\\} [0-9]{10}\n$")));
}

}  // namespace
}  // namespace synops::testing
