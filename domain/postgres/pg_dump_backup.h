// The backup a risky plan begins with (§1.1, §5): a pg_dump of the Synapse database in
// custom format, verified with pg_restore --list, beside the journal (domain/apply_kit/
// backup_files.h). Connection settings and credentials reach pg_dump through libpq's
// environment only, never its command line.
#pragma once
#include <filesystem>

#include "domain/apply_kit/actuator.h"
#include "domain/apply_kit/backup_files.h"
#include "domain/manifests/desired.h"

namespace synops::apply {

Result<BackupFile> dump_database(const PostgresConnection& connection, const std::filesystem::path& file);

// A backup step with method pg_dump.
class PgDumpBackup : public Actuator {
 public:
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
};

}  // namespace synops::apply
