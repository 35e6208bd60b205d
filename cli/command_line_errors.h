// Errors in the command line itself, each one line on stderr that names what was typed and
// what would be valid ("did you mean"), exit 1; CLI11's own messages for the rest.
#pragma once
#include <optional>
#include <string>

namespace CLI {
class App;
class ExtrasError;
}  // namespace CLI

namespace synops::cli {

// The command word of `argv` when it names no command (options and their values skipped);
// nullopt when it names one, or when there is none (CLI11 then says that one is required).
std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv);

// `unknown command "plna"; did you mean "plan"?`, or the list of commands. Returns kError.
int print_unknown_command(const CLI::App& app, const std::string& typed);

// What the parser could not place: a mistyped flag (with the nearest flag of the command),
// -n (the namespace comes from synops.yaml), or a surplus argument. Returns kError.
int print_unexpected_arguments(const CLI::App& app, const CLI::ExtrasError& error);

}  // namespace synops::cli
