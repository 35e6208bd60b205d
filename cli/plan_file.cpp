#include "plan_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/plan_json.h"

namespace synops::cli {

Result<bool> save_plan_file(const Plan& plan, const std::string& path) {
  const std::string text = plan_to_json(plan).dump(2) + "\n";
  // Write beside the target and rename, so a crash never leaves half a plan file.
  const std::string temporary = path + ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot write the plan file " + path + ": " + std::strerror(errno));
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return fail("cannot write the plan file " + path + ": " + std::strerror(errno));
  }
  return true;
}

Result<Plan> load_plan_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail("cannot read the plan file " + path + ": " + std::strerror(errno));
  std::stringstream content;
  content << in.rdbuf();
  try {
    return plan_from_json(nlohmann::json::parse(content.str()), path);
  } catch (const nlohmann::json::parse_error& error) {
    return fail(path + ": not a synops plan file (not valid JSON at byte " + std::to_string(error.byte) + ")");
  }
}

}  // namespace synops::cli
