// Every parameter of each PostgreSQL major version synops knows, with its context: what plan
// uses when it cannot ask the server (no postgres.connection, a snapshot, an unreachable
// server). The data is parameter_context_table_data.inc, generated from real servers'
// pg_settings (parameter_context_table.cpp says which).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "parameter_context.h"

namespace synops {

inline constexpr int kFirstTableMajor = 15;
inline constexpr int kLastTableMajor = 18;

bool parameter_table_covers(int major);

// The context of `name` (PostgreSQL compares names case-insensitively) in `major`; nullopt
// when the major has no table or the parameter is not one of that major's.
std::optional<ParameterContext> documented_parameter_context(std::string_view name, int major);

// The server the table's column for `major` was read from ("PostgreSQL 17.10"); "" if none.
std::string_view parameter_table_source(int major);

}  // namespace synops
