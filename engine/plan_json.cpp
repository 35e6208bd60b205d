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
  if (!action.params.empty()) out["params"] = ojson::parse(action.params.dump());
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

FieldPath parse_path(const std::string& text) {
  auto hash = text.find('#');
  if (hash == std::string::npos) return FieldPath{text, ""};
  return FieldPath{text.substr(0, hash), text.substr(hash + 1)};
}

Action action_from_json(const nlohmann::json& in) {
  Action action;
  action.id = in.at("id").get<std::string>();
  action.key = in.value("key", action.id);
  action.type = action_type_from_string(in.at("type").get<std::string>()).value();
  const auto& target = in.at("target");
  action.target = ObjectRef{target.at("kind"), target.at("namespace"), target.at("name")};
  for (const auto& c : in.at("changes"))
    action.changes.push_back(Change{parse_path(c.at("path")), c.at("before"), c.at("after"), c.value("sensitive", false),
                                    c.value("reason", ""), parse_position(c.value("origin", ""))});
  action.risk = risk_from_string(in.at("risk").get<std::string>()).value();
  action.reason = in.value("reason", "");
  for (const auto& d : in.value("dependency_rules", nlohmann::json::array()))
    action.depends_on.push_back(Dependency{d.at("id"), d.at("rule")});
  if (action.depends_on.empty())
    for (const auto& id : in.at("depends_on")) action.depends_on.push_back(Dependency{id, ""});
  action.reversible = in.value("reversible", true);
  action.irreversible_because = in.value("irreversible_because", "");
  action.params = in.value("params", nlohmann::json::object());
  return action;
}

}  // namespace

nlohmann::ordered_json plan_to_json(const Plan& plan) {
  ojson restarts = plan.summary.restarts, refusals = ojson::array(), actions = ojson::array();
  for (const auto& refusal : plan.refusals) refusals.push_back(refusal_to_json(refusal));
  for (const auto& action : plan.actions) actions.push_back(action_to_json(action));
  ojson reads = ojson::array();
  for (const auto& read : plan.reads)
    reads.push_back({{"kind", read.ref.kind}, {"namespace", read.ref.ns}, {"name", read.ref.name},
                     {"resourceVersion", read.resource_version}});
  return ojson{{"format_version", plan.format_version},
               {"live_fingerprint", plan.live_fingerprint},
               {"summary",
                {{"changes", plan.summary.changes},
                 {"risk", to_string(plan.summary.risk)},
                 {"restarts", restarts},
                 {"backup_required", plan.summary.backup_required},
                 {"maintenance_window", plan.summary.maintenance_window},
                 {"refusals", refusals}}},
               {"notes", plan.notes},
               {"reads", reads},
               {"actions", actions}};
}

Result<Plan> plan_from_json(const nlohmann::json& document, const std::string& source) {
  try {
    Plan plan;
    plan.format_version = document.at("format_version").get<int>();
    if (plan.format_version != 1)
      return fail(source + ": plan format_version " + std::to_string(plan.format_version) +
                  " is not supported by this synops (it reads version 1)");
    plan.live_fingerprint = document.at("live_fingerprint").get<std::string>();
    const auto& summary = document.at("summary");
    plan.summary.changes = summary.at("changes").get<int>();
    plan.summary.risk = risk_from_string(summary.at("risk").get<std::string>()).value();
    plan.summary.restarts = summary.at("restarts").get<std::vector<std::string>>();
    plan.summary.backup_required = summary.at("backup_required").get<bool>();
    plan.summary.maintenance_window = summary.at("maintenance_window").get<bool>();
    for (const auto& r : summary.at("refusals"))
      plan.refusals.push_back(Refusal{r.at("rule"), r.at("message"), parse_position(r.value("where", ""))});
    plan.notes = document.value("notes", std::vector<std::string>{});
    for (const auto& a : document.at("actions")) plan.actions.push_back(action_from_json(a));
    for (const auto& r : document.value("reads", nlohmann::json::array()))  // absent in older plan files
      plan.reads.push_back(ObjectRead{{r.at("kind"), r.value("namespace", ""), r.at("name")}, r.at("resourceVersion")});
    return plan;
  } catch (const std::exception& error) {
    return fail(source + ": not a synops plan file (" + std::string(error.what()) + ")");
  }
}

}  // namespace synops
