#include "maintenance_page.h"

#include <fmt/format.h>

#include "adapters/kubernetes/kinds.h"
#include "domain/apply_kit/guarded_patch.h"
#include "domain/apply_kit/object_create.h"
#include "domain/apply_kit/object_update.h"
#include "domain/apply_kit/step_wait.h"
#include "engine/json_pointer.h"

namespace synops::apply {

namespace {

const FieldPath kRules{"/spec/rules", ""};
const FieldPath kDefaultBackend{"/spec/defaultBackend", ""};
const FieldPath kSaved{pointer_join("/metadata/annotations", kBackendsBeforeMaintenance), ""};
constexpr int kPagePort = 80;

const nlohmann::json& page_labels() {
  static const nlohmann::json labels = {{"app.kubernetes.io/name", kMaintenancePage}, {"app.kubernetes.io/managed-by", "synops"}};
  return labels;
}

ObjectRef page_ref(const char* kind, const Action& action) { return {kind, action.target.name, kMaintenancePage}; }
ObjectRef ingress_ref(const Action& action) { return {"Ingress", action.target.name, action.ingress}; }

nlohmann::json metadata(const Action& action) {
  return {{"name", kMaintenancePage}, {"namespace", action.target.name}, {"labels", page_labels()}};
}

nlohmann::json page_config_map(const Action& action) {
  const std::string html =
      "<!DOCTYPE html>\n<html>\n<head><title>Maintenance</title></head>\n<body>\n"
      "  <h1>Scheduled maintenance in progress</h1>\n"
      "  <p>This Matrix server is being updated and will be back shortly.</p>\n</body>\n</html>\n";
  return {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", metadata(action)}, {"data", {{"index.html", html}}}};
}

nlohmann::json page_deployment(const Action& action) {
  const nlohmann::json selector = {{"app.kubernetes.io/name", kMaintenancePage}};
  const nlohmann::json container = {
      {"name", "nginx"},
      {"image", action.page_image},
      {"ports", {{{"containerPort", kPagePort}}}},
      {"volumeMounts", {{{"name", "page"}, {"mountPath", "/usr/share/nginx/html"}}}}};
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", metadata(action)},
          {"spec",
           {{"replicas", 1},
            {"selector", {{"matchLabels", selector}}},
            {"template",
             {{"metadata", {{"labels", page_labels()}}},
              {"spec", {{"containers", {container}}, {"volumes", {{{"name", "page"}, {"configMap", {{"name", kMaintenancePage}}}}}}}}}}}}};
}

nlohmann::json page_service(const Action& action) {
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", metadata(action)},
          {"spec", {{"selector", {{"app.kubernetes.io/name", kMaintenancePage}}}, {"ports", {{{"port", kPagePort}, {"targetPort", kPagePort}}}}}}};
}

// Creates one object of the page; one left by a run that died is taken as it is, one that
// synops did not make stops the step.
Result<bool> create_page_object(ActuationContext& context, const ObjectRef& ref, const nlohmann::json& body, const std::string& label) {
  auto live = context.client.get(ref);
  if (!live) return std::unexpected(live.error());
  if (*live) {
    if (made_by_synops(**live)) return true;
    return fail(fmt::format("{} exists and synops did not create it (no label app.kubernetes.io/managed-by=synops); the "
                            "maintenance page needs that name: rename or remove it", kube::describe(ref)));
  }
  context.progress(fmt::format("{} — create {}", label, ref.str()));
  auto created = context.client.create(ref, body);
  if (!created) return std::unexpected(created.error());
  return true;
}

// The backend every path (and the default backend) gets while the page is shown.
nlohmann::json page_backend() { return {{"service", {{"name", kMaintenancePage}, {"port", {{"number", kPagePort}}}}}}; }

nlohmann::json rules_to_page(nlohmann::json rules) {
  if (!rules.is_array()) return rules;
  for (auto& rule : rules)
    if (rule.contains("http") && rule["http"].contains("paths"))
      for (auto& path : rule["http"]["paths"]) path["backend"] = page_backend();
  return rules;
}

Result<bool> point_ingress_at_page(ActuationContext& context, const Action& action, const std::string& label) {
  const ObjectRef ingress = ingress_ref(action);
  auto live = read_live(context, ingress);
  if (!live) return std::unexpected(live.error());
  const nlohmann::json& body = live->body.json();
  if (!value_at(body, kSaved.pointer).is_null()) return true;  // pointed at the page already
  const nlohmann::json rules = value_at(body, kRules.pointer), default_backend = value_at(body, kDefaultBackend.pointer);
  const nlohmann::json saved = {{"rules", rules}, {"defaultBackend", default_backend}};
  context.progress(fmt::format("{} — point every backend of {} at Service {}", label, ingress.str(), kMaintenancePage));
  auto written = guarded_write(context.client, ingress, {{kRules, rules}, {kDefaultBackend, default_backend}, {kSaved, nullptr}},
                               {{kRules, rules_to_page(rules)},
                                {kDefaultBackend, default_backend.is_null() ? default_backend : page_backend()},
                                {kSaved, saved.dump()}});
  if (!written) return std::unexpected(written.error());
  return true;
}

Result<bool> point_ingress_back(ActuationContext& context, const Action& action, const std::string& label) {
  const ObjectRef ingress = ingress_ref(action);
  auto live = read_live(context, ingress);
  if (!live) return std::unexpected(live.error());
  const nlohmann::json recorded = value_at(live->body.json(), kSaved.pointer);
  if (recorded.is_null()) return true;  // never pointed at the page, or back already
  const nlohmann::json saved = nlohmann::json::parse(recorded.is_string() ? recorded.get<std::string>() : "", nullptr, false);
  if (!saved.is_object())
    return fail(fmt::format("{} has annotation {} that is not what synops wrote; restore its backends by hand and remove it",
                            kube::describe(ingress), kBackendsBeforeMaintenance));
  context.progress(fmt::format("{} — point {} back at the backends it had", label, ingress.str()));
  auto written = guarded_write(context.client, ingress, {{kSaved, recorded}},
                               {{kRules, saved.value("rules", nlohmann::json())},
                                {kDefaultBackend, saved.value("defaultBackend", nlohmann::json())},
                                {kSaved, nullptr}});
  if (!written) return std::unexpected(written.error());
  return true;
}

Result<bool> delete_page_object(ActuationContext& context, const ObjectRef& ref, const std::string& label) {
  auto live = context.client.get(ref);
  if (!live) return std::unexpected(live.error());
  if (!*live || !made_by_synops(**live)) return true;  // gone, or not ours to delete
  context.progress(fmt::format("{} — delete {}", label, ref.str()));
  const nlohmann::json uid = value_at((*live)->body.json(), "/metadata/uid");
  auto removed = context.client.remove(ref, uid.is_string() ? uid.get<std::string>() : "");
  if (!removed) return std::unexpected(removed.error());
  return true;
}

}  // namespace

