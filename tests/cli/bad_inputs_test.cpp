// The bad-input corpus (tests/bad_inputs/, issue #8): every malformed, hostile or merely odd
// manifest directory, snapshot and kubeconfig is run through the real synops binary, which must
// fail with exactly the expected message, quickly and in little memory, and never print a
// credential.
//
//   manifests/<case>/     a manifest directory; `synops validate` prints expected.err and exits 1;
//                         where expected.out exists too (tricky but valid input), it prints both
//                         and exits 0
//   snapshots/<case>.json `synops plan examples/matrix --live` prints <case>.err and exits 1
//   kubeconfigs/<case>.yaml
//                         `synops plan examples/matrix --kubeconfig` prints <case>.err, exits 1
//
// Inputs too large to commit (100 MiB manifests, 50 MB snapshots, ...) are generated into a
// temporary directory by the last test case; their expected messages are written below.
// After a deliberate change of messages, run with SYNOPS_UPDATE_GOLDEN=1 to rewrite the
// committed expected files (it rewrites every one, so review the diff).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/slurp.h"
#include "support/api_server.h"

namespace fs = std::filesystem;

namespace {

// Every bad input must be refused promptly: the slowest committed case takes about 0.1 s, and a
// plan of 10,000 real objects takes 0.6 s (bench/results.md). Two seconds leaves room for a
// loaded two-core CI machine, yet catches hangs, retry loops (a connection attempt retried with
// backoff takes about 5 s) and parsers that go quadratic or expand their input.
constexpr double kMaxWallSeconds = 2.0;
// synops plans 10,000 objects in 64 MB and an ordinary bad input costs about 12 MB. An input
// that needs 200 MB is being expanded or held whole in a tree instead of being refused.
constexpr long kMaxRssKiB = 200L * 1024;
// The generated inputs are 8 to 50 MB, 25 to 50 times a real deployment's snapshot: they may
// be read whole, once, but never expanded or retried.
constexpr double kHugeMaxWallSeconds = 5.0;
constexpr long kHugeMaxRssKiB = 300L * 1024;
// A hung child is killed after this long, so that the test reports the case instead of hanging;
// the wall-time assertion has already failed by then.
constexpr double kKillAfterSeconds = 30.0;
// A safety net, not the bound asserted: a runaway input must not take the shared machine's
// memory down with it. Address space, so it is far above the RSS bound (threads reserve stacks).
constexpr rlim_t kAddressSpaceLimit = rlim_t{8} << 30;

// Planted in the kubeconfigs' users; no output of any case may ever contain it.
constexpr const char* kKubeconfigCanary = "CANARY-kubeconfig-token-91b2";

struct Run {
  int exit_code = -1;  // -1 when the child did not exit normally (a signal, a crash)
  int signal = 0;
  std::string out, err;
  double wall_seconds = 0;
  long max_rss_kib = 0;
};

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string read_fd(int fd) {
  std::string text;
  ::lseek(fd, 0, SEEK_SET);
  char buffer[65536];
  for (ssize_t got; (got = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<size_t>(got));
  return text;
}

// Runs the binary from the repository root with fork/exec (no shell, so no quoting can change an
// argument) and wait4, whose rusage gives the child's own peak RSS. stdout and stderr go to
// unlinked temporary files rather than pipes: a child that prints megabytes cannot block on a
// full pipe while we wait for it.
Run run_bounded(const std::vector<std::string>& arguments) {
  char out_name[] = "/tmp/synops-bad-out-XXXXXX";
  char err_name[] = "/tmp/synops-bad-err-XXXXXX";
  const int out_fd = ::mkstemp(out_name);
  const int err_fd = ::mkstemp(err_name);
  REQUIRE(out_fd >= 0);
  REQUIRE(err_fd >= 0);
  ::unlink(out_name);
  ::unlink(err_name);

  std::vector<std::string> argv_text{SYNOPS_BINARY};
  argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& argument : argv_text) argv.push_back(argument.data());
  argv.push_back(nullptr);
  // A fixed environment: no KUBECONFIG, no SYNOPS_ALLOW_EXEC and no HOME of the person running
  // the tests can change what a case reads or allows.
  std::string no_color = "NO_COLOR=1", path = "PATH=/usr/bin:/bin", home = "HOME=/nonexistent", locale = "LC_ALL=C";
  char* envp[] = {no_color.data(), path.data(), home.data(), locale.data(), nullptr};

  const auto started = std::chrono::steady_clock::now();
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const rlimit address_space{kAddressSpaceLimit, kAddressSpaceLimit};
    ::setrlimit(RLIMIT_AS, &address_space);
    if (::chdir(SYNOPS_SOURCE_DIR) != 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) ::_exit(126);
    const int null_in = ::open("/dev/null", O_RDONLY);
    if (null_in >= 0) ::dup2(null_in, 0);  // nothing may wait for a terminal ("yes" prompts)
    ::execve(argv[0], argv.data(), envp);
    ::_exit(127);
  }

