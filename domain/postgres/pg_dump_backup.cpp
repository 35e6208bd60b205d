#include "pg_dump_backup.h"

#include <fmt/format.h>

#include "domain/apply_kit/backup_files.h"
#include "domain/apply_kit/run_program.h"
#include "database_password.h"

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

// The last line that says what went wrong. libpq follows a refused password with a note
// naming the passfile it came from ("password retrieved from file ..."), which says nothing
// of the cause, so that note is passed over.
std::string last_line(const std::string& output) {
  std::string text = output;
  while (true) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    const size_t newline = text.rfind('\n');
    const std::string line = newline == std::string::npos ? text : text.substr(newline + 1);
    if (newline == std::string::npos || !line.starts_with("password retrieved from file")) return line;
    text.resize(newline);
  }
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
                  " is empty (no table, no schema): is the dbname of postgres.connection (or of postgres.connection.li) the right database?");
    return BackupFile{partial, fmt::format("pg_dump of the {}, {} archive entries (pg_restore --list)", where, entries)};
  });
}

const std::optional<PostgresConnection>& connection_for(const Action& backup, const ApplyOptions& options) {
  return backup.database == "li" ? options.li_database : options.database;
}

Result<nlohmann::json> PgDumpBackup::act(ActuationContext& context, const StepRun& step) const {
  const auto& database = connection_for(step.action, context.options);
  if (!database && step.action.database == "li")
    return fail("backup " + step.action.id + " needs the LI instance's database: set postgres.connection.li in the manifests");
  if (!database)
    return fail("backup " + step.action.id + " needs a connection to the Synapse database: set postgres.connection in the manifests");
  const std::string file = context.backup_prefix.string() + "." + step.action.id + ".pg_dump";
  if (!database->password_secret) return backup_step_result(context, step, dump_database(*database, file));
  // Read again now, not kept from the run's start: a resumed run has only the journal, which
  // never holds the password. The run's redactor learnt it before the first step.
  auto password = read_database_password(context.client, step.action.target.ns, *database->password_secret);
  if (!password) return std::unexpected(password.error());
  auto passfile = PrivatePassfile::write(*database, *password);
  if (!passfile) return std::unexpected(passfile.error());
  PostgresConnection connection = *database;
  connection.passfile = passfile->path().string();
  return backup_step_result(context, step, dump_database(connection, file));
}

}  // namespace synops::apply
