// For the manifest-boundary tests (issue #18, 4): manifests/ (what a pull request carries)
// beside outside/ (files of the machine, holding a canary), in a temporary directory removed
// at the end. outside/shadow is neither YAML nor JSON, so a parser that quoted what it read
// would show the canary; outside/docker.json is cut short inside a string for the same reason.
#pragma once
#include <filesystem>
#include <string>

namespace synops::testing {

inline constexpr const char* kBoundaryCanary = "SECRET-CANARY-4711";

class BoundaryScene {
 public:
  explicit BoundaryScene(const std::string& prefix);
  ~BoundaryScene();
  BoundaryScene(const BoundaryScene&) = delete;
  BoundaryScene& operator=(const BoundaryScene&) = delete;

  std::filesystem::path dir() const { return root_ / "manifests"; }
  std::filesystem::path outside() const { return root_ / "outside"; }
  // A file of the manifest directory, `name` relative to it.
  void manifest(const std::string& name, const std::string& text) const { write(dir() / name, text); }
  // dir()/name as a symlink to `target`.
  void link(const std::string& name, const std::filesystem::path& target) const;
  static void write(const std::filesystem::path& path, const std::string& text);

 private:
  std::filesystem::path root_;
};

}  // namespace synops::testing