  Run run;
  int status = 0;
  rusage usage{};
  bool killed = false;
  while (true) {
    const pid_t done = ::wait4(child, &status, WNOHANG, &usage);
    if (done == child) break;
    if (done != 0) FAIL("wait4 failed: errno " << errno);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (elapsed > kKillAfterSeconds && !killed) {
      ::kill(child, SIGKILL);
      killed = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Kilobytes on Linux. The peak includes the pages the child shared with this test process
  // between fork and exec (a few MB), so the figure errs on the side of failing.
  run.max_rss_kib = usage.ru_maxrss;
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) run.signal = WTERMSIG(status);
  run.out = read_fd(out_fd);
  run.err = read_fd(err_fd);
  ::close(out_fd);
  ::close(err_fd);
  return run;
}

std::string repo_relative(const fs::path& path) { return fs::relative(path, SYNOPS_SOURCE_DIR).string(); }

// What every case must hold, whatever its input: it ended by itself, within the bounds, and
// printed no credential.
void check_bounds(const Run& run, double max_wall_seconds = kMaxWallSeconds, long max_rss_kib = kMaxRssKiB) {
  CHECK(run.signal == 0);
  CHECK(run.wall_seconds <= max_wall_seconds);
  CHECK(run.max_rss_kib <= max_rss_kib);
  CHECK(run.out.find(kKubeconfigCanary) == std::string::npos);
  CHECK(run.err.find(kKubeconfigCanary) == std::string::npos);
}

std::vector<fs::path> sorted_entries(const fs::path& dir, bool directories, const std::string& extension) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (directories ? entry.is_directory() : (entry.is_regular_file() && entry.path().extension() == extension))
      found.push_back(entry.path());
  }
  std::ranges::sort(found);
  return found;
}

const fs::path kCorpus = fs::path(SYNOPS_SOURCE_DIR) / "tests" / "bad_inputs";
const bool kUpdate = std::getenv("SYNOPS_UPDATE_GOLDEN") != nullptr;

// A case that must fail: exit 1, nothing on stdout, exactly `expected_file` on stderr.
void check_failing_case(const Run& run, const fs::path& expected_file) {
  if (kUpdate) {
    write_file(expected_file, run.err);
    return;
  }
  if (!fs::exists(expected_file)) {
    FAIL_CHECK("missing " << repo_relative(expected_file));  // the other cases still run
    return;
  }
  CHECK(run.exit_code == 1);
  CHECK(run.out == "");
  CHECK(run.err == synops::testing::slurp(expected_file));
}

}  // namespace

TEST_CASE("bad manifests: each directory fails with its exact error, or is read as documented") {
  const auto cases = sorted_entries(kCorpus / "manifests", true, "");
  REQUIRE(cases.size() >= 40);
  for (const auto& dir : cases) {
    const Run run = run_bounded({"validate", repo_relative(dir)});
    INFO("manifests/" << dir.filename().string() << " exit " << run.exit_code << " in " << run.wall_seconds << " s, "
                      << run.max_rss_kib << " KiB\nstdout: " << run.out << "\nstderr: " << run.err);
    check_bounds(run);
    if (fs::exists(dir / "expected.out")) {
      // Tricky but valid (a BOM, CRLF, `yes` in a string field): it loads like the plain file.
      // validate prints nothing on stdout and its verdict on stderr, so both files are compared.
      if (kUpdate) {
        write_file(dir / "expected.out", run.out);
        write_file(dir / "expected.err", run.err);
        continue;
      }
      if (!fs::exists(dir / "expected.err")) {
        FAIL_CHECK("missing " << repo_relative(dir / "expected.err"));
        continue;
      }
      CHECK(run.exit_code == 0);
      CHECK(run.out == synops::testing::slurp(dir / "expected.out"));
      CHECK(run.err == synops::testing::slurp(dir / "expected.err"));
    } else {
      check_failing_case(run, dir / "expected.err");
    }
  }
}

