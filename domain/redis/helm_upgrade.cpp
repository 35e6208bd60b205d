#include "helm_upgrade.h"

#include <filesystem>

#include "adapters/helm/helm_history.h"
#include "adapters/helm/helm_release.h"
#include "domain/apply_kit/object_update.h"
#include "domain/apply_kit/step_wait.h"
#include "engine/json_pointer.h"
#include "helm_command.h"
#include "helm_release_workloads.h"
#include "helm_stored_chart.h"

namespace synops::apply {

namespace {

constexpr std::string_view kValuesPrefix = "/values";  // the planner's changes: "/values/image/tag"
constexpr std::string_view kChartVersion = "/chart/metadata/version";  // monitoring's: the chart's version (§2.6)

// The chart version the step upgrades to, when it changes the chart rather than values.
std::optional<std::string> new_chart_version(const Action& action) {
  for (const auto& change : action.changes)
    if (change.path.pointer == kChartVersion && change.after.is_string()) return change.after.get<std::string>();
  return std::nullopt;
}

std::string release_name(const Action& action) { return "Helm release " + action.target.ns + "/" + action.target.name; }

// "/values/image/tag" -> "image.tag", escaped as helm's --set parser reads keys.
std::string set_key(const std::string& pointer) {
  std::string key;
  for (const auto& step : pointer_tokens(pointer.substr(kValuesPrefix.size()))) {
    if (!key.empty()) key += '.';
    for (char c : step) {
      if (c == '.' || c == ',' || c == '=' || c == '[' || c == '\\') key += '\\';
      key += c;
    }
  }
  return key;
}

std::string timeout_argument(const ActuationContext& context) {
  // A Redis release's wait is its StatefulSets'.
  return std::to_string(context.options.wait_timeout.value_or(wait_timeout_for("StatefulSet")).count()) + "s";
}

Result<std::vector<HelmRevisionSecret>> history_of(ActuationContext& context, const Action& action) {
  return read_release_history(context.client, action.target.ns, action.target.name);
}

// The decoded release document of one revision.
Result<nlohmann::json> release_at(const std::vector<HelmRevisionSecret>& history, int revision, const Action& action) {
  for (const auto& entry : history)
    if (entry.revision == revision)
      return decode_helm_release(entry.secret.body.value("/data/release"_json_pointer, std::string()), entry.secret.ref.str());
  return fail(release_name(action) + " has no revision " + std::to_string(revision) + " any more");
}

// The CHART argument (and --version), from the before-image; a stored chart is written out first.
Result<std::vector<std::string>> chart_arguments(ActuationContext& context, const StepRun& step, const std::filesystem::path& dir) {
  const nlohmann::json& chart = step.before.value("chart", nlohmann::json::object());
  if (chart.contains("name")) {
    std::vector<std::string> arguments{chart["name"].get<std::string>()};
    if (!chart.value("version", "").empty()) arguments.insert(arguments.end(), {"--version", chart["version"].get<std::string>()});
    return arguments;
  }
  auto history = history_of(context, step.action);
  if (!history) return std::unexpected(history.error());
  auto release = release_at(*history, step.before.value("revision", 0), step.action);
  if (!release) return std::unexpected(release.error());
  if (auto written = write_stored_chart(*release, dir); !written) return std::unexpected(written.error());
  return std::vector<std::string>{dir.string()};
}

std::vector<std::string> value_arguments(const Action& action) {
  std::vector<std::string> arguments;
  for (const auto& change : action.changes)
    if (change.path.pointer.starts_with(kValuesPrefix))
      arguments.insert(arguments.end(), {"--set-json", set_key(change.path.pointer) + "=" + change.after.dump()});
  return arguments;
}

// helm upgrade NAME CHART --reuse-values --set-json ... --wait --timeout, said in a progress line first.
Result<std::string> upgrade(ActuationContext& context, const StepRun& step, const std::filesystem::path& chart_dir) {
  const Action& action = step.action;
  auto chart = chart_arguments(context, step, chart_dir);
  if (!chart) return std::unexpected(chart.error());
  std::vector<std::string> arguments{"upgrade", action.target.name};
  arguments.insert(arguments.end(), chart->begin(), chart->end());
  // A new chart version brings new default values: --reuse-values would keep the old chart's
  // defaults under the new templates. --reset-then-reuse-values (helm 3.14) takes the new
  // chart's defaults and the release's own values over them, as the guide's -f values file does.
  arguments.push_back(new_chart_version(action) ? "--reset-then-reuse-values" : "--reuse-values");
  const auto values = value_arguments(action);
  arguments.insert(arguments.end(), values.begin(), values.end());
  arguments.insert(arguments.end(), {"--wait", "--timeout", timeout_argument(context)});
  std::string shown;
  for (const auto& argument : arguments) shown += " " + argument;
  context.progress(step.label + ": helm" + shown);  // plain values only (refusal): nothing secret
  return run_helm(context, action.id + ": helm upgrade of " + release_name(action), action.target.ns, arguments);
}

}  // namespace

std::optional<std::string> HelmUpgrade::refusal(const Action& action) const {
  if (!action.helm) return action.target.str() + ": the plan step names no release revision; make the plan again";
  for (const auto& change : action.changes) {
    if (change.path.pointer == kChartVersion && change.after.is_string() && !change.sensitive) continue;
    if (!change.path.pointer.starts_with(kValuesPrefix) || change.sensitive)
      return action.target.str() + " " + change.path.str() + ": apply sets only plain Helm values (--set-json), never secret ones, and the chart version";
  }
  return std::nullopt;
}

std::optional<std::string> HelmUpgrade::missing_program(const ApplyOptions& options) const { return missing_helm(options.helm.binary); }

bool HelmUpgrade::writes_cluster() const { return true; }

bool HelmUpgrade::has_undo() const { return true; }

Result<nlohmann::json> HelmUpgrade::before_image(ActuationContext& context, const Action& action) const {
  auto history = history_of(context, action);
  if (!history) return std::unexpected(history.error());
  const int planned = static_cast<int>(action.helm->revision);
  const int newest = newest_revision(*history);
  if (newest != planned)
    return fail("changed since plan: " + release_name(action) + " is at revision " + std::to_string(newest) + ", the plan was made from revision " +
                std::to_string(planned) + "; make the plan again");
  nlohmann::json before = {{"revision", planned}};
  const auto chosen = context.options.helm.charts.find(action.target.ns + "/" + action.target.name);
  const auto version = new_chart_version(action);
  if (chosen != context.options.helm.charts.end()) {
    if (version && chosen->second.version != *version)
      return fail(release_name(action) + ": the plan upgrades it to chart version " + *version + ", the manifests now say " +
                  (chosen->second.version.empty() ? "none" : chosen->second.version) + "; make the plan again");
    before["chart"] = {{"name", chosen->second.chart}, {"version", chosen->second.version}};
    return before;
  }
  if (version)  // the stored chart has one version, its own
    return fail(release_name(action) + ": the plan upgrades it to chart version " + *version +
                ", but the manifests name no chart for it; apply it in the manifests' directory");
  auto release = release_at(*history, planned, action);
  if (!release) return std::unexpected(release.error());
  if (const std::string problem = stored_chart_problem(*release, release_name(action) + " (revision " + std::to_string(planned) + ")");
      !problem.empty())
    return fail(problem);
  before["chart"] = {{"stored", planned}};
  return before;
}

Result<nlohmann::json> HelmUpgrade::act(ActuationContext& context, const StepRun& step) const {
  const Action& action = step.action;
  const std::filesystem::path chart_dir = context.backup_prefix.string() + ".chart-" + action.target.name;
  auto upgraded = upgrade(context, step, chart_dir);
  std::error_code ignored;
  std::filesystem::remove_all(chart_dir, ignored);  // a stored chart is only for this helm run
  if (!upgraded) return std::unexpected(upgraded.error());
  auto history = history_of(context, action);
  if (!history) return std::unexpected(history.error());
  context.progress(step.label + ": " + release_name(action) + " is at revision " + std::to_string(newest_revision(*history)));
  return nlohmann::json{{"revision", newest_revision(*history)}};
}

Result<bool> HelmUpgrade::undo(ActuationContext& context, const BegunStep& step) const {
  const Action& action = step.action;
  const int before = step.before.value("revision", 0);
  auto history = history_of(context, action);
  if (!history) return std::unexpected(history.error());
  if (newest_revision(*history) == before) return true;  // helm stopped before it wrote a revision: nothing to undo
  context.progress("helm rollback " + action.target.name + " " + std::to_string(before) + " (" + release_name(action) + ")");
  const std::string what = action.id + ": helm rollback of " + release_name(action) + " to revision " + std::to_string(before);
  if (auto rolled = run_helm(context, what, action.target.ns, {"rollback", action.target.name, std::to_string(before)}); !rolled)
    return std::unexpected(rolled.error());
  // helm rollback --wait would wait for ever on a pod an OrderedReady StatefulSet never
  // replaces: free them (a forced rollback), then wait as helm would.
  auto sets = release_statefulsets(context, action.target);
  if (!sets) return std::unexpected(sets.error());
  for (const auto& set : *sets)
    if (auto freed = delete_pods_left_on_undone_template(context, set); !freed) return fail(what + ": " + freed.error().front().message);
  for (const auto& set : *sets)
    if (auto ready = wait_until_ready(context, set, "undo " + action.id); !ready) return ready;
  return true;
}

Result<bool> HelmUpgrade::verify(ActuationContext& context, const Action& action) const {
  auto history = history_of(context, action);
  if (!history) return std::unexpected(history.error());
  const HelmRevisionSecret* deployed = nullptr;
  for (const auto& entry : *history)
    if (entry.status == "deployed") deployed = &entry;
  if (deployed == nullptr || deployed->revision <= action.helm->revision)
    return fail(release_name(action) + " has no deployed revision after " + std::to_string(action.helm->revision));
  auto release = release_at(*history, deployed->revision, action);
  if (!release) return std::unexpected(release.error());
  const nlohmann::json deployed_version = value_at(*release, std::string(kChartVersion));
  const nlohmann::json values = HelmRelease{&deployed->secret, deployed->revision, std::move(*release)}.effective_values();
  for (const auto& change : action.changes) {
    if (change.path.pointer == kChartVersion) {
      if (deployed_version != change.after)
        return fail(release_name(action) + " revision " + std::to_string(deployed->revision) + " has chart version " +
                    deployed_version.dump() + ", not " + change.after.dump());
      continue;
    }
    if (value_at(values, change.path.pointer.substr(kValuesPrefix.size())) != change.after)
      return fail(release_name(action) + " revision " + std::to_string(deployed->revision) + " has " + set_key(change.path.pointer) + " = " +
                  value_at(values, change.path.pointer.substr(kValuesPrefix.size())).dump() + ", not " + change.after.dump());
  }
  return true;
}

}  // namespace synops::apply
