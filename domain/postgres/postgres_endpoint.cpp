#include "postgres_endpoint.h"

namespace synops {

PgEndpoint postgres_endpoint(const PostgresConnection& connection, std::string application_name) {
  return {.host = connection.host.value,
          .port = connection.port,
          .dbname = connection.dbname,
          .user = connection.user,
          .passfile = connection.passfile,
          .sslmode = connection.sslmode,
          .application_name = std::move(application_name),
          .configured_by = "postgres.connection",
          .at = connection.at};
}

}  // namespace synops
