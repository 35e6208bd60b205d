// Reading the worker layout back from a homeserver.yaml, the inverse of derive_worker_config.
#include <doctest/doctest.h>

#include "stages/import/worker_layout.h"

namespace synops::importer {
namespace {

const nlohmann::json kHomeserverConfig = nlohmann::json::parse(R"({
  "instance_map": {
    "main": {"host": "synapse-main.matrix.svc.cluster.local", "port": 9093},
    "persister-0": {"host": "persister-0.persister-headless.matrix.svc.cluster.local", "port": 9094},
    "persister-1": {"host": "persister-1.persister-headless.matrix.svc.cluster.local", "port": 9094}
  },
  "stream_writers": {"events": ["persister-0", "persister-1"], "typing": "persister-0", "receipts": ["stray-0"]},
  "federation_sender_instances": ["sender-0", "sender-1", "master"]
})");

TEST_CASE("an instance belongs to the StatefulSet whose pods it names") {
  CHECK(is_instance_of("persister-0", "persister"));
  CHECK(is_instance_of("persister-12", "persister"));
  CHECK_FALSE(is_instance_of("persister-", "persister"));
  CHECK_FALSE(is_instance_of("persister-a", "persister"));
  CHECK_FALSE(is_instance_of("persister-extra-0", "persister"));
  CHECK_FALSE(is_instance_of("persister", "persister"));
}

TEST_CASE("a pool's streams, federation sending, Service and port come from the live config") {
  const PoolLayout persister = pool_layout(kHomeserverConfig, "persister");
  CHECK(persister.streams == std::vector<std::string>{"events", "typing"});
  CHECK_FALSE(persister.federation_sender);
  CHECK(persister.service_name == "persister-headless");
  CHECK(persister.replication_port == 9094);

  const PoolLayout sender = pool_layout(kHomeserverConfig, "sender");
  CHECK(sender.streams.empty());
  CHECK(sender.federation_sender);
  CHECK(sender.service_name.empty());
  CHECK_FALSE(sender.replication_port);
}

TEST_CASE("main's Service and port, and the instances no pool claims") {
  const auto main = main_layout(kHomeserverConfig);
  REQUIRE(main);
  CHECK(main->service == "synapse-main");
  CHECK(main->port == 9093);
  CHECK_FALSE(main_layout(nlohmann::json::object()));
  CHECK(unclaimed_instances(kHomeserverConfig, {"persister", "sender"}) == std::vector<std::string>{"master", "stray-0"});
}

}  // namespace
}  // namespace synops::importer