TEST_CASE("bad snapshots: plan --live fails with the exact error and plans nothing") {
  const auto cases = sorted_entries(kCorpus / "snapshots", false, ".json");
  REQUIRE(cases.size() >= 20);
  for (const auto& file : cases) {
    const Run run = run_bounded({"plan", "examples/matrix", "--live", repo_relative(file)});
    INFO("snapshots/" << file.filename().string() << " exit " << run.exit_code << " in " << run.wall_seconds << " s, "
                      << run.max_rss_kib << " KiB\nstdout: " << run.out << "\nstderr: " << run.err);
    check_bounds(run);
    check_failing_case(run, fs::path(file).replace_extension(".err"));
  }
}

TEST_CASE("bad kubeconfigs: plan --kubeconfig fails while loading, naming the key, never the token") {
  const auto cases = sorted_entries(kCorpus / "kubeconfigs", false, ".yaml");
  REQUIRE(cases.size() >= 20);
  size_t with_canary = 0;
  for (const auto& file : cases) {
    // The canary check below proves nothing for a file that does not hold the canary.
    if (synops::testing::slurp(file).find(kKubeconfigCanary) != std::string::npos) ++with_canary;
    const Run run = run_bounded({"plan", "examples/matrix", "--kubeconfig", repo_relative(file)});
    INFO("kubeconfigs/" << file.filename().string() << " exit " << run.exit_code << " in " << run.wall_seconds << " s, "
                        << run.max_rss_kib << " KiB\nstdout: " << run.out << "\nstderr: " << run.err);
    check_bounds(run);
    check_failing_case(run, fs::path(file).replace_extension(".err"));
  }
  // Most cases keep the canary user; the few without one are about users of another shape.
  CHECK(with_canary * 4 >= cases.size() * 3);
}

// ---------------------------------------------------------------------------------------------
// Generated inputs: too large to commit, written fresh into a temporary directory.

namespace {

std::string repeat(std::string_view piece, size_t times) {
  std::string text;
  text.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) text += piece;
  return text;
}

// A manifest directory whose synops.yaml includes one generated file.
fs::path manifest_with(const fs::path& root, const std::string& name, const std::string& included) {
  const fs::path dir = root / name;
  fs::create_directories(dir);
  write_file(dir / "synops.yaml", "namespace: matrix\ninclude: [extra.yaml]\n");
  write_file(dir / "extra.yaml", included);
  return dir;
}

// Levels of four aliases each of the level below: 4^20 values once expanded.
std::string alias_bomb_20x4() {
  std::string text = "a0: &a0 [lol, lol, lol, lol]\n";
  for (int level = 1; level < 20; ++level) {
    const std::string below = "*a" + std::to_string(level - 1);
    text += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [" + below + ", " + below + ", " + below +
            ", " + below + "]\n";
  }
  return text;
}

const std::string kKubeconfigHead =
    "apiVersion: v1\nkind: Config\n"
    "users:\n- name: u\n  user:\n    token: CANARY-kubeconfig-token-91b2\n"
    "contexts:\n- name: ctx\n  context: {cluster: c, user: u, namespace: matrix}\ncurrent-context: ctx\n";
const std::string kHttpCluster = "clusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:9\n";

const std::string kSnapshotHead = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n";

std::string padding_config_map(size_t index) {
  std::string name = std::to_string(index);
  name.insert(0, 6 - std::min<size_t>(6, name.size()), '0');
  return "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"pad-" + name +
         "\", \"namespace\": \"other\"}, \"data\": {\"k\": \"" + std::string(2000, 'x') + "\"}},\n";
}

struct Generated {
  std::string name;
  std::vector<std::string> arguments;
  int exit_code;
  std::string out, err;  // "{tmp}" stands for the temporary directory
};

std::string with_tmp(std::string text, const fs::path& tmp) {
  for (size_t at; (at = text.find("{tmp}")) != std::string::npos;) text.replace(at, 5, tmp.string());
  return text;
}

}  // namespace

