// A deployment to apply to: the Kubernetes API test server seeded with the guide's example
// (examples/matrix/live), the example manifests, and a real PostgreSQL server (started by
// scripts/postgres-test-server) holding a small "synapse" database for the pg_dump backup.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "engine/plan.h"
#include "stages/apply/apply_session.h"
#include "api_server.h"
#include "domain/manifests/desired.h"

namespace synops::testing {

class ApplyPostgres {
 public:
  ApplyPostgres();
  ~ApplyPostgres();
  ApplyPostgres(const ApplyPostgres&) = delete;
  ApplyPostgres& operator=(const ApplyPostgres&) = delete;
  bool started() const { return started_; }
  bool missing_binaries() const { return missing_binaries_; }
  std::string log() const;
  PostgresConnection connection() const;  // the "synapse" database
  int psql(const std::string& sql) const;
  int psql_in(const std::string& dbname, const std::string& sql) const;  // sql inside double quotes
  int require_password(const std::string& role) const;  // from now on `role` logs in with its password only

 private:
  int run(const std::string& action, const std::string& extra = "") const;
  std::filesystem::path dir_;
  int port_ = 0;
  bool started_ = false;
  bool missing_binaries_ = false;
};

struct ApplyWorld {
  // `server_arguments` beyond the seed and a fast controller tick (--bad-image ...).
  explicit ApplyWorld(std::vector<std::string> server_arguments = {});

  TestApiServer server;
  ScratchDir scratch;
  Desired desired;
  kube::KubeClient client;

  LiveState live() const;
  Plan plan() const;  // desired against what is live now
  apply::SessionSetup setup(const ApplyPostgres* database) const;  // journal in scratch/journal
  std::filesystem::path journal_dir() const { return scratch.path() / "journal"; }
  std::string journal_text() const;  // every journal in the directory, concatenated
  // The value at a JSON Pointer of a live object.
  nlohmann::json live_value(const ObjectRef& ref, const std::string& pointer) const;
};

// The key this test process signs journals with: the one synops itself makes under the
// private XDG_STATE_HOME that tests/doctest_main.cpp sets, so a journal written by the
// fixture and one written by the binary are read alike.
std::shared_ptr<const apply::JournalKey> test_journal_key();

// Whether no apply holds the namespace's lease (kApplyLease) now.
bool lease_free(const ApplyWorld& world);

// Every step key of a plan, in order: two plans with the same keys do the same things.
std::vector<std::string> plan_keys(const Plan& plan);

}  // namespace synops::testing
