// The shipped monitoring and deployment examples, checked as users rely on them: the CronJob
// passes Pod Security "restricted", the alert rules and the metrics pass promtool (and the
// rules' unit tests), the dashboard queries metrics synops emits, and the container images
// hold what the binary links.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <map>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_run.h"
#include "support/run_synops.h"
#include "support/skip.h"
#include "support/api_server.h"
#include "support/shell.h"

namespace synops::testing {
namespace {

namespace fs = std::filesystem;

const char* const kRules = "examples/monitoring/prometheusrule.yaml";

// Pod Security Standards, "restricted" profile (v1.25+): what a container must say.
void check_restricted_container(const YAML::Node& container, const YAML::Node& pod) {
  const std::string name = container["name"].as<std::string>();
  INFO("container " << name);
  const YAML::Node context = container["securityContext"];
  REQUIRE(context.IsMap());
  CHECK(context["allowPrivilegeEscalation"].as<std::string>() == "false");
  CHECK(context["capabilities"]["drop"].size() == 1);
  CHECK(context["capabilities"]["drop"][0].as<std::string>() == "ALL");
  CHECK_FALSE(context["capabilities"]["add"]);
  CHECK_FALSE(context["privileged"].IsDefined());
  CHECK(context["readOnlyRootFilesystem"].as<std::string>() == "true");
  // runAsNonRoot and seccomp may come from the pod; the container's own settings win.
  const YAML::Node non_root = context["runAsNonRoot"] ? context["runAsNonRoot"] : pod["securityContext"]["runAsNonRoot"];
  CHECK(non_root.as<std::string>() == "true");
  const YAML::Node seccomp = context["seccompProfile"] ? context["seccompProfile"] : pod["securityContext"]["seccompProfile"];
  CHECK(seccomp["type"].as<std::string>() == "RuntimeDefault");
  if (context["runAsUser"]) CHECK(context["runAsUser"].as<int>() != 0);
  CHECK_FALSE(container["ports"].IsDefined());  // no hostPort either
}

TEST_CASE("the drift CronJob passes Pod Security \"restricted\" and pushes instead of writing to the node") {
  const YAML::Node cronjob = YAML::LoadFile("examples/cron/cronjob.yaml");
  REQUIRE(cronjob["kind"].as<std::string>() == "CronJob");
  const YAML::Node pod = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"];
  REQUIRE(pod.IsMap());
  for (const char* host : {"hostNetwork", "hostPID", "hostIPC", "hostUsers"}) CHECK_FALSE(pod[host].IsDefined());
  CHECK(pod["securityContext"]["runAsNonRoot"].as<std::string>() == "true");
  CHECK(pod["securityContext"]["runAsUser"].as<int>() != 0);
  // The volume types "restricted" allows; hostPath is not one of them.
  const std::set<std::string> allowed{"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
                                      "persistentVolumeClaim", "projected", "secret"};
  for (const auto& volume : pod["volumes"])
    for (const auto& field : volume)
      if (field.first.as<std::string>() != "name") CHECK_MESSAGE(allowed.contains(field.first.as<std::string>()), field.first);
  for (const char* list : {"containers", "initContainers"})
    for (const auto& container : pod[list]) check_restricted_container(container, pod);
  CHECK(pod["containers"].size() == 1);
  const std::string script = pod["containers"][0]["args"][0].as<std::string>();
  // One run of drift: the report in the log and the metrics pushed from the same read.
  CHECK(std::regex_search(script, std::regex("synops drift [^\n]*--pushgateway")));
  CHECK(std::count(script.begin(), script.end(), '\n') > 0);
  size_t runs = 0;
  for (size_t at = 0; (at = script.find("synops drift", at)) != std::string::npos; ++at) ++runs;
  CHECK(runs == 1);
}

TEST_CASE("the dashboard queries only metrics synops drift emits") {
  const auto dashboard = nlohmann::json::parse(slurp("examples/monitoring/grafana-dashboard.json"));
  const auto metrics = run_synops("drift examples/matrix -o prometheus");
  REQUIRE(metrics.exit_code == 2);
  std::set<std::string> emitted;
  const std::regex type_line("# TYPE (synops_[a-z_]+) ");
  for (std::sregex_iterator it(metrics.out.begin(), metrics.out.end(), type_line), end; it != end; ++it) emitted.insert((*it)[1]);
  REQUIRE(emitted.size() == 7);
  std::set<std::string> queried;
  const std::regex name("synops_drift_[a-z_]+");
  for (const auto& panel : dashboard["panels"])
    for (const auto& target : panel["targets"]) {
      const std::string expr = target["expr"];
      for (std::sregex_iterator it(expr.begin(), expr.end(), name), end; it != end; ++it) {
        CHECK_MESSAGE(emitted.contains(it->str()), it->str() << " in panel " << panel["title"]);
        queried.insert(it->str());
      }
    }
  CHECK(queried == emitted);
}

TEST_CASE("the alert rules query only metrics and labels synops drift emits") {
  const YAML::Node rule = YAML::LoadFile(kRules);
  const auto metrics = run_synops("drift examples/matrix -o prometheus");
  const std::regex name("synops_drift_[a-z_]+");
  for (const auto& group : rule["spec"]["groups"])
    for (const auto& alert : group["rules"]) {
      const std::string expr = alert["expr"].as<std::string>();
      for (std::sregex_iterator it(expr.begin(), expr.end(), name), end; it != end; ++it)
        CHECK_MESSAGE(metrics.out.find("# TYPE " + it->str() + " gauge\n") != std::string::npos, it->str());
      for (const char* drift : {"config-not-in-effect", "instance-map", "pending-restart"})
        if (expr.find(drift) != std::string::npos) CHECK(metrics.out.find("drift=\"" + std::string(drift) + "\"") != std::string::npos);
    }
}

// The stages of a multi-stage Dockerfile: name -> the lines of that stage.
std::map<std::string, std::string> dockerfile_stages(const std::string& text) {
  std::map<std::string, std::string> stages;
  std::string current;
  std::istringstream lines(text);
  const std::regex from("FROM \\S+ AS (\\S+)");
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_match(line, match, from)) current = match[1];
    if (!current.empty() && !line.starts_with("#")) stages[current] += line + "\n";  // comments introduce the next stage
  }
  return stages;
}

