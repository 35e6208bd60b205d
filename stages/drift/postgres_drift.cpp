#include "postgres_drift.h"

#include <map>

#include "engine/field_path.h"
#include "engine/json_pointer.h"
#include "setting_values.h"

namespace synops {

namespace {

std::string server_of(const PostgresDesired& pg) {
  return "PostgreSQL at " + pg.connection->host.value + ":" + std::to_string(pg.connection->port);
}

DriftItem item(DriftKind kind, const Desired& desired, const std::string& name, nlohmann::json live, std::string message) {
  const PostgresDesired& pg = *desired.postgres;
  const std::string pointer = pointer_join("", name);
  const bool owned = pg.parameters.value.contains(name);
  return {kind, {"Cluster", desired.ns.value, pg.cluster.value}, std::nullopt,
          pointer_join("/spec/postgresql/parameters", name), std::move(live),
          owned ? pg.parameters.value[name] : nlohmann::json(), false,
          owned ? pg.parameters.position_of(pointer) : pg.connection->at, std::move(message)};
}

}  // namespace

std::vector<DriftItem> postgres_drift(const Desired& desired, const std::vector<PgSetting>& settings) {
  std::vector<DriftItem> out;
  if (!desired.postgres || !desired.postgres->connection) return out;
  const PostgresDesired& pg = *desired.postgres;
  std::map<std::string, const PgSetting*> by_name;
  for (const auto& setting : settings) by_name[setting.name] = &setting;
  for (const auto& setting : settings)
    if (setting.pending_restart)
      out.push_back(item(DriftKind::pending_restart, desired, setting.name, display_setting(setting),
                         server_of(pg) + " has a changed " + setting.context + " setting that takes effect only after "
                         "a restart"));
  for (const auto& [name, wanted] : pg.parameters.value.items()) {
    const auto found = by_name.find(name);
    if (found == by_name.end()) {
      out.push_back(item(DriftKind::effective_setting, desired, name, nullptr,
                         server_of(pg) + " has no setting of this name (a typo, or an extension it did not load)"));
      continue;
    }
    const PgSetting& effective = *found->second;
    const std::string text = wanted.is_string() ? wanted.get<std::string>() : wanted.dump();
    if (effective.pending_restart || setting_matches(text, effective)) continue;
    out.push_back(item(DriftKind::effective_setting, desired, name, display_setting(effective),
                       server_of(pg) + " runs another value than postgres.yaml asks for"));
  }
  return out;
}

}  // namespace synops
