#include "postgres_planner.h"

#include <fmt/format.h>

#include "cnpg_fixed_parameters.h"
#include "engine/diff.h"
#include "parameter_contexts.h"
#include "postgres_image.h"
#include "domain/planning_kit/live_lookup.h"
#include "domain/planning_kit/update_and_wait.h"
#include "engine/json_pointer.h"

namespace synops {

namespace {

struct ClusterChanges {
  std::vector<Change> changes;
  Risk risk = Risk::low;
  bool rolling_restart = false;
  bool major_upgrade = false;
  bool image_changed = false;
  bool parameters_changed = false;
  bool primary_first = false;  // a standby-sensitive parameter goes down: CNPG restarts the primary first
  std::optional<std::pair<std::int64_t, std::int64_t>> instances;  // live and wanted spec.instances
};

void note_risk(ClusterChanges& out, Risk risk) { out.risk = std::max(out.risk, risk); }

void plan_image(const PostgresDesired& pg, const LiveObject& cluster, const PostgresPlanOptions& options,
                ClusterChanges& out, PlanDraft& draft) {
  if (!pg.image) return;
  const nlohmann::json live = value_at(cluster.body, "/spec/imageName");
  if (live == pg.image->value) return;
  out.changes.push_back({{"/spec/imageName", ""}, live, pg.image->value, false, "postgres.image in " + pg.image->at.str(), pg.image->at});
  out.image_changed = out.rolling_restart = true;
  const auto from = live.is_string() ? postgres_major_version(live.get<std::string>()) : std::nullopt;
  const auto to = postgres_major_version(pg.image->value);
  if (!to) {
    draft.refusals.push_back({"postgres-image-tag", "postgres.image " + pg.image->value +
                              " has no tag starting with the PostgreSQL major version (CNPG needs e.g. 16.4)", pg.image->at});
    return;
  }
  if (!from || *from == *to) return note_risk(out, Risk::high);  // minor version: rolling update (§2.2)
  out.major_upgrade = true;
  note_risk(out, Risk::critical);
  if (*to < *from)
    draft.refusals.push_back({"postgres-major-downgrade", fmt::format("postgres.image goes from major {} down to {}; "
                              "CloudNativePG refuses downgrades: restore from a backup instead", *from, *to), pg.image->at});
  else if (*to < 16)
    draft.refusals.push_back({"postgres-major-upgrade", fmt::format("CloudNativePG upgrades majors only to 16 or higher, "
                              "not to {}", *to), pg.image->at});
  else if (!options.allow_critical)
    draft.refusals.push_back({"postgres-major-upgrade", fmt::format("postgres.image changes the PostgreSQL major version "
                              "{} -> {}: a critical, offline pg_upgrade; plan with --allow-critical after an off-site backup",
                              *from, *to), pg.image->at});
}

void plan_instances(const PostgresDesired& pg, const LiveObject& cluster, ClusterChanges& out) {
  if (!pg.instances) return;
  const nlohmann::json live = value_at(cluster.body, "/spec/instances");
  if (live == pg.instances->value) return;
  out.changes.push_back({{"/spec/instances", ""}, live, pg.instances->value, false,
                         "postgres.instances in " + pg.instances->at.str(), pg.instances->at});
  if (live.is_number_integer()) out.instances = std::pair{live.get<std::int64_t>(), pg.instances->value};
  note_risk(out, Risk::high);  // §4.2
}

// max_connections and the other settings a hot standby needs at least as high as its primary's:
// CNPG restarts the primary first when one goes down (§3.4).
bool lowers_standby_sensitive(const std::string& name, const nlohmann::json& live, const nlohmann::json& wanted) {
  if (!parameter_is_standby_sensitive(name) || !live.is_string() || !wanted.is_string()) return false;
  try {
    return std::stoll(wanted.get<std::string>()) < std::stoll(live.get<std::string>());
  } catch (const std::exception&) {
    return false;
  }
}

void plan_parameter(const std::string& name, const nlohmann::json& wanted, const SourcePosition& at, const LiveObject& cluster,
                    int major, const PostgresPlanOptions& options, ClusterChanges& out, PlanDraft& draft) {
  const std::string pointer = pointer_join("/spec/postgresql/parameters", name);
  const nlohmann::json live = value_at(cluster.body, pointer);
  if (live == wanted) return;
  if (cnpg_fixes_parameter(name)) {
    draft.refusals.push_back({"cnpg-fixed-parameter", "CloudNativePG fixes \"" + name + "\" and its webhook rejects it "
                              "(\"Can't set fixed configuration parameter\"); remove it from postgres.parameters", at});
    return;
  }
  const ParameterEffect effect = parameter_effect(name, major, options.server_contexts);
  if (effect.when == ParameterTakesEffect::never) {
    draft.refusals.push_back({"postgres-internal-parameter", "postgres.parameters." + name + " is " + effect.why +
                              ": PostgreSQL fixes it when it is built or its data directory is initialised; remove it "
                              "from postgres.parameters", at});
    return;
  }
  const bool restart = effect.when == ParameterTakesEffect::on_restart;
  const bool lowered = restart && lowers_standby_sensitive(name, live, wanted);
  std::string reason = "postgres.parameters." + name + " in " + at.str() + " (" + effect.why +
                       (lowered    ? ": lowering it makes CNPG restart the primary first, then the replicas)"
                        : restart ? ": CNPG restarts the replicas, then the primary)"
                                  : ")");
  out.changes.push_back({{pointer, ""}, live, wanted, false, reason, at});
  out.parameters_changed = true;
  out.rolling_restart = out.rolling_restart || restart;
  out.primary_first = out.primary_first || lowered;
  note_risk(out, restart ? Risk::high : Risk::medium);
  if (lowered)
    draft.notes.push_back("Lowering " + name + " restarts the PostgreSQL primary first (standbys need values at "
                          "least the primary's).");
}

void plan_resources(const PostgresDesired& pg, const LiveObject& cluster, ClusterChanges& out) {
  if (!pg.resources) return;
  FieldIntent intent{{"/spec/resources", ""}, pg.resources->value, Ownership::keys, "postgres.resources in " +
                     pg.resources->position_of("").str(), pg.resources->position_of("")};
  for (auto& change : diff_field(intent, value_at(cluster.body, "/spec/resources"))) {
    out.changes.push_back(std::move(change));
    out.rolling_restart = true;
    note_risk(out, Risk::high);  // a rolling restart of every instance
  }
}

std::int64_t integer_parameter(const PostgresDesired& pg, const LiveObject& cluster, const std::string& name,
                               std::int64_t fallback, SourcePosition* at = nullptr) {
  nlohmann::json value = pg.parameters.value.contains(name) ? pg.parameters.value[name]
                                                            : value_at(cluster.body, pointer_join("/spec/postgresql/parameters", name));
  if (at && pg.parameters.value.contains(name)) *at = pg.parameters.position_of(pointer_join("", name));
  try {
    if (value.is_string()) return std::stoll(value.get<std::string>());
    if (value.is_number_integer()) return value.get<std::int64_t>();
  } catch (const std::exception&) {
  }
  return fallback;
}

PostgresFacts connection_limits(const PostgresDesired& pg, const LiveObject& cluster) {
  static const PostgresDesired nothing_desired;  // reads every parameter from the live Cluster
  auto limits = [&](const PostgresDesired& from, std::int64_t& max_connections, std::int64_t& reserved, SourcePosition* at) {
    max_connections = integer_parameter(from, cluster, "max_connections", 100, at);
    reserved = integer_parameter(from, cluster, "superuser_reserved_connections", 3) +
               integer_parameter(from, cluster, "reserved_connections", 0);
  };
  PostgresFacts facts;
  facts.cluster = cluster.ref;
  limits(pg, facts.max_connections, facts.reserved, &facts.max_connections_at);
  limits(nothing_desired, facts.live_max_connections, facts.live_reserved, nullptr);
  facts.headroom = pg.connection_headroom;
  return facts;
}

// What CloudNativePG does with the update, for each kind of change in it (domain facts §3.2-3.5).
std::string update_reason(const ClusterChanges& changes) {
  if (changes.major_upgrade)
    return "CloudNativePG upgrades the major version offline (pg_upgrade --link): every instance stops, the primary's data "
           "directory is upgraded, then the replicas are cloned again (§2.2, §3.5)";
  std::vector<std::string> parts;
  if (changes.rolling_restart && changes.primary_first)
    parts.push_back("CloudNativePG restarts the primary first, since a standby needs values at least the primary's, then the "
                    "replicas (§3.2)");
  else if (changes.rolling_restart)
    parts.push_back("CloudNativePG rolls the instances: replicas first, one at a time, then the primary (§2.2, §3.2)");
  else if (changes.parameters_changed)
    parts.push_back("CloudNativePG reloads the configuration on every instance, without a restart (§3.2)");
  if (changes.instances) {
    const auto [from, to] = *changes.instances;
    parts.push_back(to > from ? fmt::format("CloudNativePG adds {} replica{}, each cloned from the primary; the running instances "
                                            "keep running (§4.2)", to - from, to - from == 1 ? "" : "s")
                              : fmt::format("CloudNativePG removes {} replica{}, never the primary; the other instances keep "
                                            "running (§4.2)", from - to, from - to == 1 ? "" : "s"));
  }
  std::string reason;
  for (const auto& part : parts) reason += (reason.empty() ? "" : "; ") + part;
  return reason.empty() ? "CloudNativePG applies the change (§3.2)" : reason;
}

void add_actions(const LiveObject& cluster, ClusterChanges changes, PlanDraft& draft) {
  const bool rolling = changes.rolling_restart, major = changes.major_upgrade;
  std::string reason = update_reason(changes);
  Action& update = add_update_and_wait(draft, {cluster.ref, std::move(changes.changes), changes.risk, std::move(reason)});
  update.restarts_pods = rolling;
  if (major) {
    update.reversible = false;
    update.irreversible_because = "a major upgrade rewrites the data directory (pg_upgrade); the way back is a restore";
  }
}

}  // namespace

PostgresPlan plan_postgres(const Desired& desired, const LiveState& live, const PostgresPlanOptions& options,
                           Diagnostics& problems) {
  PostgresPlan out;
  if (!desired.postgres) return out;
  const PostgresDesired& pg = *desired.postgres;
  const LiveObject* cluster = require_live(live, {"Cluster", desired.ns.value, pg.cluster.value}, pg.cluster.at, problems);
  if (!cluster) return out;
  const auto live_image = value_at(cluster->body, "/spec/imageName");
  const int major = live_image.is_string() ? postgres_major_version(live_image.get<std::string>()).value_or(16) : 16;

  ClusterChanges changes;
  plan_image(pg, *cluster, options, changes, out.draft);
  plan_instances(pg, *cluster, changes);
  for (const auto& [name, value] : pg.parameters.value.items())
    plan_parameter(name, value, pg.parameters.position_of(pointer_join("", name)), *cluster, major, options, changes, out.draft);
  // Where the contexts came from, once, when a parameter changes.
  if (changes.parameters_changed) out.draft.notes.push_back(parameter_context_note(major, options.server_contexts));
  plan_resources(pg, *cluster, changes);
  if (changes.image_changed && changes.parameters_changed &&
      value_at(cluster->body, "/spec/primaryUpdateMethod") == "switchover")
    out.draft.refusals.push_back({"cnpg-image-and-parameters-together", "with primaryUpdateMethod switchover CloudNativePG "
                                  "refuses an image and a parameter change in one update: plan them separately",
                                  pg.image->at});
  out.facts = connection_limits(pg, *cluster);
  if (!changes.changes.empty()) add_actions(*cluster, std::move(changes), out.draft);
  return out;
}

}  // namespace synops
