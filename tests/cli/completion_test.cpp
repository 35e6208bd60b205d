// `synops completion bash|zsh|fish`, loaded in the real shells: bash completes what a user
// types (COMP_WORDS as bash's readline fills them), fish answers `complete -C`, zsh loads the
// script under compinit. The scripts come from the parser, so a flag added to a command shows
// up here without a script being edited.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/cli_run.h"
#include "support/api_server.h"
#include "support/run_synops.h"
#include "support/skip.h"
#include "support/shell.h"

namespace synops::testing {
namespace {

std::filesystem::path script(const ScratchDir& scratch, const std::string& name) {
  const auto run = run_synops("completion " + name);
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  return scratch.write("synops." + name, run.out);
}

// What bash offers for `line` (the word under the cursor is the last, possibly empty): the
// completion function is called as bash calls it on Tab.
std::string bash_completes(const std::filesystem::path& file, const std::string& line) {
  const std::string program =
      "source '" + file.string() + "'; line='" + line + "'; read -ra COMP_WORDS <<< \"$line\"; "
      "[[ $line == *' ' ]] && COMP_WORDS+=(''); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE=$line; "
      "COMP_POINT=${#line}; function=$(complete -p synops | sed -E 's/.* -F ([^ ]+) .*/\\1/'); "
      "$function synops \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"; echo \"${COMPREPLY[*]}\"";
  const auto run = run_shell("bash --norc --noprofile -c \"$(cat <<'SYNOPS_EOF'\n" + program + "\nSYNOPS_EOF\n)\"");
  REQUIRE_MESSAGE(run.exit_code == 0, run.output);
  std::string out = run.output;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

TEST_CASE("bash completes the commands and each command's flags, from the parser") {
  ScratchDir scratch;
  const auto file = script(scratch, "bash");
  CHECK(run_shell("bash -n '" + file.string() + "'").exit_code == 0);
  CHECK(bash_completes(file, "synops pl") == "plan");
  CHECK(bash_completes(file, "synops plan --det") == "--detailed-exitcode");
  CHECK(bash_completes(file, "synops plan -o ") == "text markdown json dot");
  CHECK(bash_completes(file, "synops drift --format p") == "prometheus");
  CHECK(bash_completes(file, "synops --context prod dr") == "drift");  // a global flag's value is skipped
  CHECK(bash_completes(file, "synops help ro") == "rollback");
  CHECK(bash_completes(file, "synops completion z") == "zsh");
  CHECK(bash_completes(file, "synops apply --jou") == "--journal");
  CHECK(bash_completes(file, "synops plan --kube") == "--kubeconfig");
  CHECK(bash_completes(file, "synops validate --kube").empty());  // validate reads no cluster
  const auto unknown = run_synops("completion tcsh");
  CHECK(unknown.exit_code == 1);
}

TEST_SUITE("needs zsh") {
  TEST_CASE("the zsh script parses and loads under compinit") {
    if (!on_path("zsh")) skip_test("zsh is not installed (Debian: apt-get install zsh)");
    ScratchDir scratch;
    const auto file = script(scratch, "zsh");
    const auto parsed = run_shell("zsh -n '" + file.string() + "'");
    CHECK_MESSAGE(parsed.exit_code == 0, parsed.output);
    const auto loaded = run_shell("cd '" + scratch.path().string() + "' && HOME='" + scratch.path().string() +
                              "' zsh -f -c 'autoload -U compinit && compinit -u -D && source \"" + file.string() +
                              "\" && print -r -- ${_comps[synops]}'");
    CHECK_MESSAGE(loaded.exit_code == 0, loaded.output);
    CHECK(loaded.output == "_synops\n");
  }
}

TEST_SUITE("needs fish") {
  TEST_CASE("the fish script parses and completes commands and flags") {
    if (!on_path("fish")) skip_test("fish is not installed (Debian: apt-get install fish)");
    ScratchDir scratch;
    const auto file = script(scratch, "fish");
    const auto parsed = run_shell("fish --no-config -n '" + file.string() + "'");
    CHECK_MESSAGE(parsed.exit_code == 0, parsed.output);
    const auto completes = [&](const std::string& line) {
      return run_shell("HOME='" + scratch.path().string() + "' fish --no-config -c 'source \"" + file.string() + "\"; complete -C\"" +
                   line + "\"' | cut -f1")
          .output;
    };
    CHECK(completes("synops pl") == "plan\n");
    CHECK(completes("synops plan --det") == "--detailed-exitcode\n");
    CHECK(completes("synops plan -o ") == "dot\njson\nmarkdown\ntext\n");
    CHECK(completes("synops --context prod dr") == "drift\n");
  }
}

}  // namespace synops::testing
