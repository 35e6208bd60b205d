// Plan's read of the live server's parameter contexts (pg_settings.context) over
// postgres.connection. Never fails: a server that cannot be read gives its error in
// `unreadable`, and plan falls back to synops's table and says so.
#pragma once
#include "parameter_contexts.h"
#include "domain/manifests/desired.h"

namespace synops {

ServerParameterContexts read_server_parameter_contexts(const PostgresConnection& connection);

}  // namespace synops
