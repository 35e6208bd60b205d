#include "plan_json.h"

#include "sensitivity.h"

namespace synops {

namespace {

using ojson = nlohmann::ordered_json;

ojson shown(const nlohmann::json& value, bool sensitive) {
  if (sensitive && !value.is_null()) return std::string(kSensitiveMark);
  return ojson::parse(value.dump());
}

ojson change_to_json(const Change& change) {
  ojson out{{"path", change.path.str()},
            {"before", shown(change.before, change.sensitive)},
            {"after", shown(change.after, change.sensitive)}};
  if (change.sensitive) out["sensitive"] = true;
  out["reason"] = change.reason;
  if (change.origin.known()) out["origin"] = change.origin.str();
  return out;
}

// The step details, under the names format_version 1 gave them (sorted, as nlohmann writes).
nlohmann::json params_to_json(const Action& action) {
  nlohmann::json params = nlohmann::json::object();
  if (action.restarts_pods) params["restarts_pods"] = true;
  if (action.restart_mode) params["mode"] = to_string(*action.restart_mode);
  if (action.backup_method) params["method"] = to_string(*action.backup_method);
  if (!action.database.empty()) params["database"] = action.database;
  if (action.pause) params["pause_seconds"] = action.pause->count();
  if (action.maintenance_on) params["mode"] = *action.maintenance_on ? "on" : "off";
  if (action.maintenance_method) params["method"] = to_string(*action.maintenance_method);
  for (const auto& workload : action.workloads)
    params["workloads"].push_back({{"kind", workload.kind}, {"namespace", workload.ns}, {"name", workload.name}});
  if (!action.ingress.empty()) params["ingress"] = action.ingress;
  if (!action.page_image.empty()) params["image"] = action.page_image;
  if (action.helm) params["revision"] = action.helm->revision, params["chart"] = action.helm->chart;
  return params;
}

// Reads what params_to_json wrote; a member a step of this type does not take, or a value
// out of its set, is an error naming it. Version 1 also wrote "rolling_restart", the same as
// "restarts_pods", and a pause as a wait with "pause_seconds".
template <class T>
T known(std::optional<T> parsed, const Action& action, const std::string& what, const nlohmann::json& value) {
  if (!parsed) throw std::invalid_argument("step " + action.id + ": " + what + " " + value.dump() + " is not one synops knows");
  return *parsed;
}

std::vector<ObjectRef> workloads_from_json(const nlohmann::json& list, const Action& action) {
  if (!list.is_array()) throw std::invalid_argument("step " + action.id + ": params.workloads is a list of objects");
  std::vector<ObjectRef> workloads;
  for (const auto& entry : list)
    workloads.push_back({entry.at("kind").get<std::string>(), entry.at("namespace").get<std::string>(), entry.at("name").get<std::string>()});
  return workloads;
}

void params_from_json(const nlohmann::json& params, Action& action, int version) {
  for (const auto& [key, value] : params.items()) {
    if (key == "restarts_pods") action.restarts_pods = value.get<bool>();
    else if (key == "rolling_restart" && version == 1) continue;
    else if (key == "mode" && action.type == ActionType::maintenance) action.maintenance_on = value.get<std::string>() == "on";
    else if (key == "mode") action.restart_mode = known(restart_mode_from_string(value.get<std::string>()), action, "params.mode", value);
    else if (key == "method" && action.type == ActionType::maintenance)
      action.maintenance_method = known(maintenance_method_from_string(value.get<std::string>()), action, "params.method", value);
    else if (key == "workloads" && action.type == ActionType::maintenance) action.workloads = workloads_from_json(value, action);
    else if (key == "ingress" && action.type == ActionType::maintenance) action.ingress = value.get<std::string>();
    else if (key == "image" && action.type == ActionType::maintenance) action.page_image = value.get<std::string>();
    else if (key == "method") action.backup_method = known(backup_method_from_string(value.get<std::string>()), action, "params.method", value);
    else if (key == "database" && value == "li") action.database = "li";
    else if (key == "database") throw std::invalid_argument("step " + action.id + ": params.database " + value.dump() + " is not one synops knows");
    else if (key == "pause_seconds") action.pause = std::chrono::seconds(value.get<std::int64_t>());
    else if (key == "revision") action.helm = HelmRevision{value.get<std::int64_t>(), params.value("chart", "")};
    else if (key == "chart" && params.contains("revision")) continue;
    else throw std::invalid_argument("step " + action.id + ": unknown params member \"" + key + "\"");
  }
  if (version == 1 && action.type == ActionType::wait && action.pause) action.type = ActionType::pause;
  if (action.type == ActionType::maintenance && params.contains("mode") && params["mode"] != "on" && params["mode"] != "off")
    throw std::invalid_argument("step " + action.id + ": params.mode of a maintenance step is \"on\" or \"off\"");
}

ojson action_to_json(const Action& action) {
  ojson changes = ojson::array(), depends = ojson::array(), rules = ojson::array();
  for (const auto& change : action.changes) changes.push_back(change_to_json(change));
  for (const auto& dependency : action.depends_on) {
    if (std::find(depends.begin(), depends.end(), ojson(dependency.id)) == depends.end()) depends.push_back(dependency.id);
    rules.push_back({{"id", dependency.id}, {"rule", dependency.rule}});
  }
  ojson out{{"id", action.id},
            {"type", to_string(action.type)},
            {"target", {{"kind", action.target.kind}, {"namespace", action.target.ns}, {"name", action.target.name}}},
            {"changes", changes},
            {"risk", to_string(action.risk)},
            {"depends_on", depends},
            {"reason", action.reason},
            {"key", action.key},
            {"dependency_rules", rules},
            {"reversible", action.reversible}};
  if (!action.irreversible_because.empty()) out["irreversible_because"] = action.irreversible_because;
  if (auto params = params_to_json(action); !params.empty()) out["params"] = ojson::parse(params.dump());
  return out;
}

ojson refusal_to_json(const Refusal& refusal) {
  ojson out{{"rule", refusal.rule}, {"message", refusal.message}};
  if (refusal.where.known()) out["where"] = refusal.where.str();
  return out;
}

SourcePosition parse_position(const std::string& text) {
  // "file:line:col"; file names may not contain ':' in manifests we write.
  SourcePosition at;
  auto second = text.rfind(':');
  auto first = second == std::string::npos ? std::string::npos : text.rfind(':', second - 1);
  if (first == std::string::npos) return SourcePosition{text, 0, 0};
  at.file = text.substr(0, first);
  at.line = std::stoi(text.substr(first + 1, second - first - 1));
  at.column = std::stoi(text.substr(second + 1));
  return at;
}

Action action_from_json(const nlohmann::json& in, int version) {
  Action action;
  action.id = in.at("id").get<std::string>();
  action.key = in.value("key", action.id);
  action.type = known(action_type_from_string(in.at("type").get<std::string>()), action, "type", in.at("type"));
  const auto& target = in.at("target");
  action.target = ObjectRef{target.at("kind"), target.at("namespace"), target.at("name")};
  for (const auto& c : in.at("changes"))
    action.changes.push_back(Change{FieldPath::parse(c.at("path")), c.at("before"), c.at("after"), c.value("sensitive", false),
                                    c.value("reason", ""), parse_position(c.value("origin", ""))});
  action.risk = risk_from_string(in.at("risk").get<std::string>()).value();
  action.reason = in.value("reason", "");
  for (const auto& d : in.value("dependency_rules", nlohmann::json::array()))
    action.depends_on.push_back(Dependency{d.at("id"), d.at("rule")});
  if (action.depends_on.empty())
    for (const auto& id : in.at("depends_on")) action.depends_on.push_back(Dependency{id, ""});
  action.reversible = in.value("reversible", true);
  action.irreversible_because = in.value("irreversible_because", "");
  params_from_json(in.value("params", nlohmann::json::object()), action, version);
  return action;
}

// The version of a document: 1 and 2 were integers, 3.0 on are "MAJOR.MINOR" strings; the
// major is what a reader goes by. -1 for anything else.
int major_version(const nlohmann::json& version) {
  if (version.is_number_integer()) return version == 1 || version == 2 ? version.get<int>() : -1;
  if (!version.is_string()) return -1;
  const std::string text = version.get<std::string>();
  const auto dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) return -1;
  if (text.find_first_not_of("0123456789.") != std::string::npos || text.find('.', dot + 1) != std::string::npos) return -1;
  return std::stoi(text.substr(0, dot));
}

bool maintenance_window_from_json(const nlohmann::json& value, int version) {
  if (version < 3) return value.get<bool>();
  const std::string level = value.get<std::string>();
  if (level != "none" && level != "recommended" && level != "required")
    throw std::invalid_argument("summary.maintenance_window \"" + level + "\" is not one of none, recommended, required");
  return level == "required";
}

}  // namespace