TEST_CASE("the Dockerfile builds a small drift image and an apply image with pg_dump and helm, both non-root, on a pinned base") {
  const std::string dockerfile = slurp("examples/cron/Dockerfile");
  const auto stages = dockerfile_stages(dockerfile);
  for (const char* stage : {"build", "helm", "runtime", "apply", "drift"}) CHECK_MESSAGE(stages.contains(stage), stage);
  // The base: a dated tag (or a digest), never a moving one.
  CHECK(std::regex_search(dockerfile, std::regex("ARG DEBIAN=debian:bookworm-[0-9]{8}-slim(@sha256:[0-9a-f]{64})?\n")));
  CHECK_FALSE(std::regex_search(dockerfile, std::regex("FROM debian:bookworm-slim")));
  // drift: the runtime with nothing added, and the default (last) target.
  CHECK(stages.at("drift").starts_with("FROM runtime AS drift\n"));
  CHECK(std::regex_search(dockerfile, std::regex("FROM runtime AS drift\n$")));
  CHECK(stages.at("drift").find("apt-get") == std::string::npos);
  CHECK(stages.at("runtime").find("postgresql-client") == std::string::npos);
  // apply: pg_dump from Debian, helm checked against its sha256.
  CHECK(stages.at("apply").find("postgresql-client") != std::string::npos);
  CHECK(stages.at("apply").find("COPY --from=helm /helm/helm/helm /usr/local/bin/helm") != std::string::npos);
  CHECK(std::regex_search(stages.at("helm"), std::regex("[0-9a-f]{64}  helm/helm\" \\| sha256sum -c")));
  // Non-root, last word in both images.
  for (const char* stage : {"runtime", "apply"}) {
    const std::string& text = stages.at(stage);
    const size_t user = text.rfind("\nUSER ");
    REQUIRE(user != std::string::npos);
    CHECK(text.substr(user, 17) == "\nUSER 65532:65532");
  }
  const std::string ignore = slurp(".dockerignore");
  for (const char* line : {".git\n", "build\n", "build-*\n"}) CHECK_MESSAGE(ignore.find(line) != std::string::npos, line);
}

}  // namespace

