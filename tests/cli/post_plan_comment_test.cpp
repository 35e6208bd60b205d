// examples/ci/post-plan-comment.sh (issue #17: 4), as the GitHub and GitLab jobs run it,
// against tests/cli/fake_forge.py, a stand-in for their comment APIs: the first run creates
// the one comment, every later run edits it in place, and a refused token fails the run.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "support/api_server.h"
#include "support/cli_run.h"
#include "support/skip.h"

namespace fs = std::filesystem;
using namespace synops::testing;

namespace {

// The fake forge, in its own process for the test's lifetime.
class FakeForge {
 public:
  explicit FakeForge(const ScratchDir& scratch) : log_(scratch.path() / "requests.log") {
    const fs::path port_file = scratch.path() / "port";
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string script = std::string(SYNOPS_SOURCE_DIR) + "/tests/cli/fake_forge.py";
      ::execlp("python3", "python3", script.c_str(), port_file.c_str(), log_.c_str(), "test-token", nullptr);
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !fs::exists(port_file); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(fs::exists(port_file));
    url_ = "http://127.0.0.1:" + slurp(port_file);
  }
  ~FakeForge() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  const std::string& url() const { return url_; }
  std::string requests() const { return slurp(log_); }

 private:
  fs::path log_;
  pid_t pid_ = -1;
  std::string url_;
};

int post(const std::string& environment, const fs::path& plan) {
  const std::string command = "cd '" + std::string(SYNOPS_SOURCE_DIR) + "' && " + environment + " examples/ci/post-plan-comment.sh '" +
                              plan.string() + "' >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void require_tools() {
  for (const char* tool : {"curl", "jq", "python3"})
    if (!on_path(tool)) skip_test(std::string(tool) + " is not installed (Debian: apt-get install curl jq python3)");
}

}  // namespace

TEST_SUITE("needs jq") {
  TEST_CASE("GitHub: the first run creates the plan comment, the next ones PATCH it; a bad token fails") {
    require_tools();
    ScratchDir scratch;
    FakeForge forge(scratch);
    const auto plan = scratch.write("plan.md", "## synops plan\n");
    const std::string github = "FORGE=github GITHUB_API_URL=" + forge.url() + " GITHUB_REPOSITORY=o/r PR_NUMBER=5 ";
    CHECK(post(github + "GITHUB_TOKEN=test-token", plan) == 0);
    CHECK(post(github + "GITHUB_TOKEN=test-token", plan) == 0);
    CHECK(post(github + "GITHUB_TOKEN=test-token", plan) == 0);
    CHECK(forge.requests() ==
          "GET /repos/o/r/issues/5/comments\nGET /repos/o/r/issues/5/comments\nPOST /repos/o/r/issues/5/comments\n"
          "GET /repos/o/r/issues/5/comments\nPATCH /repos/o/r/issues/comments/101\n"
          "GET /repos/o/r/issues/5/comments\nPATCH /repos/o/r/issues/comments/101\n");
    CHECK(post(github + "GITHUB_TOKEN=wrong", plan) != 0);
  }

  TEST_CASE("GitLab: the first run creates the plan note, the next ones PUT it") {
    require_tools();
    ScratchDir scratch;
    FakeForge forge(scratch);
    const auto plan = scratch.write("plan.md", "## synops plan\n");
    const std::string gitlab = "FORGE=gitlab CI_API_V4_URL=" + forge.url() + "/api/v4 CI_PROJECT_ID=3 CI_MERGE_REQUEST_IID=9 GITLAB_TOKEN=test-token";
    CHECK(post(gitlab, plan) == 0);
    CHECK(post(gitlab, plan) == 0);
    CHECK(forge.requests() ==
          "GET /api/v4/projects/3/merge_requests/9/notes\nGET /api/v4/projects/3/merge_requests/9/notes\n"
          "POST /api/v4/projects/3/merge_requests/9/notes\n"
          "GET /api/v4/projects/3/merge_requests/9/notes\nPUT /api/v4/projects/3/merge_requests/9/notes/101\n");
  }
}
