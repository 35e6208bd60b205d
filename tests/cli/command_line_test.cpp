// The command line as kubectl, helm and terraform users expect it (issue #17, item 2), through
// the real binary: help COMMAND, did-you-mean, -o for the format, the global flags in every
// command's help, --version with the commit, the contexts of a kubeconfig, one line for a
// cluster that does not answer, and positions that open from where synops ran.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/api_server.h"
#include "support/run_synops.h"

namespace synops::testing {
namespace {

const std::vector<std::string> kCommands = {"validate", "plan",     "show",     "drift", "import",     "snapshot",
                                            "apply",    "resume",   "rollback", "force-unlock", "help", "completion"};

std::string text_of(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// A kubeconfig whose current context is `context`, pointing at `server`.
std::string kubeconfig_text(const std::string& server, const std::string& context) {
  return "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: " + server +
         "\nusers:\n- name: u\n  user:\n    token: t0k3n\ncontexts:\n- name: " + context +
         "\n  context: {cluster: c, user: u, namespace: matrix}\n- name: staging\n  context: {cluster: c, user: u}\n"
         "current-context: " + context + "\n";
}

// A local port nothing listens on: bound, then closed, so a connection is refused.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

TEST_CASE("synops help COMMAND prints what COMMAND --help prints; synops help, what --help prints") {
  for (const auto& command : kCommands) {
    INFO(command);
    const auto help = run_synops("help " + command);
    const auto flag = run_synops(command + " --help");
    CHECK(help.exit_code == 0);
    CHECK(flag.exit_code == 0);
    CHECK(help.out == flag.out);
    CHECK(help.out.find("Usage: synops " + command) != std::string::npos);
  }
  const auto top = run_synops("help");
  CHECK(top.exit_code == 0);
  CHECK(top.out == run_synops("--help").out);
  CHECK(top.out.find("Usage: synops [OPTIONS] SUBCOMMAND") != std::string::npos);
  const auto mistyped = run_synops("help plna");
  CHECK(mistyped.exit_code == 1);
  CHECK(mistyped.err == "error: unknown command \"plna\"; did you mean \"plan\"?\n");
}

TEST_CASE("a mistyped command or flag is named in one line, with the nearest one") {
  const auto command = run_synops("plna examples/matrix");
  CHECK(command.exit_code == 1);
  CHECK(command.out.empty());
  CHECK(command.err == "error: unknown command \"plna\"; did you mean \"plan\"?\n");
  // A global flag's value is not taken for the command.
  CHECK(run_synops("--context prod plna").err == "error: unknown command \"plna\"; did you mean \"plan\"?\n");
  const auto unknown = run_synops("frobnicate");
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err == "error: unknown command \"frobnicate\"; the commands are validate, plan, show, drift, import, snapshot, "
                       "apply, resume, rollback, force-unlock, help, completion\n");
  const auto flag = run_synops("plan examples/matrix --detaild-exitcode");
  CHECK(flag.exit_code == 1);
  CHECK(flag.out.empty());
  CHECK(flag.err == "error: unknown flag \"--detaild-exitcode\" for \"synops plan\"; did you mean \"--detailed-exitcode\"?\n");
  CHECK(run_synops("plan examples/matrix --kubeconfg x").err ==
        "error: unknown flag \"--kubeconfg\" for \"synops plan\"; did you mean \"--kubeconfig\"?\n");
  CHECK(run_synops("drift examples/matrix --fromat=json").err ==
        "error: unknown flag \"--fromat\" for \"synops drift\"; did you mean \"--format\"?\n");
  const auto far = run_synops("plan examples/matrix --zzzzzzzz");
  CHECK(far.exit_code == 1);
  CHECK(far.err == "error: unknown flag \"--zzzzzzzz\" for \"synops plan\"; run \"synops help plan\" for its flags\n");
  CHECK(run_synops("validate examples/matrix extra").err ==
        "error: unexpected argument \"extra\" for \"synops validate\"; run \"synops help validate\" for its usage\n");
}

TEST_CASE("-o and --output are --format; --out FILE stays the plan file") {
  const auto json = run_synops("plan examples/matrix --format json");
  REQUIRE(json.exit_code == 0);
  CHECK(json.out.starts_with("{"));
  CHECK(run_synops("plan examples/matrix -o json").out == json.out);
  CHECK(run_synops("plan examples/matrix --output json").out == json.out);
  CHECK(run_synops("plan examples/matrix --output=json").out == json.out);
  CHECK(run_synops("drift examples/matrix -o json").out == run_synops("drift examples/matrix --format json").out);
  ScratchDir scratch;
  const auto saved = scratch.path() / "plan.json";
  const auto both = run_synops("plan examples/matrix -o markdown --out '" + saved.string() + "'");
  REQUIRE(both.exit_code == 0);
  CHECK(both.out == run_synops("plan examples/matrix --format markdown").out);
  CHECK(text_of(saved).starts_with("{"));
  CHECK(run_synops("show '" + saved.string() + "' -o json").out.starts_with("{"));
  const auto wrong = run_synops("plan examples/matrix -o yaml");
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.err.find("yaml") != std::string::npos);
}

TEST_CASE("-n is refused in one line that says where the namespace comes from") {
  for (const std::string args : {"plan -n matrix examples/matrix", "drift examples/matrix -n matrix", "plan examples/matrix -nmatrix"}) {
    INFO(args);
    const auto run = run_synops(args);
    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
    CHECK(run.err ==
          "error: synops takes no -n: the namespace comes from synops.yaml's \"namespace:\" (--namespace NS overrides it)\n");
  }
}

TEST_CASE("every command's help shows the global flags it uses, with their defaults") {
  const std::string plan = run_synops("plan --help").out;
  for (const std::string flag : {"--live", "--kubeconfig", "--context", "--namespace", "-v,--verbose", "--allow-insecure-tls",
                                 "--allow-exec", "--no-color", "-o,--format,--output", "DIR TEXT=."}) {
    INFO(flag);
    CHECK(plan.find(flag) != std::string::npos);
  }
  CHECK(plan.find("Global options:") != std::string::npos);
  CHECK(plan.find("Kubeconfig context (default: its current-context)") != std::string::npos);
  CHECK(plan.find("Output format (default: text)") != std::string::npos);
  for (const std::string command : {"drift", "show", "import"}) {
    const std::string help = run_synops(command + " --help").out;
    CHECK_MESSAGE(help.find("--live") != std::string::npos, command);
    CHECK_MESSAGE(help.find("--kubeconfig") != std::string::npos, command);
    CHECK_MESSAGE(help.find("--context") != std::string::npos, command);
  }
  for (const std::string command : {"apply", "resume", "rollback"}) {
    const std::string help = run_synops(command + " --help").out;
    CHECK_MESSAGE(help.find("--journal") != std::string::npos, command);
    CHECK_MESSAGE(help.find("--kubeconfig") != std::string::npos, command);
    CHECK_MESSAGE(help.find("--poll-ms INT=1000") != std::string::npos, command);
    CHECK_MESSAGE(help.find("--live") == std::string::npos, command);  // apply refuses a snapshot
  }
  const std::string validate = run_synops("validate --help").out;
  CHECK(validate.find("--kubeconfig") == std::string::npos);  // validate reads no cluster
  CHECK(validate.find("--no-color") != std::string::npos);
  // The global flags still work before the command, as they always did.
  CHECK(run_synops("--live examples/matrix/live/cluster.json plan examples/matrix -o json").exit_code == 0);
}

TEST_CASE("--version names the changelog's top release, the commit and the compiler") {
  const auto run = run_synops("--version");
  CHECK(run.exit_code == 0);
  const std::regex shape(R"(synops (\d+\.\d+\.\d+) \(commit ([0-9a-f]{7,}(-dirty)?|unknown), built with (GCC|Clang) \d+\.\d+\)\n)");
  std::smatch parts;
  REQUIRE_MESSAGE(std::regex_match(run.out, parts, shape), run.out);
  // The README changelog's top entry: "- 0.4.0 (unreleased) — ...".
  const std::string readme = text_of(std::filesystem::path(SYNOPS_SOURCE_DIR) / "README.md");
  const size_t changelog = readme.find("\n## Changelog\n");
  REQUIRE(changelog != std::string::npos);
  std::smatch top;
  const std::string after = readme.substr(changelog);
  REQUIRE(std::regex_search(after, top, std::regex(R"(\n- (\d+\.\d+\.\d+))")));
  CHECK(parts[1].str() == top[1].str());
  // The commit is one of this repository's (the build read it with git describe).
  const std::string commit = parts[2].str().substr(0, parts[2].str().find('-'));
  if (std::filesystem::exists(std::filesystem::path(SYNOPS_SOURCE_DIR) / ".git") && commit != "unknown") {
    const std::string check = "git -C '" + std::string(SYNOPS_SOURCE_DIR) + "' cat-file -e " + commit + "^{commit} 2>/dev/null";
    CHECK_MESSAGE(std::system(check.c_str()) == 0, commit);
  }
}

TEST_CASE("a --context the kubeconfig lacks is named with the contexts it has") {
  ScratchDir scratch;
  const auto kubeconfig = scratch.write("kubeconfig", kubeconfig_text("https://127.0.0.1:6443", "kind-x"));
  const auto run = run_synops("plan examples/matrix --kubeconfig '" + kubeconfig.string() + "' --context prod");
  CHECK(run.exit_code == 1);
  CHECK(run.err == "error: context \"prod\" not found in " + kubeconfig.string() + "; contexts there: kind-x, staging\n");
}

TEST_CASE("an API server that does not answer is one line naming it and the context") {
  ScratchDir scratch;
  const std::string server = "https://127.0.0.1:" + std::to_string(closed_port());
  const auto kubeconfig = scratch.write("kubeconfig", kubeconfig_text(server, "kind-x"));
  // Every LIST is retried for the reading budget first, as for a control plane that restarts.
  const auto run = run_synops("plan examples/matrix --kubeconfig '" + kubeconfig.string() + "'");
  CHECK(run.exit_code == 1);
  CHECK(run.out.empty());
  CHECK(run.err == "error: cannot reach the Kubernetes API at " + server +
                       " (context kind-x): connection refused; check that the cluster is up and the kubeconfig's server is right "
                       "(-v for each request)\n");
}

TEST_CASE("error positions are relative to where synops runs, with the directory as typed") {
  const std::string dir = "tests/golden/validate-yaml-syntax-error/manifests";
  const auto run = run_synops("validate " + dir);
  CHECK(run.exit_code == 1);
  CHECK(run.err == dir + "/topology.yaml:6:89: error: invalid YAML: illegal flow end\n");
  CHECK(run_synops("validate ./" + dir + "/").err == run.err);
  // From inside the directory the position is the file's own name.
  // (run_synops runs from the repository root; the shell's second command runs from inside.)
  const auto inside = run_synops("--version >/dev/null; cd " + dir + " && '" + SYNOPS_BINARY + "' validate");
  CHECK(inside.err == "topology.yaml:6:89: error: invalid YAML: illegal flow end\n");
}

}  // namespace synops::testing
