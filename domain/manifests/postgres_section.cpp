// postgres: the CloudNativePG Cluster. PostgreSQL settings are strings to CNPG and to
// PostgreSQL, so every parameter is taken as written (`max_connections: 500` -> "500",
// `shared_buffers: 4GB` -> "4GB"); resource quantities likewise (`cpu: 2` -> "2"), which is
// also how the API server returns them.
#include "kubernetes_names.h"
#include "manifest_keys.h"
#include "sections.h"

namespace synops {
namespace {

LocatedTree read_parameters(const Node& parameters, Diagnostics& problems) {
  if (!expect_mapping(parameters, problems)) return {};
  return text_mapping(parameters, problems, [](const Node&, const std::string&) { return true; });
}

// passwordSecret: {name, key}, a Secret of the deployment's namespace. Only its name and key
// are in the manifests; apply reads the value when a pg_dump needs it.
std::optional<SecretKeyRef> read_secret_key_ref(const Node& ref, Diagnostics& problems) {
  if (!expect_mapping(ref, problems)) return std::nullopt;
  check_keys(ref, manifest_keys::secret_key_ref, problems);
  SecretKeyRef out;
  out.at = ref.at();
  auto name = name_member(ref, "name", Need::required, problems);
  if (name) out.name = *name;
  if (auto key = ref.get("key")) {
    auto text = read_text(*key, problems);
    if (text && is_config_map_key(text->value)) out.key = text->value;
    else if (text)
      report(problems, key->at(),
             subject(*key) + " must be a Secret key (letters, digits, \"-\", \"_\" and \".\"), got \"" + text->value + "\"");
  }
  if (!name) return std::nullopt;
  return out;
}

// The members a database's credentials are read from, in `connection` and in `connection.li`.
void read_credentials(const Node& mapping, PostgresConnection& out, Diagnostics& problems) {
  if (auto user = text_member(mapping, "user", Need::optional, problems)) out.user = user->value;
  if (auto passfile = text_member(mapping, "passfile", Need::optional, problems)) out.passfile = passfile->value;
  if (auto secret = mapping.get("passwordSecret")) out.password_secret = read_secret_key_ref(*secret, problems);
}

// postgres.connection.li: the LI instance's database on the connection's server; only what
// differs from the Synapse database is written (the database, its owner, its password).
std::optional<PostgresConnection> read_li_database(const Node& li, const PostgresConnection& server, Diagnostics& problems) {
  if (!expect_mapping(li, problems)) return std::nullopt;
  check_keys(li, manifest_keys::li_database, problems);
  PostgresConnection out{.host = server.host, .port = server.port, .sslmode = server.sslmode, .at = li.at()};
  auto dbname = text_member(li, "dbname", Need::required, problems);
  if (dbname) out.dbname = dbname->value;
  read_credentials(li, out, problems);
  if (!dbname) return std::nullopt;
  return out;
}

// postgres.connection: libpq parameters for drift's effective settings and apply's pg_dump.
// There is no `password` key on purpose: libpq reads it from the passfile, or apply reads it
// from the Secret `passwordSecret` names, so manifests hold no secret.
std::optional<PostgresConnection> read_connection(const Node& connection, std::optional<PostgresConnection>& li,
                                                  Diagnostics& problems) {
  if (!expect_mapping(connection, problems)) return std::nullopt;
  check_keys(connection, manifest_keys::postgres_connection, problems);
  PostgresConnection out;
  out.at = connection.at();
  if (auto host = text_member(connection, "host", Need::required, problems)) out.host = *host;
  if (auto port = integer_member(connection, "port", kPort, Need::optional, problems)) out.port = port->value;
  if (auto dbname = text_member(connection, "dbname", Need::optional, problems)) out.dbname = dbname->value;
  if (auto sslmode = connection.get("sslmode"))
    if (auto mode = read_one_of(*sslmode, manifest_keys::sslmodes, problems)) out.sslmode = mode->value;
  read_credentials(connection, out, problems);
  if (auto li_node = connection.get("li")) li = read_li_database(*li_node, out, problems);
  return out;
}

}  // namespace

void read_postgres_section(const Node& postgres, std::optional<PostgresDesired>& desired, Diagnostics& problems) {
  if (!expect_mapping(postgres, problems)) return;
  check_keys(postgres, manifest_keys::postgres, problems);
  PostgresDesired out;
  out.at = postgres.at();
  if (auto cluster = name_member(postgres, "cluster", Need::required, problems)) out.cluster = *cluster;
  out.image = text_member(postgres, "image", Need::optional, problems);
  out.instances = integer_member(postgres, "instances", kPositive, Need::optional, problems);
  if (auto headroom = integer_member(postgres, "connectionHeadroom", kNonNegative, Need::optional, problems))
    out.connection_headroom = headroom->value;
  if (auto parameters = postgres.get("parameters")) out.parameters = read_parameters(*parameters, problems);
  if (auto resources = postgres.get("resources")) out.resources = read_container_resources(*resources, problems);
  if (auto connection = postgres.get("connection")) out.connection = read_connection(*connection, out.li_connection, problems);
  desired = std::move(out);
}

void check_li_database(const Desired& desired, Diagnostics& problems) {
  if (!desired.postgres || !desired.postgres->li_connection || desired.synapse.li) return;
  report(problems, desired.postgres->li_connection->at,
         "postgres.connection.li names the database of the LI instance, but synapse.li names no LI workload; "
         "add synapse.li to topology.yaml or remove postgres.connection.li");
}

}  // namespace synops
