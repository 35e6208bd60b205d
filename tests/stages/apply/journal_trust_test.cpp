// What a pull request can carry must not make synops act (issue #18, 1 and 2), through the
// real binary: a journal committed beside the manifests is never found by resume, and never
// continued even when pointed at; a journal is continued only on the cluster it recorded, not
// on another cluster that answers at the same address.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>
#include <string>

#include "engine/plan_json.h"
#include "stages/apply/executor.h"
#include "stages/apply/journal.h"
#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {


// The world's kubeconfig and fast waits, without --journal: the journal goes where it goes
// by default.
std::vector<std::string> kube_args(const ApplyWorld& world) {
  return {"--kubeconfig", (world.server.certs() / "kubeconfig-token.yaml").string(), "--timeout", "20", "--poll-ms", "20"};
}

// A journal as a pull request would carry it: the real plan of this world, an unfinished
// run, written as git checks a file out (0644, no MAC: nobody outside has the key).
fs::path commit_journal(const fs::path& manifests, const ApplyWorld& world) {
  const fs::path dir = manifests / ".synops" / "journal";
  fs::create_directories(dir);
  nlohmann::json header = apply::journal_header(world.plan(), "c0ffee0000000000", "matrix", {});
  header["server"] = world.server.url();
  const fs::path file = dir / "apply-20261201T000000.000Z-c0ffee0000000000.journal";
  std::ofstream(file) << header.dump() << "\n" << nlohmann::json{{"record", "step-begin"}, {"step", "a1"}}.dump() << "\n";
  ::chmod(file.c_str(), 0644);
  return file;
}

int port_of(const std::string& url) { return std::stoi(url.substr(url.rfind(':') + 1)); }

}  // namespace

TEST_CASE("journal trust: a journal committed beside the manifests is never resumed, and apply writes nothing there") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = write_manifests(world, postgres);
  const fs::path committed = commit_journal(manifests, world);
  const std::string committed_text = slurp(committed);

  // resume DIR looks in this user's state directory, where no run of this cluster is.
  const auto resumed = run_cli(concat({"resume", manifests.string()}, kube_args(world)));
  CHECK_MESSAGE(resumed.code == 1, resumed.err);
  CHECK(resumed.err.find("nothing to resume: no unfinished apply in the journal directory " +
                         std::string(std::getenv("XDG_STATE_HOME")) + "/synops/journal/") != std::string::npos);
  // Pointed at it, resume refuses it by name: nobody without this machine's key wrote it.
  const auto pointed = run_cli(concat({"resume", manifests.string(), "--journal", committed.parent_path().string()}, kube_args(world)));
  CHECK_MESSAGE(pointed.code == 1, pointed.err);
  CHECK(pointed.err.find(committed.string() + ":1: this journal record is not signed with this machine's journal key") != std::string::npos);
  const auto rolled = run_cli(concat({"rollback", manifests.string(), "--journal", committed.parent_path().string()}, kube_args(world)));
  CHECK_MESSAGE(rolled.code == 1, rolled.err);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");  // not one step of it ran
  CHECK(slurp(committed) == committed_text);                                 // nor was it cut or appended to

  // apply DIR is not held up by it either, and keeps its own journal out of the checkout.
  const auto applied = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, kube_args(world)));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
  const fs::path state_journals = fs::path(std::getenv("XDG_STATE_HOME")) / "synops" / "journal";
  CHECK(state_journal_dir(world).string().starts_with(state_journals.string() + "/127.0.0.1-" + std::to_string(port_of(world.server.url())) + "-"));
  CHECK(state_journal_dir(world).filename() == "matrix");
  CHECK_MESSAGE(applied.err.find("Apply complete. Journal: " + state_journal_dir(world).string() + "/apply-") != std::string::npos, applied.err);
  int in_checkout = 0;
  for (const auto& entry : fs::recursive_directory_iterator(manifests / ".synops")) in_checkout += entry.is_regular_file();
  CHECK(in_checkout == 1);  // the committed journal, alone
}

TEST_CASE("journal trust: kill -9, then rollback DIR alone finds the run in the state directory and undoes it") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = write_manifests(world, postgres);
  const auto killed = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, kube_args(world)), "[7/");
  REQUIRE_MESSAGE(killed.code == -1, killed.err);
  // Past main's point of no return (its new version ran): only through the barrier is it undone.
  const auto rolled = run_cli(concat({"rollback", manifests.string(), "--through-barrier"}, kube_args(world)));
  CHECK_MESSAGE(rolled.code == 0, rolled.err);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  CHECK_FALSE(fs::exists(manifests / ".synops"));
}

TEST_CASE("journal trust: another cluster at the same address (new CA, new token) is refused by identity, not URL") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ScratchDir journals;
  std::string port;
  {
    ApplyWorld first;
    port = std::to_string(port_of(first.server.url()));
    const fs::path manifests = write_manifests(first, postgres);
    const auto killed = run_cli(concat({"apply", manifests.string(), "--auto-approve", "--journal", journals.path().string()},
                                       kube_args(first)),
                                "[7/");
    REQUIRE_MESSAGE(killed.code == -1, killed.err);
    CHECK(first.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
  }  // the first server stops; a second, another cluster, starts on its address
  ApplyWorld second({"--port", port});
  REQUIRE(port_of(second.server.url()) == std::stoi(port));
  const fs::path manifests = write_manifests(second, postgres);
  const auto rolled = run_cli(concat({"rollback", manifests.string(), "--journal", journals.path().string()}, kube_args(second)));
  CHECK_MESSAGE(rolled.code == 1, rolled.err);  // rollback's contract: 0 restored, 1 anything else
  CHECK(rolled.err.find("belongs to another cluster: ") != std::string::npos);
  CHECK(rolled.err.find("is another cluster now: its kube-system namespace has UID ") != std::string::npos);
  CHECK(second.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");  // nothing written to it
  CHECK(second.server.count("PATCH /apis/apps/v1/namespaces/matrix/statefulsets/synapse-main") == 0);
}

TEST_CASE("journal trust: a journal header without a cluster identity is refused") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const Plan plan = world.plan();
  ScratchDir journals;
  {
    auto journal = apply::JournalWriter::create(journals.path() / "apply-20261201T000000.000Z-c0ffee0000000000.journal",
                                                test_journal_key());
    REQUIRE(journal);
    nlohmann::json header = apply::journal_header(plan, "c0ffee0000000000", "matrix", {});
    header["server"] = world.server.url();  // the URL matches; nothing says which cluster it was
    REQUIRE(journal->write(header));
    REQUIRE(journal->write({{"record", "step-begin"}, {"step", plan.actions.front().id}}));
  }
  const auto resumed = run_cli(concat({"resume", "--journal", journals.path().string()}, kube_args(world)));
  CHECK_MESSAGE(resumed.code == 3, resumed.err);
  CHECK(resumed.err.find("records no cluster identity") != std::string::npos);
}

