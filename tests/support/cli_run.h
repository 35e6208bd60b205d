// Running the real synops binary against an ApplyWorld, for the tests that drive apply,
// resume, rollback and the read commands as a user would: the example manifests pointed at
// the test database, the test server's token kubeconfig, and the combined output.
#pragma once
#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

#include "apply_fixture.h"
#include "slurp.h"

namespace synops::testing {

struct Finished {
  int code = -1;    // exit code; -1 when killed
  std::string err;  // stderr and stdout, interleaved as written, up to the end
};

// In a forked child: replaces it with synops and `args` (exit 127 when that fails).
[[noreturn]] void exec_synops(std::vector<std::string> args);

// Runs synops with `args` (stdin empty); when `kill_at` is set, sends `signals` back to back
// once an output line starts with it.
Finished run_cli(std::vector<std::string> args, const std::string& kill_at = "", std::vector<int> signals = {SIGKILL});

// The example manifests in world.scratch/manifests, with postgres.connection pointing at the
// test database (plus `connection_extra`, e.g. ", passfile: /x", inside the flow mapping).
std::filesystem::path write_manifests(const ApplyWorld& world, const ApplyPostgres& postgres,
                                      const std::string& connection_extra = "");

// --kubeconfig (the server's token kubeconfig), a step timeout (20 s; "300", far above what a
// rollout takes here, shows that a wait ended early because the rollout could not progress),
// fast polling and the world's journal directory (--journal).
std::vector<std::string> cluster_args(const ApplyWorld& world, const std::string& timeout_seconds = "20");
// `apply DIR --auto-approve` with cluster_args.
std::vector<std::string> apply_args(const ApplyWorld& world, const std::filesystem::path& dir, const std::string& timeout_seconds);

// Where synops keeps the journals of `world`'s cluster and namespace when no --journal is
// given: the test process's private state directory (tests/doctest_main.cpp).
std::filesystem::path state_journal_dir(const ApplyWorld& world, const std::string& ns = "matrix");

// Whether the run's output holds `text`.
bool says(const Finished& run, const std::string& text);
// The test server's token kubeconfig, for --kubeconfig.
std::string kubeconfig(const ApplyWorld& world);
// Whether `program` is found on PATH (a tool a test runs beside synops).
bool on_path(const std::string& program);
// Edits a manifest the way an operator would: the first `from` in `file` becomes `to`; a
// `from` the file does not hold fails the test.
void replace_in(const std::filesystem::path& file, const std::string& from, const std::string& to);
// Every *.journal file in `dir`, concatenated.
std::string all_journals(const std::filesystem::path& dir);
std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b);

}  // namespace synops::testing