TEST_SUITE("needs dpkg") {
  TEST_CASE("the runtime image installs the package of every library the binary links") {
    if (!on_path("dpkg") || !on_path("readelf")) skip_test("dpkg and readelf (binutils) are needed to map libraries to packages");
    const std::string dockerfile = slurp("examples/cron/Dockerfile");
    const std::string runtime = dockerfile_stages(dockerfile).at("runtime");
    // Packages of the Debian base image itself (Essential or required by apt).
    std::set<std::string> installed{"libc6", "libgcc-s1", "libstdc++6"};
    const std::regex package("\\b(lib[a-z0-9.+-]+|zlib1g|ca-certificates)\\b");
    const std::string install = runtime.substr(runtime.find("install -y"), runtime.find("rm -rf") - runtime.find("install -y"));
    for (std::sregex_iterator it(install.begin(), install.end(), package), end; it != end; ++it) installed.insert(it->str());
    const ShellRun needed = run_shell(std::string("readelf -d '") + SYNOPS_BINARY + "' | sed -n 's/.*Shared library: \\[\\(.*\\)\\]/\\1/p'");
    REQUIRE(needed.exit_code == 0);
    std::istringstream libraries(needed.output);
    std::set<std::string> used;
    for (std::string library; std::getline(libraries, library);) {
      // The copy the dynamic linker loads decides the directory (not lib32's, say): the multiarch one.
      const ShellRun path = run_shell(std::string("ldd '") + SYNOPS_BINARY + "' | awk '$1 == \"" + library + "\" {print $3}'");
      const std::string multiarch = fs::path(path.output.substr(0, path.output.find('\n'))).parent_path().filename();
      const ShellRun owner = run_shell("dpkg -S '*/" + multiarch + "/" + library + "' | head -1 | cut -d: -f1");
      INFO(library << ": " << owner.output);
      REQUIRE(!owner.output.empty());
      const std::string name = owner.output.substr(0, owner.output.find('\n'));
      CHECK_MESSAGE(installed.contains(name), library << " comes from " << name << ", which the runtime stage does not install");
      used.insert(name);
    }
    // Nothing installed that the binary does not link, but for the CA certificates.
    for (const auto& name : installed)
      if (name != "ca-certificates") CHECK_MESSAGE(used.contains(name), name << " is installed but not linked");
  }
}

TEST_SUITE("needs promtool") {
  void require_promtool() {
    if (!on_path("promtool")) skip_test("promtool (Debian package prometheus) is not on PATH");
  }

  TEST_CASE("promtool accepts the metrics of the binary on the example") {
    require_promtool();
    ScratchDir dir;
    const auto result = run_synops("drift examples/matrix -o prometheus");
    REQUIRE(result.exit_code == 2);
    std::ofstream(dir.path() / "drift.prom") << result.out;
    const ShellRun check = run_shell("promtool check metrics < '" + (dir.path() / "drift.prom").string() + "'");
    INFO(check.output);
    CHECK(check.exit_code == 0);
    CHECK(check.output.empty());  // no lint warning either
  }

  TEST_CASE("promtool accepts the alert rules, and their unit tests pass") {
    require_promtool();
    ScratchDir dir;
    // The PrometheusRule's spec is a Prometheus rule file.
    YAML::Emitter rules;
    rules << YAML::LoadFile(kRules)["spec"];
    std::ofstream(dir.path() / "synops-drift.rules.yaml") << rules.c_str() << "\n";
    fs::copy_file("examples/monitoring/rules-test.yaml", dir.path() / "rules-test.yaml");
    const ShellRun check = run_shell("cd '" + dir.path().string() + "' && promtool check rules synops-drift.rules.yaml");
    INFO(check.output);
    CHECK(check.exit_code == 0);
    CHECK(check.output.find("SUCCESS: 6 rules found") != std::string::npos);
    const ShellRun test = run_shell("cd '" + dir.path().string() + "' && promtool test rules rules-test.yaml");
    INFO(test.output);
    CHECK(test.exit_code == 0);
    CHECK(test.output.find("SUCCESS") != std::string::npos);
  }
}

}  // namespace synops::testing
