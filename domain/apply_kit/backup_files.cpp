#include "backup_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "adapters/helm/helm_history.h"

namespace synops::apply {

namespace {

// A backup is written under "<name>.partial" and renamed to its name only once it is complete
// and on disk. A run killed while pg_dump writes leaves only the partial file, which the
// resumed step replaces: the backup step re-runs after any interruption, so it must not trip
// over what the interrupted attempt left (the directory is 0700 and checked to be ours).
std::filesystem::path partial_path(const std::filesystem::path& file) { return file.string() + ".partial"; }

// Creates the partial file empty with mode 0600 before anything writes it, so it is never
// readable by others. unlink and O_NOFOLLOW never act through a symlink planted at the name.
Result<bool> create_private_file(const std::filesystem::path& partial) {
  if (::unlink(partial.c_str()) != 0 && errno != ENOENT)
    return fail("cannot remove the unfinished backup file " + partial.string() + ": " + std::strerror(errno));
  int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot create the backup file " + partial.string() + ": " + std::strerror(errno));
  ::close(fd);
  return true;
}

// Makes the partial file durable and gives it its name, replacing a complete backup an
// interrupted attempt of the same step left (the new one is as recent and verified).
Result<bool> finish_private_file(const std::filesystem::path& partial, const std::filesystem::path& file) {
  int fd = ::open(partial.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!synced || ::rename(partial.c_str(), file.c_str()) != 0)
    return fail("cannot finish the backup file " + file.string() + ": " + std::strerror(errno));
  int dir = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return true;
}

}  // namespace

Result<BackupFile> write_backup(const std::filesystem::path& file, const BackupWriter& write) {
  const auto partial = partial_path(file);
  if (auto created = create_private_file(partial); !created) return std::unexpected(created.error());
  auto written = write(partial);
  if (written) {
    if (auto finished = finish_private_file(partial, file); !finished) written = std::unexpected(finished.error());
  }
  if (!written) ::unlink(partial.c_str());
  else written->path = file;
  return written;
}

Result<nlohmann::json> backup_step_result(ActuationContext& context, const StepRun& step, const Result<BackupFile>& backup) {
  if (!backup) return std::unexpected(backup.error());
  context.progress(step.label + " — " + backup->summary);
  return nlohmann::json{{"file", backup->path.filename().string()}, {"summary", backup->summary}};
}

namespace {

// A Helm release is no API object: what helm keeps of it is the Secret of each revision.
// Its copy is the Secret of the newest revision (values, chart and manifest, as helm stores them).
Result<std::optional<LiveObject>> read_for_copy(const kube::KubeClient& client, const ObjectRef& ref) {
  if (ref.kind != "HelmRelease") return client.get(ref);
  auto history = read_release_history(client, ref.ns, ref.name);
  if (!history) return std::unexpected(history.error());
  if (history->empty()) return std::optional<LiveObject>{};
  const int newest = newest_revision(*history);
  for (auto& entry : *history)
    if (entry.revision == newest) return std::optional<LiveObject>{std::move(entry.secret)};
  return std::optional<LiveObject>{};
}

}  // namespace

Result<BackupFile> copy_object(const kube::KubeClient& client, const ObjectRef& ref, const std::filesystem::path& file) {
  auto object = read_for_copy(client, ref);
  if (!object) return std::unexpected(object.error());
  if (!*object) return fail("cannot back up " + kube::describe(ref) + ": it does not exist");
  const std::string text = (*object)->body.json().dump(2) + "\n";
  return write_backup(file, [&](const std::filesystem::path& partial) -> Result<BackupFile> {
    int fd = ::open(partial.c_str(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
    const bool written = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    const int error = errno;
    if (fd >= 0) ::close(fd);
    if (!written) return fail("cannot write the backup file " + file.string() + ": " + std::strerror(error));
    const std::string copied = ref.kind == "HelmRelease" ? kube::describe(ref) + " (" + (*object)->ref.str() + ")" : kube::describe(ref);
    return BackupFile{partial, "copy of " + copied + " at resourceVersion " + (*object)->resource_version};
  });
}

std::optional<std::string> ObjectCopyBackup::refusal(const Action& action) const {
  if (action.backup_method == BackupMethod::object_copy) return std::nullopt;
  return "a backup step needs its method (params.method: pg_dump or object-copy)";
}

Result<nlohmann::json> ObjectCopyBackup::act(ActuationContext& context, const StepRun& step) const {
  const Action& action = step.action;
  const std::string file = context.backup_prefix.string() + "." + action.id + "." + action.target.kind + "." + action.target.name + ".json";
  return backup_step_result(context, step, copy_object(context.client, action.target, file));
}

}  // namespace synops::apply
