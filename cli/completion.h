// `synops completion bash|zsh|fish`: a completion script for the commands and each command's
// flags, generated from the parser itself (CLI11's subcommands and options), so that a flag
// added to a command is completed without anyone editing a script.
#pragma once
#include <string>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

namespace synops::cli {

std::vector<std::string> completion_shells();  // bash, zsh, fish

// The script for `shell` (one of completion_shells()), completing `app`'s commands and flags.
std::string completion_script(const CLI::App& app, const std::string& shell);

}  // namespace synops::cli
