// The backups a risky plan begins with (§1.1, §5): a pg_dump of the Synapse database, and of
// the LI instance's when the plan changes it, in custom format, verified with pg_restore
// --list, beside the journal (domain/apply_kit/backup_files.h). Connection settings and
// credentials reach pg_dump through libpq's environment only, never its command line: the
// manifests' passfile, or a private one holding the password read from the Secret the
// manifests name (database_password.h), removed once pg_dump is done.
#pragma once
#include <filesystem>

#include "domain/apply_kit/actuator.h"
#include "domain/apply_kit/backup_files.h"
#include "domain/manifests/desired.h"

namespace synops::apply {

Result<BackupFile> dump_database(const PostgresConnection& connection, const std::filesystem::path& file);

// The connection a pg_dump step dumps: the Synapse database's (postgres.connection), or the
// LI instance's (postgres.connection.li) for a step with params.database "li".
const std::optional<PostgresConnection>& connection_for(const Action& backup, const ApplyOptions& options);

// A backup step with method pg_dump.
class PgDumpBackup : public Actuator {
 public:
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
};

}  // namespace synops::apply
