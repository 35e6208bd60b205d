// How a change to a PostgreSQL parameter takes effect, for the plan. The live server's
// pg_settings.context is the authority when plan could read it (postgres.connection, a live
// cluster); otherwise synops's table for the Cluster's major version (parameter_context_table.h).
// A parameter neither knows is treated as needing a restart, and the plan says why.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "parameter_context.h"

namespace synops {

// The contexts a live server reported, or why they could not be read.
struct ServerParameterContexts {
  std::string server;  // "host:port", as the plan names it
  std::map<std::string, ParameterContext, std::less<>> by_name;  // names in lower case
  std::string unreadable;  // why the server could not be read; empty when by_name is its answer

  bool read() const { return unreadable.empty(); }
};

enum class ParameterTakesEffect { on_reload, on_restart, never };

struct ParameterEffect {
  ParameterTakesEffect when = ParameterTakesEffect::on_restart;
  // For the plan: "a postmaster parameter, so it needs a restart", "a sighup parameter,
  // applied on reload", "not a known PostgreSQL 17 parameter; treated as needing a restart" ...
  // Where the context came from is said once, in a note (parameter_context_note).
  std::string why;
};

// `server` is null, or unreadable, when plan has no server's answer: then the table decides.
ParameterEffect parameter_effect(std::string_view name, int major, const ServerParameterContexts* server);

// Where the contexts came from, for the plan's notes: the server, or synops's table for `major`
// (and why the server was not used, when it could not be read).
std::string parameter_context_note(int major, const ServerParameterContexts* server);

// Hot-standby-sensitive parameters: a standby needs values >= the primary's, so CNPG
// restarts the primary first when one of them decreases.
bool parameter_is_standby_sensitive(std::string_view name);

}  // namespace synops
