// The backups a plan begins with (§1.1, §5): a pg_dump of the Synapse database in custom
// format, verified with pg_restore --list; and a copy of each object the plan changes, as
// the API returns it. Both go beside the journal with mode 0600: they hold secrets.
#pragma once
#include <filesystem>
#include <string>

#include "apply_context.h"
#include "engine/action.h"
#include "engine/result.h"

namespace synops::apply {

struct BackupFile {
  std::filesystem::path path;
  std::string summary;  // "pg_dump of synapse at /run/pg:5432, 143 archive entries"
};

// Runs one backup action (params.method "pg_dump" or "object-copy").
Result<BackupFile> run_backup(ApplyContext& context, const Action& action);

Result<BackupFile> dump_database(const PostgresConnection& connection, const std::filesystem::path& file);
Result<BackupFile> copy_object(const kube::KubeClient& client, const ObjectRef& ref, const std::filesystem::path& file);

}  // namespace synops::apply
