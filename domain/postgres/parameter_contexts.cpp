#include "parameter_contexts.h"

#include <algorithm>
#include <iterator>

namespace synops {

namespace {

constexpr std::string_view kPostmaster[] = {
    "max_connections",          "superuser_reserved_connections", "reserved_connections",
    "shared_buffers",           "wal_buffers",                    "huge_pages",
    "wal_level",                "wal_log_hints",                  "max_worker_processes",
    "max_wal_senders",          "max_replication_slots",          "max_locks_per_transaction",
    "max_pred_locks_per_transaction", "max_prepared_transactions", "shared_preload_libraries",
    "track_activity_query_size", "autovacuum_freeze_max_age",     "autovacuum_multixact_freeze_max_age",
    "autovacuum_worker_slots",  "max_files_per_process",          "shared_memory_type",
    "dynamic_shared_memory_type", "huge_page_size",               "min_dynamic_shared_memory",
    "old_snapshot_threshold",   "io_method",                      "max_notify_queue_pages"};

constexpr std::string_view kStandbySensitive[] = {
    "max_connections", "max_prepared_transactions", "max_wal_senders", "max_worker_processes", "max_locks_per_transaction"};

}  // namespace

bool parameter_needs_restart(std::string_view name, int major_version) {
  // PostgreSQL 18 made autovacuum_max_workers reloadable (bounded by autovacuum_worker_slots).
  if (name == "autovacuum_max_workers") return major_version < 18;
  return std::ranges::find(kPostmaster, name) != std::end(kPostmaster);
}

bool parameter_is_standby_sensitive(std::string_view name) {
  return std::ranges::find(kStandbySensitive, name) != std::end(kStandbySensitive);
}

}  // namespace synops
