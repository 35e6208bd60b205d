#include "parameter_contexts.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include <fmt/format.h>

#include "parameter_context_table.h"

namespace synops {

namespace {

constexpr std::string_view kStandbySensitive[] = {
    "max_connections", "max_prepared_transactions", "max_wal_senders", "max_worker_processes", "max_locks_per_transaction"};

std::string lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The same words whichever source said it, so that a plan made from the table and one made
// with the server's answer agree where the two agree (a saved plan is compared step by step).
ParameterEffect effect_of(ParameterContext context) {
  const std::string kind = fmt::format("{} parameter", parameter_context_name(context));
  switch (context) {
    case ParameterContext::internal:
      return {ParameterTakesEffect::never, "an " + kind + ", which cannot be set"};
    case ParameterContext::postmaster:
      return {ParameterTakesEffect::on_restart, "a " + kind + ", so it needs a restart"};
    case ParameterContext::backend:
    case ParameterContext::superuser_backend:
      return {ParameterTakesEffect::on_reload, "a " + kind + ", applied on reload to sessions that start afterwards"};
    default:
      return {ParameterTakesEffect::on_reload, "a " + kind + ", applied on reload"};
  }
}

ParameterEffect unknown(const std::string& what) {
  return {ParameterTakesEffect::on_restart, what + "; treated as needing a restart"};
}

}  // namespace

ParameterEffect parameter_effect(std::string_view name, int major, const ServerParameterContexts* server) {
  if (server != nullptr && server->read()) {
    const auto found = server->by_name.find(lower(name));
    if (found == server->by_name.end()) return unknown("not a parameter the server at " + server->server + " knows");
    return effect_of(found->second);
  }
  if (!parameter_table_covers(major))
    return unknown(fmt::format("synops has no parameter table for PostgreSQL {} (only {} to {})", major, kFirstTableMajor,
                               kLastTableMajor));
  if (auto context = documented_parameter_context(name, major))
    return effect_of(*context);
  return unknown(fmt::format("not a known PostgreSQL {} parameter", major));
}

std::string parameter_context_note(int major, const ServerParameterContexts* server) {
  const std::string contexts = "PostgreSQL parameter contexts (restart or reload) ";
  if (server != nullptr && server->read()) return contexts + "were read from the server at " + server->server + " (pg_settings).";
  const std::string unread =
      server == nullptr ? "" : "; the server at " + server->server + " could not be read: " + server->unreadable;
  if (!parameter_table_covers(major))
    return fmt::format("{}are unknown: synops has no table for PostgreSQL {} (only {} to {}), so every parameter change is "
                       "treated as needing a restart{}.", contexts, major, kFirstTableMajor, kLastTableMajor, unread);
  return fmt::format("{}come from synops's table for PostgreSQL {} (pg_settings of {}){}.", contexts, major,
                     parameter_table_source(major), unread);
}

bool parameter_is_standby_sensitive(std::string_view name) {
  return std::ranges::find(kStandbySensitive, name) != std::end(kStandbySensitive);
}

}  // namespace synops
