#include "postgres_contexts.h"

#include "domain/postgres/server_parameter_contexts.h"

namespace synops::cli {

std::optional<ServerParameterContexts> live_parameter_contexts(const Desired& desired, bool from_snapshot) {
  if (from_snapshot || !desired.postgres || !desired.postgres->connection) return std::nullopt;
  // No parameter to plan: no reason to connect (an unreachable server costs its timeout).
  if (desired.postgres->parameters.value.empty()) return std::nullopt;
  return read_server_parameter_contexts(*desired.postgres->connection);
}

}  // namespace synops::cli
