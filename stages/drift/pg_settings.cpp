#include "pg_settings.h"

#include "domain/postgres/postgres_endpoint.h"

namespace synops {

Result<std::vector<PgSetting>> read_pg_settings(const PostgresConnection& connection) {
  return read_pg_settings(postgres_endpoint(connection, "synops-drift"));
}

}  // namespace synops