TEST_CASE("huge and hostile generated inputs fail fast, in bounded memory, with exact errors") {
  synops::testing::ScratchDir tmp;
  const fs::path& root = tmp.path();
  std::vector<Generated> cases;

  {  // 100 MiB: refused by its size before it is read.
    const fs::path dir = root / "manifest-100mib";
    fs::create_directories(dir);
    write_file(dir / "synops.yaml", "namespace: matrix\ninclude: [big.yaml]\n");
    const std::string line = "# a padding line of a 100 MiB manifest file, 64 bytes long ....\n";
    REQUIRE(line.size() == 64);
    write_file(dir / "big.yaml", repeat(line, (100u << 20) / 64));
    REQUIRE(fs::file_size(dir / "big.yaml") == 104857600u);
    cases.push_back({"manifest-100mib", {"validate", dir.string()}, 1, "",
                     dir.string() + "/big.yaml:1:1: error: file is 104857600 bytes, more than the limit of 8388608 bytes (8 MiB)\n"});
  }
  {  // A million document markers: empty documents are fine (4 MB, under the file limit).
    const fs::path dir = manifest_with(root, "manifest-million-markers", repeat("---\n", 1000000));
    cases.push_back({"manifest-million-markers", {"validate", dir.string()}, 0, "", dir.string() + ": the manifests are valid\n"});
  }
  {  // Half a million documents with content: the second one is the error.
    const fs::path dir = manifest_with(root, "manifest-500k-documents", repeat("---\nk: v\n", 500000));
    cases.push_back({"manifest-500k-documents", {"validate", dir.string()}, 1, "",
                     dir.string() + "/extra.yaml:3:1: error: a second YAML document starts here; a manifest file holds one document\n"});
  }
  {  // Alias bomb, 20 levels of 4.
    const fs::path dir = manifest_with(root, "manifest-alias-bomb-20x4", alias_bomb_20x4());
    cases.push_back({"manifest-alias-bomb-20x4", {"validate", dir.string()}, 1, "",
                     dir.string() + "/extra.yaml:8:25: error: the document has more than the limit of 100000 values (aliases count once per use)\n"});
  }
  {  // A million levels of flow nesting.
    const fs::path dir = manifest_with(root, "manifest-deep-1m", "x: " + repeat("[", 1000000) + repeat("]", 1000000) + "\n");
    cases.push_back({"manifest-deep-1m", {"validate", dir.string()}, 1, "",
                     dir.string() + "/extra.yaml:1:68: error: mappings and sequences are nested deeper than the limit of 64 levels\n"});
  }
  {  // A million values in one flow sequence.
    const fs::path dir = manifest_with(root, "manifest-wide-1m", "x: [" + repeat("a,", 1000000) + "a]\n");
    cases.push_back({"manifest-wide-1m", {"validate", dir.string()}, 1, "",
                     dir.string() + "/extra.yaml:1:200004: error: the document has more than the limit of 100000 values (aliases count once per use)\n"});
  }
  {  // A 7 MiB scalar, under the file limit: read, then the missing keys are the errors.
    const fs::path dir = manifest_with(root, "manifest-7mib-scalar", "synapse:\n  main:\n    image: " + std::string(7u << 20, 'a') + "\n");
    cases.push_back({"manifest-7mib-scalar", {"validate", dir.string()}, 1, "",
                     dir.string() + "/extra.yaml:3:5: error: missing required key \"kind\" in synapse.main\n" +
                     dir.string() + "/extra.yaml:3:5: error: missing required key \"name\" in synapse.main\n"});
  }
  {  // 50 MB of ConfigMaps, cut off in the last item.
    std::string text = kSnapshotHead;
    for (size_t i = 0; i < 25000; ++i) text += padding_config_map(i);
    text += "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"last\"";
    write_file(root / "snapshot-50mb-truncated.json", text);
    cases.push_back({"snapshot-50mb-truncated", {"plan", "examples/matrix", "--live", (root / "snapshot-50mb-truncated.json").string()}, 1, "",
                     "{tmp}/snapshot-50mb-truncated.json:25002:70: error: not valid JSON: syntax error while parsing object - "
                     "unexpected end of input; expected '}'\n"});
  }
  {  // One 50 MiB string, then an item without a name.
    const std::string text = kSnapshotHead +
                             "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"big\", \"namespace\": "
                             "\"other\"}, \"data\": {\"k\": \"" + std::string(50u << 20, 'y') + "\"}},\n"
                             "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {}}]}\n";
    write_file(root / "snapshot-50mib-string.json", text);
    cases.push_back({"snapshot-50mib-string", {"plan", "examples/matrix", "--live", (root / "snapshot-50mib-string.json").string()}, 1, "",
                     "{tmp}/snapshot-50mib-string.json: error: item ConfigMap/? has no kind or metadata.name; expected objects as "
                     "`kubectl get -o json` prints them\n"});
  }
  {  // A 10 MB kubeconfig: refused by its size before it is parsed.
    std::string text = kKubeconfigHead + kHttpCluster + "preferences:\n";
    for (size_t i = 0; i < 200000; ++i) text += "  k" + std::to_string(1000000 + i) + ": " + std::string(40, 'v') + "\n";
    write_file(root / "kubeconfig-10mb.yaml", text);
    cases.push_back({"kubeconfig-10mb", {"plan", "examples/matrix", "--kubeconfig", (root / "kubeconfig-10mb.yaml").string()}, 1, "",
                     "error: {tmp}/kubeconfig-10mb.yaml: not a valid kubeconfig: the file is " + std::to_string(text.size()) +
                         " bytes, more than the limit of 4194304 bytes\n"});
  }
  {  // A million levels of nesting in a kubeconfig.
    const std::string text = kKubeconfigHead + kHttpCluster + "extensions: " + repeat("[", 1000000) + repeat("]", 1000000) + "\n";
    write_file(root / "kubeconfig-deep-1m.yaml", text);
    cases.push_back({"kubeconfig-deep-1m", {"plan", "examples/matrix", "--kubeconfig", (root / "kubeconfig-deep-1m.yaml").string()}, 1, "",
                     "error: {tmp}/kubeconfig-deep-1m.yaml:15:77: not a valid kubeconfig: mappings and sequences are nested "
                     "deeper than the limit of 64 levels\n"});
  }
  {  // An alias bomb where the clusters belong: refused at the value limit, nothing expanded.
    const std::string text = kKubeconfigHead + alias_bomb_20x4() + "clusters: *a19\n";
    write_file(root / "kubeconfig-alias-bomb-20x4.yaml", text);
    cases.push_back({"kubeconfig-alias-bomb-20x4",
                     {"plan", "examples/matrix", "--kubeconfig", (root / "kubeconfig-alias-bomb-20x4.yaml").string()}, 1, "",
                     "error: {tmp}/kubeconfig-alias-bomb-20x4.yaml:18:25: not a valid kubeconfig: the document has more than the "
                     "limit of 100000 values (aliases count once per use)\n"});
  }

  for (const auto& generated : cases) {
    const Run run = run_bounded(generated.arguments);
    INFO("generated " << generated.name << " exit " << run.exit_code << " in " << run.wall_seconds << " s, "
                      << run.max_rss_kib << " KiB\nstderr: " << run.err.substr(0, 2000));
    MESSAGE("generated " << generated.name << ": " << run.wall_seconds << " s, " << run.max_rss_kib << " KiB");
    check_bounds(run, kHugeMaxWallSeconds, kHugeMaxRssKiB);
    CHECK(run.exit_code == generated.exit_code);
    CHECK(run.out == with_tmp(generated.out, root));
    CHECK(run.err == with_tmp(generated.err, root));
  }
}
