#include "backups.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "run_program.h"

namespace synops::apply {

namespace {

// libpq's environment variables: nothing about the connection appears on a command line.
std::map<std::string, std::string> libpq_environment(const PostgresConnection& c) {
  std::map<std::string, std::string> environment = {{"PGHOST", c.host.value}, {"PGPORT", std::to_string(c.port)},
                                                    {"PGDATABASE", c.dbname}, {"PGCONNECT_TIMEOUT", "10"},
                                                    {"PGAPPNAME", "synops-backup"}};
  if (!c.user.empty()) environment["PGUSER"] = c.user;
  if (!c.passfile.empty()) environment["PGPASSFILE"] = c.passfile;
  if (!c.sslmode.empty()) environment["PGSSLMODE"] = c.sslmode;
  return environment;
}

std::string last_line(const std::string& output) {
  std::string text = output;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  const size_t newline = text.rfind('\n');
  return newline == std::string::npos ? text : text.substr(newline + 1);
}

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

// Runs `write` into the partial file and renames it on success; a failed attempt leaves no file.
template <typename Write>
Result<BackupFile> write_backup(const std::filesystem::path& file, Write write) {
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

size_t archive_entries(const std::string& listing) {
  size_t entries = 0;
  for (size_t start = 0; start < listing.size();) {
    size_t end = listing.find('\n', start);
    if (end == std::string::npos) end = listing.size();
    if (end > start && listing[start] != ';') ++entries;
    start = end + 1;
  }
  return entries;
}

}  // namespace

Result<BackupFile> dump_database(const PostgresConnection& connection, const std::filesystem::path& file) {
  const std::string where = fmt::format("database {} at {}:{}", connection.dbname, connection.host.value, connection.port);
  return write_backup(file, [&](const std::filesystem::path& partial) -> Result<BackupFile> {
    auto dump = run_program({"pg_dump", "--format=custom", "--no-password", "--file=" + partial.string()},
                            libpq_environment(connection));
    if (dump.exit_code != 0)
      return fail("the pg_dump backup of the " + where + " failed: " +
                  (dump.exit_code == -1 ? "pg_dump could not run" : last_line(dump.output)));
    auto list = run_program({"pg_restore", "--list", partial.string()}, {});
    if (list.exit_code != 0)
      return fail("the pg_dump backup " + file.string() + " does not read back with pg_restore --list: " + last_line(list.output));
    const size_t entries = archive_entries(list.output);
    if (entries == 0)
      return fail("the pg_dump backup of the " + where +
                  " is empty (no table, no schema): is postgres.connection.dbname the Synapse database?");
    return BackupFile{partial, fmt::format("pg_dump of the {}, {} archive entries (pg_restore --list)", where, entries)};
  });
}

Result<BackupFile> copy_object(const kube::KubeClient& client, const ObjectRef& ref, const std::filesystem::path& file) {
  auto object = client.get(ref);
  if (!object) return std::unexpected(object.error());
  if (!*object) return fail("cannot back up " + kube::describe(ref) + ": it does not exist");
  const std::string text = (*object)->body.json().dump(2) + "\n";
  return write_backup(file, [&](const std::filesystem::path& partial) -> Result<BackupFile> {
    int fd = ::open(partial.c_str(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
    const bool written = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    const int error = errno;
    if (fd >= 0) ::close(fd);
    if (!written) return fail("cannot write the backup file " + file.string() + ": " + std::strerror(error));
    return BackupFile{partial, "copy of " + kube::describe(ref) + " at resourceVersion " + (*object)->resource_version};
  });
}

Result<BackupFile> run_backup(ApplyContext& context, const Action& action) {
  const std::string method = action.params.value("method", "");
  const std::string base = context.backup_prefix.string() + "." + action.id;
  if (method == "pg_dump") {
    if (!context.options.database)
      return fail("backup " + action.id + " needs a connection to the Synapse database: set postgres.connection in the manifests");
    return dump_database(*context.options.database, base + ".pg_dump");
  }
  if (method == "object-copy")
    return copy_object(context.client, action.target, base + "." + action.target.kind + "." + action.target.name + ".json");
  return fail("backup " + action.id + ": unknown backup method \"" + method + "\"");
}

}  // namespace synops::apply