std::string_view maintenance_level(const PlanSummary& summary) {
  if (summary.maintenance_window) return "required";
  return summary.risk == Risk::medium ? "recommended" : "none";
}

nlohmann::ordered_json plan_to_json(const Plan& plan) {
  ojson restarts = plan.summary.restarts, refusals = ojson::array(), actions = ojson::array();
  for (const auto& refusal : plan.refusals) refusals.push_back(refusal_to_json(refusal));
  for (const auto& action : plan.actions) actions.push_back(action_to_json(action));
  ojson reads = ojson::array();
  for (const auto& read : plan.reads)
    reads.push_back({{"kind", read.ref.kind}, {"namespace", read.ref.ns}, {"name", read.ref.name},
                     {"resourceVersion", read.resource_version}});
  ojson health = ojson::array();
  for (const auto& warning : plan.health_warnings)
    health.push_back({{"kind", warning.ref.kind}, {"namespace", warning.ref.ns}, {"name", warning.ref.name}, {"message", warning.message}});
  return ojson{{"format_version", kPlanFormat},
               {"live_fingerprint", plan.live_fingerprint},
               {"summary",
                {{"changes", plan.summary.changes},
                 {"risk", to_string(plan.summary.risk)},
                 {"restarts", restarts},
                 {"backup_required", plan.summary.backup_required},
                 {"maintenance_window", maintenance_level(plan.summary)},
                 {"refusals", refusals}}},
               {"notes", plan.notes},
               {"health_warnings", health},
               {"reads", reads},
               {"actions", actions}};
}