Result<bool> show_maintenance_page(ActuationContext& context, const Action& action, const std::string& label) {
  const ObjectRef config = page_ref("ConfigMap", action), deployment = page_ref("Deployment", action), service = page_ref("Service", action);
  if (auto made = create_page_object(context, config, page_config_map(action), label); !made) return made;
  if (auto made = create_page_object(context, deployment, page_deployment(action), label); !made) return made;
  if (auto made = create_page_object(context, service, page_service(action), label); !made) return made;
  if (auto ready = wait_until_ready(context, deployment, label + " — wait " + deployment.str()); !ready) return ready;
  return point_ingress_at_page(context, action, label);
}

Result<bool> hide_maintenance_page(ActuationContext& context, const Action& action, const std::string& label) {
  if (auto back = point_ingress_back(context, action, label); !back) return back;
  for (const char* kind : {"Service", "Deployment", "ConfigMap"})
    if (auto removed = delete_page_object(context, page_ref(kind, action), label); !removed) return removed;
  return true;
}

Result<nlohmann::json> ingress_backends_now(ActuationContext& context, const Action& action) {
  auto live = read_live(context, ingress_ref(action));
  if (!live) return std::unexpected(live.error());
  const nlohmann::json& body = live->body.json();
  return nlohmann::json{{"rules", value_at(body, kRules.pointer)},
                        {"defaultBackend", value_at(body, kDefaultBackend.pointer)},
                        {"saved", value_at(body, kSaved.pointer)}};
}

}  // namespace synops::apply
