#include "cnpg_fixed_parameters.h"

#include <algorithm>
#include <iterator>

namespace synops {

namespace {

// The webhook's list (CNPG postgresql_conf.md "Fixed parameters", configuration.go).
constexpr std::string_view kFixed[] = {
    "allow_alter_system", "allow_system_table_mods", "archive_cleanup_command", "archive_command", "archive_mode",
    "bonjour", "bonjour_name", "cluster_name", "config_file", "data_directory", "data_sync_retry", "event_source",
    "external_pid_file", "hba_file", "hot_standby", "ident_file", "jit_provider", "listen_addresses",
    "log_destination", "log_directory", "log_file_mode", "log_filename", "log_rotation_age", "log_rotation_size",
    "log_truncate_on_rotation", "logging_collector", "port", "primary_conninfo", "primary_slot_name",
    "promote_trigger_file", "recovery_end_command", "recovery_min_apply_delay", "restart_after_crash",
    "restore_command", "shared_preload_libraries", "ssl", "ssl_ca_file", "ssl_cert_file", "ssl_crl_file",
    "ssl_dh_params_file", "ssl_key_file", "ssl_passphrase_command", "ssl_passphrase_command_supports_reload",
    "ssl_prefer_server_ciphers", "stats_temp_directory", "synchronous_standby_names", "unix_socket_directories",
    "unix_socket_group", "unix_socket_permissions", "temp_tablespaces", "synchronized_standby_slots"};

}  // namespace

bool cnpg_fixes_parameter(std::string_view name) {
  if (name.starts_with("recovery_target") || name.starts_with("syslog_") || name.starts_with("pg_failover_slots."))
    return true;
  return std::ranges::find(kFixed, name) != std::end(kFixed);
}

}  // namespace synops