Result<Plan> plan_from_json(const nlohmann::json& document, const std::string& source) {
  try {
    Plan plan;
    const int version = major_version(document.at("format_version"));
    if (version < 1 || version > 3)
      return fail(source + ": plan format_version " + document.at("format_version").dump() +
                  " is not one this synops reads (1, 2 and \"3.x\", writing \"" + std::string(kPlanFormat) +
                  "\"): make the plan again with this synops (synops plan DIR --out FILE), or read it with the synops that made it");
    plan.live_fingerprint = document.at("live_fingerprint").get<std::string>();
    const auto& summary = document.at("summary");
    plan.summary.changes = summary.at("changes").get<int>();
    plan.summary.risk = risk_from_string(summary.at("risk").get<std::string>()).value();
    plan.summary.restarts = summary.at("restarts").get<std::vector<std::string>>();
    plan.summary.backup_required = summary.at("backup_required").get<bool>();
    plan.summary.maintenance_window = maintenance_window_from_json(summary.at("maintenance_window"), version);
    for (const auto& r : summary.at("refusals"))
      plan.refusals.push_back(Refusal{r.at("rule"), r.at("message"), parse_position(r.value("where", ""))});
    plan.notes = document.value("notes", std::vector<std::string>{});
    for (const auto& a : document.at("actions")) plan.actions.push_back(action_from_json(a, version));
    for (const auto& r : document.value("reads", nlohmann::json::array()))  // absent in older plan files
      plan.reads.push_back(ObjectRead{{r.at("kind"), r.value("namespace", ""), r.at("name")}, r.at("resourceVersion")});
    for (const auto& w : document.value("health_warnings", nlohmann::json::array()))  // absent in older plan files
      plan.health_warnings.push_back(HealthWarning{{w.at("kind"), w.value("namespace", ""), w.at("name")}, w.at("message")});
    return plan;
  } catch (const std::exception& error) {
    return fail(source + ": not a synops plan file (" + std::string(error.what()) + ")");
  }
}

}  // namespace synops
