#include "helm_command.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "domain/apply_kit/run_program.h"

namespace synops::apply {

namespace {

bool executable(const std::filesystem::path& path) { return ::access(path.c_str(), X_OK) == 0 && !std::filesystem::is_directory(path); }

bool on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && executable(std::filesystem::path(dir) / name)) return true;
  return false;
}

// helm's own message: its "Error: ..." lines (the rest may be a chart's NOTES).
std::string helm_errors(const std::string& output) {
  std::stringstream lines(output);
  std::string errors;
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("Error:")) errors += (errors.empty() ? "" : " ") + line;
  if (!errors.empty()) return errors;
  return output.size() > 500 ? "..." + output.substr(output.size() - 500) : output;
}

}  // namespace

std::optional<std::string> missing_helm(const std::string& binary) {
  const bool found = binary.find('/') != std::string::npos ? executable(binary) : on_path(binary);
  if (found) return std::nullopt;
  return "the plan changes a Helm release, and apply runs helm 3 for it, but \"" + binary + "\" " +
         (binary.find('/') != std::string::npos ? "is not an executable file" : "is not on PATH") +
         ": install helm 3 (https://helm.sh/docs/intro/install/, or scripts/setup) or pass --helm PATH";
}

Result<std::string> run_helm(ActuationContext& context, const std::string& what, const std::string& ns,
                             std::vector<std::string> arguments) {
  const HelmOptions& helm = context.options.helm;
  arguments.insert(arguments.begin(), helm.binary);
  for (const std::string& flag : {std::string("--namespace"), ns}) arguments.push_back(flag);
  if (!helm.kubeconfig.empty()) arguments.insert(arguments.end(), {"--kubeconfig", helm.kubeconfig});
  if (!helm.context.empty()) arguments.insert(arguments.end(), {"--kube-context", helm.context});
  std::string lock_problem;
  const ProgramRun run = run_program(arguments, {}, [&] {
    if (auto renewed = context.renew_lock(); !renewed && lock_problem.empty()) lock_problem = renewed.error().front().message;
  });
  if (!lock_problem.empty()) context.progress("warning: while helm ran: " + lock_problem);
  if (run.exit_code == 0) return run.output;
  if (run.exit_code < 0) return fail(what + ": helm (" + helm.binary + ") could not be run, or was killed");
  return fail(what + ": helm exited " + std::to_string(run.exit_code) + ": " + helm_errors(run.output));
}

}  // namespace synops::apply
