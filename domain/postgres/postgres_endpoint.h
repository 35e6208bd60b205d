// postgres.connection as libpq's endpoint (adapters/postgres): what drift and plan read
// pg_settings through. The password stays in the passfile; none is passed here.
#pragma once
#include <string>

#include "adapters/postgres/pg_settings.h"
#include "domain/manifests/desired.h"

namespace synops {

// `application_name` says which command reads ("synops-drift", "synops-plan").
PgEndpoint postgres_endpoint(const PostgresConnection& connection, std::string application_name);

}  // namespace synops
