// PostgreSQL's parameter contexts, as pg_settings.context names them: when a change to a
// parameter in the configuration takes effect (PostgreSQL docs, "pg_settings" view):
//   internal            never: fixed when PostgreSQL is built or its data directory initialised
//   postmaster          at server start only: a restart
//   sighup              on reload
//   backend, superuser-backend   on reload, for sessions that start afterwards
//   superuser, user     on reload (a session may also SET them)
#pragma once
#include <optional>
#include <string_view>

namespace synops {

enum class ParameterContext { internal, postmaster, sighup, superuser_backend, backend, superuser, user };

// pg_settings' spelling ("superuser-backend"); nullopt for anything else.
std::optional<ParameterContext> parse_parameter_context(std::string_view text);
std::string_view parameter_context_name(ParameterContext context);

}  // namespace synops
