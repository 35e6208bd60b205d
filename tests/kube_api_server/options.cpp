#include "options.h"

#include <cstdlib>
#include <iostream>

namespace kube_test {

std::optional<Options> parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--exit-on-stdin-eof") {
      options.exit_on_stdin_eof = true;
      continue;
    }
    if (flag == "--forced-rollback") {
      options.controllers.forced_rollback = true;
      continue;
    }
    if (flag == "--instant-rollouts") {
      options.controllers.instant_rollouts = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::cerr << "missing value after " << flag << "\n" << kUsage;
      return std::nullopt;
    }
    const std::string value = argv[++i];
    if (flag == "--port") options.port = static_cast<unsigned short>(std::atoi(value.c_str()));
    else if (flag == "--certs") options.certs_dir = value;
    else if (flag == "--seed") options.seeds.push_back(value);
    else if (flag == "--token") options.tokens.push_back(value);
    else if (flag == "--forbidden-token") options.forbidden_tokens.push_back(value);
    else if (flag == "--tick-ms") options.tick_ms = std::atoi(value.c_str());
    else if (flag == "--bad-image") options.controllers.bad_image = value;
    else if (flag == "--unpullable-image") options.controllers.unpullable_image = value;
    else if (flag == "--slow-image") options.controllers.slow_image = value;
    else if (flag == "--bad-config") options.controllers.bad_config = value;
    else if (flag == "--reported-version" && value.find('=') != std::string::npos)
      options.proxy.reported_versions.emplace_back(value.substr(0, value.find('=')), value.substr(value.find('=') + 1));
    else if (flag == "--progress-deadline-ms") options.controllers.progress_deadline_ms = std::atoi(value.c_str());
    else {
      std::cerr << "unknown option " << flag << "\n" << kUsage;
      return std::nullopt;
    }
  }
  if (options.certs_dir.empty()) {
    std::cerr << "--certs DIR is required\n" << kUsage;
    return std::nullopt;
  }
  return options;
}

}  // namespace kube_test
