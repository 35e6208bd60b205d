#include "database_secrets.h"

#include "domain/postgres/database_password.h"
#include "domain/postgres/pg_dump_backup.h"

namespace synops::apply {

std::vector<std::string> check_database_secrets(const kube::KubeClient& client, const Plan& plan, const ApplyOptions& options,
                                                const std::set<std::string>& done, Redactor& redactor) {
  std::vector<std::string> problems;
  std::set<std::pair<std::string, std::string>> read;  // a Secret shared by both connections is read once
  for (const auto& action : plan.actions) {
    if (action.type != ActionType::backup || action.backup_method != BackupMethod::pg_dump || done.contains(action.id)) continue;
    const auto& connection = connection_for(action, options);
    if (!connection || !connection->password_secret) continue;
    const SecretKeyRef& ref = *connection->password_secret;
    if (!read.insert({ref.name.value, ref.key}).second) continue;
    auto password = read_database_password(client, action.target.ns, ref);
    if (!password) problems.push_back("backup " + action.id + " cannot be taken: " + password.error().front().message);
    else redactor.add(*password);
  }
  return problems;
}

nlohmann::json connection_to_json(const std::optional<PostgresConnection>& connection) {
  if (!connection) return nullptr;
  const auto& c = *connection;
  nlohmann::json out = {{"host", c.host.value}, {"port", c.port},         {"dbname", c.dbname},
                        {"user", c.user},       {"passfile", c.passfile}, {"sslmode", c.sslmode}};
  if (c.password_secret) out["password_secret"] = {{"name", c.password_secret->name.value}, {"key", c.password_secret->key}};
  return out;
}

std::optional<PostgresConnection> connection_from_json(const nlohmann::json& json) {
  if (!json.is_object()) return std::nullopt;
  PostgresConnection c;
  c.host.value = json.value("host", "");
  c.port = json.value("port", 5432);
  c.dbname = json.value("dbname", "postgres");
  c.user = json.value("user", "");
  c.passfile = json.value("passfile", "");
  c.sslmode = json.value("sslmode", "");
  if (const auto secret = json.find("password_secret"); secret != json.end() && secret->is_object()) {
    SecretKeyRef ref;
    ref.name.value = secret->value("name", "");
    ref.key = secret->value("key", "password");
    c.password_secret = ref;
  }
  return c;
}

}  // namespace synops::apply
