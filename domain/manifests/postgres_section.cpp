// postgres: the CloudNativePG Cluster. PostgreSQL settings are strings to CNPG and to
// PostgreSQL, so every parameter is taken as written (`max_connections: 500` -> "500",
// `shared_buffers: 4GB` -> "4GB"); resource quantities likewise (`cpu: 2` -> "2"), which is
// also how the API server returns them.
#include "kubernetes_names.h"
#include "manifest_keys.h"
#include "sections.h"

namespace synops {
namespace {

// A mapping of scalars, each replaced by its text; `check` may refuse a text.
template <class Check>
LocatedTree text_mapping(const Node& mapping, Diagnostics& problems, Check check) {
  LocatedTree tree = mapping.subtree();
  for (const Node& member : mapping.members()) {
    auto text = read_text(member, problems);
    if (text && check(member, text->value)) tree.value[member.label()] = text->value;
  }
  return tree;
}

LocatedTree read_parameters(const Node& parameters, Diagnostics& problems) {
  if (!expect_mapping(parameters, problems)) return {};
  return text_mapping(parameters, problems, [](const Node&, const std::string&) { return true; });
}

bool check_quantity(const Node& node, const std::string& text, Diagnostics& problems) {
  if (is_quantity(text)) return true;
  report(problems, node.at(), subject(node) + " must be a Kubernetes quantity such as 8Gi, 500m or 2, got \"" + text + "\"");
  return false;
}

std::optional<LocatedTree> read_resources(const Node& resources, Diagnostics& problems) {
  if (!expect_mapping(resources, problems)) return std::nullopt;
  check_keys(resources, manifest_keys::resources, problems);
  LocatedTree tree = resources.subtree();
  for (std::string_view part : manifest_keys::resources) {
    const auto quantities = resources.get(part);
    if (!quantities || !expect_mapping(*quantities, problems)) continue;
    const auto checked = text_mapping(*quantities, problems, [&](const Node& node, const std::string& text) {
      return check_quantity(node, text, problems);
    });
    tree.value[std::string(part)] = checked.value;
  }
  return tree;
}

// postgres.connection: libpq parameters for drift's effective settings. There is no
// `password` key on purpose: libpq reads it from the passfile, so manifests hold no secret.
std::optional<PostgresConnection> read_connection(const Node& connection, Diagnostics& problems) {
  if (!expect_mapping(connection, problems)) return std::nullopt;
  check_keys(connection, manifest_keys::postgres_connection, problems);
  PostgresConnection out;
  out.at = connection.at();
  if (auto host = text_member(connection, "host", Need::required, problems)) out.host = *host;
  if (auto port = integer_member(connection, "port", kPort, Need::optional, problems)) out.port = port->value;
  if (auto dbname = text_member(connection, "dbname", Need::optional, problems)) out.dbname = dbname->value;
  if (auto user = text_member(connection, "user", Need::optional, problems)) out.user = user->value;
  if (auto passfile = text_member(connection, "passfile", Need::optional, problems)) out.passfile = passfile->value;
  if (auto sslmode = connection.get("sslmode"))
    if (auto mode = read_one_of(*sslmode, manifest_keys::sslmodes, problems)) out.sslmode = mode->value;
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
  if (auto resources = postgres.get("resources")) out.resources = read_resources(*resources, problems);
  if (auto connection = postgres.get("connection")) out.connection = read_connection(*connection, problems);
  desired = std::move(out);
}

}  // namespace synops
