#include "command_line_errors.h"

#include <algorithm>
#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>

#include "exit_codes.h"
#include "suggestions.h"

namespace synops::cli {

namespace {

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// Every spelling of every flag `app` takes: "--format", "-o", "--output".
std::vector<std::string> flag_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
    for (const auto& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

// Does this option (as typed, "--live" or "--live=x") consume the next argument?
bool takes_next_argument(const CLI::App& app, const std::string& word) {
  if (word.find('=') != std::string::npos) return false;
  const CLI::Option* option = app.get_option_no_throw(word);
  return option != nullptr && option->get_type_size_max() > 0;
}

bool is_short_namespace(const std::string& word) { return word == "-n" || (word.starts_with("-n") && !word.starts_with("--")); }

}  // namespace

std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--") return std::nullopt;
    if (word.starts_with("-")) {
      if (takes_next_argument(app, word)) ++i;
      continue;
    }
    const auto names = command_names(app);
    if (std::ranges::find(names, word) != names.end()) return std::nullopt;
    return word;
  }
  return std::nullopt;
}

int print_unknown_command(const CLI::App& app, const std::string& typed) {
  const auto names = command_names(app);
  if (const auto meant = nearest_name(typed, names))
    std::cerr << "error: unknown command \"" << typed << "\"; did you mean \"" << *meant << "\"?\n";
  else
    std::cerr << "error: unknown command \"" << typed << "\"; the commands are " << joined(names) << "\n";
  return kError;
}

int print_unexpected_arguments(const CLI::App& app, const CLI::ExtrasError& error) {
  const auto extras = app.remaining(true);
  const auto selected = app.get_subcommands();
  const CLI::App& command = selected.empty() ? app : *selected.front();
  const std::string for_what = selected.empty() ? "synops" : "synops " + command.get_name();
  for (const auto& extra : extras)
    if (is_short_namespace(extra)) {
      std::cerr << "error: synops takes no -n: the namespace comes from synops.yaml's \"namespace:\" (--namespace NS "
                   "overrides it)\n";
      return kError;
    }
  for (const auto& extra : extras) {
    if (!extra.starts_with("-")) continue;
    const std::string flag = extra.substr(0, extra.find('='));
    auto candidates = flag_names(command);
    if (&command != &app)
      for (auto& name : flag_names(app)) candidates.push_back(std::move(name));  // the global flags, accepted after the command too
    if (const auto meant = nearest_name(flag, candidates))
      std::cerr << "error: unknown flag \"" << flag << "\" for \"" << for_what << "\"; did you mean \"" << *meant << "\"?\n";
    else
      std::cerr << "error: unknown flag \"" << flag << "\" for \"" << for_what << "\"; run \"synops help"
                << (selected.empty() ? "" : " " + command.get_name()) << "\" for its flags\n";
    return kError;
  }
  if (extras.empty()) return std::cerr << "error: " << error.what() << "\n", kError;
  std::cerr << "error: unexpected argument \"" << extras.front() << "\" for \"" << for_what << "\"; run \"synops help"
            << (selected.empty() ? "" : " " + command.get_name()) << "\" for its usage\n";
  return kError;
}

}  // namespace synops::cli
