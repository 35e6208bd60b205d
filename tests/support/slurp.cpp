#include "slurp.h"

#include <fstream>
#include <sstream>

namespace synops::testing {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace synops::testing
