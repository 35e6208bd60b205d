#include "boundary_scene.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace synops::testing {

BoundaryScene::BoundaryScene(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  root_ = fs::canonical(pattern);
  fs::create_directories(dir());
  write(outside() / "shadow", std::string("root:") + kBoundaryCanary + ":19000:0:99999:7:::\n  - [\n");
  write(outside() / "docker.json", std::string("{\"auths\": {\"registry\": {\"auth\": \"") + kBoundaryCanary);
}

BoundaryScene::~BoundaryScene() {
  std::error_code ignored;
  fs::remove_all(root_, ignored);
}

void BoundaryScene::link(const std::string& name, const fs::path& target) const {
  fs::create_directories((dir() / name).parent_path());
  fs::create_symlink(target, dir() / name);
}

void BoundaryScene::write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace synops::testing
