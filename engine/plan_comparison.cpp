#include "plan_comparison.h"

#include <map>
#include <set>

#include "plan_json.h"

namespace synops {

namespace {

using Json = nlohmann::ordered_json;

std::string step_name(const Json& step) {
  return "step " + step.value("id", std::string("?")) + " (" + step.value("key", std::string("?")) + ")";
}

// A step's changes by path, as the plan file writes them (sensitive values as "(sensitive)").
std::map<std::string, Json> changes_by_path(const Json& step) {
  std::map<std::string, Json> changes;
  for (const auto& change : step.value("changes", Json::array())) changes[change.value("path", std::string())] = change;
  return changes;
}

// Why two steps with the same key differ, one sentence each, naming paths and members only.
void compare_step(const Json& saved, const Json& fresh, std::vector<std::string>& out) {
  const auto saved_changes = changes_by_path(saved);
  const auto fresh_changes = changes_by_path(fresh);
  for (const auto& [path, change] : saved_changes) {
    const auto found = fresh_changes.find(path);
    if (found == fresh_changes.end())
      out.push_back(step_name(saved) + " writes " + path + ", which the manifests do not ask for");
    else if (found->second != change)
      out.push_back(step_name(saved) + " writes " + path + " otherwise than the manifests ask (another value, or it was edited)");
  }
  for (const auto& [path, change] : fresh_changes)
    if (!saved_changes.contains(path)) out.push_back(step_name(saved) + " lacks the change of " + path + " that the manifests ask for");
  for (const auto& [member, value] : saved.items()) {
    if (member == "changes") continue;
    const auto other = fresh.find(member);
    if (other == fresh.end() || *other != value) out.push_back(step_name(saved) + ": its " + member + " is not what synops plans now");
  }
  for (const auto& [member, value] : fresh.items())
    if (!saved.contains(member)) out.push_back(step_name(saved) + ": its " + member + " is not what synops plans now");
}

// A step's settings: everything but its changes, which are compared one by one.
Json settings_of(Json step) {
  step.erase("changes");
  return step;
}

std::map<std::string, const Json*> steps_by_key(const Json& steps) {
  std::map<std::string, const Json*> by_key;
  for (const auto& step : steps) by_key[step.value("key", std::string())] = &step;
  return by_key;
}

}  // namespace

PlanMatch match_plans(const Plan& saved, const Plan& fresh) {
  const Json saved_steps = plan_to_json(saved)["actions"];
  const Json fresh_steps = plan_to_json(fresh)["actions"];
  const auto fresh_by_key = steps_by_key(fresh_steps);
  PlanMatch match;
  std::set<std::string> seen;
  for (const auto& step : saved_steps) {
    const std::string key = step.value("key", std::string());
    seen.insert(key);
    const auto found = fresh_by_key.find(key);
    const Json* fresh_step = found == fresh_by_key.end() ? nullptr : found->second;
    match.step_differs.push_back(fresh_step == nullptr || settings_of(step) != settings_of(*fresh_step));
    const auto fresh_changes = fresh_step == nullptr ? std::map<std::string, Json>{} : changes_by_path(*fresh_step);
    std::vector<bool> differs;
    for (const auto& change : step.value("changes", Json::array())) {
      const auto same = fresh_changes.find(change.value("path", std::string()));
      differs.push_back(same == fresh_changes.end() || same->second != change);
    }
    match.change_differs.push_back(std::move(differs));
  }
  for (const auto& step : fresh_steps)
    if (!seen.contains(step.value("key", std::string()))) match.missing.push_back(step.value("key", std::string()));
  return match;
}

std::vector<std::string> plan_differences(const Plan& saved, const Plan& fresh) {
  const Json saved_steps = plan_to_json(saved)["actions"];
  const Json fresh_steps = plan_to_json(fresh)["actions"];
  std::map<std::string, const Json*> fresh_by_key;
  for (const auto& step : fresh_steps) fresh_by_key[step.value("key", std::string())] = &step;
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& step : saved_steps) {
    const std::string key = step.value("key", std::string());
    seen.insert(key);
    const auto found = fresh_by_key.find(key);
    if (found == fresh_by_key.end()) out.push_back(step_name(step) + " is not a step the manifests and the cluster call for");
    else compare_step(step, *found->second, out);
  }
  for (const auto& step : fresh_steps)
    if (!seen.contains(step.value("key", std::string())))
      out.push_back("the manifests and the cluster call for " + step.value("key", std::string()) + ", which the plan file lacks");
  return out;
}

}  // namespace synops
