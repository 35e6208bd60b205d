#include "server_parameter_contexts.h"

#include <algorithm>
#include <cctype>

#include "postgres_endpoint.h"

namespace synops {

ServerParameterContexts read_server_parameter_contexts(const PostgresConnection& connection) {
  const PgEndpoint endpoint = postgres_endpoint(connection, "synops-plan");
  ServerParameterContexts out{.server = pg_server_name(endpoint)};
  auto settings = read_pg_settings(endpoint);
  if (!settings) {
    // The message names the server and libpq's reason, never a password (libpq has none to
    // show: it reads the passfile itself).
    out.unreadable = settings.error().empty() ? "no answer" : settings.error().front().message;
    return out;
  }
  for (const auto& setting : *settings) {
    std::string name = setting.name;
    std::ranges::transform(name, name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // A context this synops does not know (a PostgreSQL newer than it) is left out, so the
    // parameter counts as unknown: treated as needing a restart.
    if (auto context = parse_parameter_context(setting.context)) out.by_name.emplace(std::move(name), *context);
  }
  if (out.by_name.empty()) out.unreadable = "pg_settings returned no parameters";
  return out;
}

}  // namespace synops
