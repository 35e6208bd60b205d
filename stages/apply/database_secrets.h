// The database passwords a run's pg_dump backups read from Secrets (postgres.connection
// passwordSecret, and that of postgres.connection.li). Each is read before the run writes
// anything: a Secret or key that is missing refuses the run then, not halfway, and each
// password found joins the run's redactor, so no message or journal record can carry it.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/kubernetes/kube_client.h"
#include "domain/apply_kit/actuation_context.h"
#include "engine/plan.h"
#include "engine/redactor.h"

namespace synops::apply {

// One sentence per Secret or key that the pg_dump steps not in `done` need and cannot have.
std::vector<std::string> check_database_secrets(const kube::KubeClient& client, const Plan& plan, const ApplyOptions& options,
                                                const std::set<std::string>& done, Redactor& redactor);

// A connection as the journal header keeps it for resume and rollback: libpq's parameters
// and the Secret's name and key, never a password. null for none.
nlohmann::json connection_to_json(const std::optional<PostgresConnection>& connection);
std::optional<PostgresConnection> connection_from_json(const nlohmann::json& json);

}  // namespace synops::apply
