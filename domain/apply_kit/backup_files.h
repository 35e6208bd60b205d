// The files backups are written to (§1.1, §5): beside the journal, mode 0600 (they hold
// secrets), written under "<name>.partial" and given their name only once complete and on
// disk; and the object-copy backup, a copy of an object as the API returns it, which every
// kind shares (domain/postgres makes the pg_dump one).
#pragma once
#include <filesystem>
#include <functional>
#include <string>

#include "actuator.h"
#include "adapters/kubernetes/kube_client.h"
#include "engine/result.h"

namespace synops::apply {

struct BackupFile {
  std::filesystem::path path;
  std::string summary;  // "pg_dump of synapse at /run/pg:5432, 143 archive entries"
};

// Writes the backup into `partial` (created empty, 0600) and says what it holds.
using BackupWriter = std::function<Result<BackupFile>(const std::filesystem::path& partial)>;

// Runs `write` into "<file>.partial" and renames it to `file` on success; a failed attempt
// leaves no file, and a leftover of an interrupted attempt is replaced.
Result<BackupFile> write_backup(const std::filesystem::path& file, const BackupWriter& write);

// A backup step's record for the journal ({"file", "summary"}), after a progress line.
Result<nlohmann::json> backup_step_result(ActuationContext& context, const StepRun& step, const Result<BackupFile>& backup);

Result<BackupFile> copy_object(const kube::KubeClient& client, const ObjectRef& ref, const std::filesystem::path& file);

// A backup step with method object-copy.
class ObjectCopyBackup : public Actuator {
 public:
  std::optional<std::string> refusal(const Action& action) const override;
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
};

}  // namespace synops::apply
